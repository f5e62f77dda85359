"""Reads of the room, common to every kind: sessions, how a person sees one, replay
and transcript.

Everything a participant sees of the event log passes through ``visible_events``,
which applies ``roleplay.room.audience.can_see``: the same rule as live delivery.
"""

from typing import Any

from django.db.models import OuterRef, Prefetch, Q, Subquery

from people import permissions
from people.models import Membership

from .. import kinds
from ..models import Participant, ParticipantRole, RolePlaySession, SessionEvent, SessionState
from . import access
from .audience import Viewer, can_see
from .frames import dumps, event_frame


def sessions_of(*, user):
    """Sessions the user takes part in, with their own role, newest first: those of
    the teams they are in now (and their own personal sessions, solo practice, which
    stay theirs)."""
    my_role = Participant.objects.filter(session=OuterRef("pk"), user=user).values("role")[:1]
    teams_now = Membership.objects.filter(user=user).values("team_id")  # a subquery
    still_allowed = Q(team_id__in=teams_now) | Q(kind__in=kinds.names(personal=True))
    return (
        RolePlaySession.objects.filter(still_allowed, participants__user=user)
        .select_related("scenario", "team", "coach")
        .annotate(my_role=Subquery(my_role))
        .order_by("-created_at")
    )


def my_sessions(*, user):
    """The sessions the user takes part in that are listed among their role-plays
    (live role-plays and reviews: a kind that is the person's alone, solo practice,
    has its own page), with ``my_role`` and the subject (scenario or recording)."""
    listed = kinds.names(personal=False)
    return sessions_of(user=user).filter(kind__in=listed).select_related("recording")


def session_with_people(session_id: int) -> RolePlaySession | None:
    return (
        RolePlaySession.objects.select_related("scenario__rubric", "team", "coach", "recording")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("user"))
        )
        .filter(pk=session_id)
        .first()
    )


def viewer_for(*, session: RolePlaySession, user) -> Viewer | None:
    """How ``user`` sees the session: as its participant, or as a leader of its team
    (a coach sees what the coach sees, a manager what an observer sees); else None.
    Membership and role are those of now: a leaver is refused (``roleplay.room.access``)."""
    role = permissions.role_in(user, session.team_id)
    for participant in session.participants.all():
        if participant.user_id == user.pk:
            return access.viewer_now(participant, role)
    if role == "coach":
        return Viewer(session.pk, user.pk, ParticipantRole.COACH, True, user.display_name)
    if role == "manager":
        return Viewer(session.pk, user.pk, ParticipantRole.OBSERVER, False, user.display_name)
    return None


def visible_events(*, viewer: Viewer, after_seq: int = 0) -> tuple[list[SessionEvent], int]:
    """Events with ``seq > after_seq`` the viewer may see, and the ``last_seq`` they
    run to.

    ``last_seq`` is read first: an event is stored in the transaction that raises it,
    so every event up to it has committed and none is missed."""
    row = RolePlaySession.objects.filter(pk=viewer.session_id).values("last_seq", "state").first()
    if row is None:
        return [], 0
    last_seq, ended = row["last_seq"], row["state"] == SessionState.ENDED
    events = SessionEvent.objects.filter(
        session_id=viewer.session_id, seq__gt=after_seq, seq__lte=last_seq
    ).order_by("seq")
    visible = [
        event
        for event in events
        if can_see(viewer, audience=event.audience, author_id=event.author_id, ended=ended)
    ]
    return visible, last_seq


def replay(*, viewer: Viewer, after_seq: int) -> tuple[list[tuple[int, str]], int]:
    """The events to send on ``resume`` as ``(seq, serialised frame)``, and the
    ``last_seq`` they reach."""
    events, last_seq = visible_events(viewer=viewer, after_seq=after_seq)
    return [(event.seq, dumps(event_frame(event))) for event in events], last_seq


def transcript(*, viewer: Viewer, after_seq: int = 0) -> list[dict[str, Any]]:
    events, _last = visible_events(viewer=viewer, after_seq=after_seq)
    return [event_frame(event) for event in events]
