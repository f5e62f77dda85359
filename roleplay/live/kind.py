"""Live role-play as a session kind (``roleplay.kinds``): the room core's frames as
they are, scored on the scenario's rubric."""

from ..callrecording.services import call_recording_finish
from ..kinds import ALL_ROLES, Kind, register
from ..models import SessionKind
from . import lobby
from .selectors import live_debrief
from .services import session_create, session_report_progress


def _ended(*, session):
    """The role-play has ended: its call stops recording and is merged, and the
    agent's scores go to progress."""
    call_recording_finish(session)
    return session_report_progress(session=session)


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
        report_progress=_ended,
        calls=True,
        admits=lobby.admits,
    )
)
