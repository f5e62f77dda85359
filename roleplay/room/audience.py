"""Who may see which event: one rule, used live, on replay and in the transcript.

Whispers reach the coach and the agent; scores reach the coach and their own author
until the session ends; everything else reaches every participant.
"""

from dataclasses import dataclass

from ..models import Audience, EventKind, ParticipantRole

_AUDIENCE_OF_KIND = {
    EventKind.WHISPER: Audience.COACH_AND_AGENT,
    EventKind.SCORE: Audience.COACH_AND_AUTHOR,
}


@dataclass(frozen=True)
class Viewer:
    """A participant as the audience rule sees them.

    ``is_coach`` is true for the coach role and for the session's own coach, who
    keeps the coach's view when they step in as the customer actor.
    """

    session_id: int
    user_id: int
    role: str
    is_coach: bool
    name: str = ""
    language: str = ""
    kind: str = "live"


def audience_for(kind: str) -> str:
    return _AUDIENCE_OF_KIND.get(kind, Audience.EVERYONE)


def can_see(viewer: Viewer, *, audience: str, author_id: int | None, ended: bool) -> bool:
    if audience == Audience.EVERYONE:
        return True
    if audience == Audience.COACH_AND_AGENT:
        return viewer.is_coach or viewer.role == ParticipantRole.AGENT
    if audience == Audience.COACH_AND_AUTHOR:
        return ended or viewer.is_coach or author_id == viewer.user_id
    return False
