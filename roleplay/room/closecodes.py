"""The WebSocket close codes of the role-play room (docs/roleplay-protocol.md)."""

CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_NOT_PARTICIPANT = 4403
CLOSE_NO_SESSION = 4404
CLOSE_ABUSE = 4408
# A client too slow to take its frames is closed; it resumes from its last seq.
CLOSE_TOO_SLOW = 1013
