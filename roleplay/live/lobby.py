"""When a scheduled role-play opens its lobby: a rule on the clock, not a job.

A session with a time (``scheduled_at``) keeps its learners out until that time; the
coach may open the room early to get ready, and once the coach has started the
role-play everyone may come in. Pages and the room ask the same question here, with
the time of the request, so nothing has to run at the scheduled moment.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import RolePlaySession, SessionState
from ..room.errors import RolePlayError

# States in which the coach has already begun (or finished): the clock no longer matters.
_UNDER_WAY = {SessionState.LIVE, SessionState.PAUSED, SessionState.ENDED}


def is_open(session: RolePlaySession, *, is_coach: bool, now: datetime | None = None) -> bool:
    """May this person enter the room of ``session`` at ``now`` (the present by default)?"""
    if is_coach or session.scheduled_at is None or session.state in _UNDER_WAY:
        return True
    return (now or timezone.now()) >= session.scheduled_at


def seconds_until_open(session: RolePlaySession, *, now: datetime | None = None) -> float:
    """Seconds until the lobby opens for learners; 0 when it is open."""
    if session.scheduled_at is None:
        return 0.0
    return max(0.0, (session.scheduled_at - (now or timezone.now())).total_seconds())


def require_open(session: RolePlaySession, *, is_coach: bool, now: datetime | None = None) -> None:
    """Raise ``not_open`` (a ``RolePlayError``) for a learner who comes too early.

    The room's WebSocket consumer calls this (through the session kind's
    ``admits``) before ``participant_join``, so an early learner's socket gets an
    ``error`` frame rather than a seat in the lobby.
    """
    if not is_open(session, is_coach=is_coach, now=now):
        local = timezone.localtime(session.scheduled_at)
        raise RolePlayError(
            "not_open",
            _("The role-play opens at %(time)s.") % {"time": local.strftime("%d.%m.%Y %H:%M")},
        )


def admits(*, viewer) -> None:
    """``require_open`` for a room viewer (``roleplay.room.audience.Viewer``): the
    live kind's ``admits``, called by the room before the viewer joins."""
    session = RolePlaySession.objects.only("scheduled_at", "state").get(pk=viewer.session_id)
    require_open(session, is_coach=viewer.is_coach)
