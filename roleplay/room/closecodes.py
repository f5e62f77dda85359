"""The WebSocket close codes of the role-play room (docs/roleplay-protocol.md)."""

CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_NOT_PARTICIPANT = 4403
CLOSE_NO_SESSION = 4404
CLOSE_ABUSE = 4408
# A client too slow to take its frames is closed; it resumes from its last seq.
CLOSE_TOO_SLOW = 1013
# An open connection's role changed: reconnect, and resume from the last seq applied.
CLOSE_ROLE_CHANGED = 4409
# The person left the session's team (or the session): the room is closed to them.
CLOSE_NO_LONGER_ALLOWED = 4410
# The participant already has the allowed number of connections open to this session.
CLOSE_TOO_MANY_CONNECTIONS = 4429
# A learner came before the role-play's scheduled time: the lobby opens then.
CLOSE_NOT_OPEN = 4425
