"""Live role-play as a session kind (``roleplay.kinds``): the room core's frames as
they are, scored on the scenario's rubric."""

from ..kinds import ALL_ROLES, Kind, register
from ..models import SessionKind
from . import lobby
from .selectors import live_debrief
from .services import session_create, session_report_progress


def _create(*, by, scenario=None, team=None, scheduled_at=None, **_values):
    return session_create(scenario=scenario, team=team, coach=by, scheduled_at=scheduled_at)


LIVE = register(
    Kind(
        name=SessionKind.LIVE,
        roles=ALL_ROLES,
        controls=("start", "pause", "resume", "end"),
        create_fields=("scenario", "team"),
        create=_create,
        debrief=live_debrief,
        room_pages=("coach:room",),
        debrief_pages=("coach:debrief", "learner:debrief"),
        report_progress=session_report_progress,
        calls=True,
        admits=lobby.admits,
    )
)
