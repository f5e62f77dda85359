"""A session's event log: how one event is stored.

Every event goes through ``submit``: one short transaction that locks the session
row, checks the role and the state, gives the next ``seq`` and stores the event. The
caller acknowledges and broadcasts only after the transaction has committed (the
consumer does it when the sync call returns; see ``roleplay.room.writer``). The
batched path for ``say`` frames is ``roleplay.room.saybatch``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Participant, ParticipantRole, RolePlaySession, SessionEvent, SessionState
from . import access
from .audience import Viewer, audience_for
from .errors import RolePlayError
from .frames import event_frame

SPEAKING_ROLES = {ParticipantRole.AGENT, ParticipantRole.CUSTOMER}
OPEN_STATES = {SessionState.LOBBY, SessionState.LIVE, SessionState.PAUSED}
RUNNING_STATES = {SessionState.LIVE, SessionState.PAUSED}


@dataclass(frozen=True)
class Recorded:
    """What to acknowledge and, for a new event, what to broadcast."""

    seq: int
    duplicate: bool = False
    audience: str = ""
    author_id: int | None = None
    frame: dict[str, Any] | None = None
    # Events stored in the same transaction just before this one, broadcast before it.
    earlier: tuple["Recorded", ...] = ()

    @classmethod
    def of(cls, event: SessionEvent, earlier: tuple["Recorded", ...] = ()) -> "Recorded":
        return cls(
            seq=event.seq,
            audience=event.audience,
            author_id=event.author_id,
            frame=event_frame(event),
            earlier=earlier,
        )


def is_session_coach(participant: Participant) -> bool:
    if hasattr(participant, "coach_now"):  # checked against the team role (locked_participant)
        return participant.coach_now
    return (
        participant.role == ParticipantRole.COACH
        or participant.user_id == participant.session.coach_id
    )


def viewer_of(participant: Participant) -> Viewer:
    return Viewer(
        session_id=participant.session_id,
        user_id=participant.user_id,
        role=participant.role,
        is_coach=is_session_coach(participant),
        name=participant.user.display_name,
        language=participant.user.language,
        kind=participant.session.kind,
    )


def locked_participant(viewer: Viewer) -> Participant:
    try:
        participant = (
            Participant.objects.select_related("session", "user")
            .select_for_update(of=("session",))
            .get(session_id=viewer.session_id, user_id=viewer.user_id)
        )
    except Participant.DoesNotExist:
        participant = None
    now = None
    if participant is not None:
        role_in_team = access.team_role(user_id=viewer.user_id, team_id=participant.session.team_id)
        now = access.viewer_now(participant, role_in_team)
    if now is None:
        raise RolePlayError("forbidden", _("You are no longer a participant of this session."))
    # The coach's powers follow the team role now (a coach demoted in the team loses them).
    participant.coach_now = now.is_coach
    return participant


def store(
    participant: Participant,
    *,
    kind: str,
    text: str = "",
    data: dict[str, Any] | None = None,
    client_msg_id: str | None = None,
    state: str | None = None,
    audience: str | None = None,
) -> SessionEvent:
    """Give the next ``seq`` and store the participant's event; the session row is locked."""
    return store_event(
        participant.session,
        author=participant.user,
        role=participant.role,
        kind=kind,
        text=text,
        data=data,
        client_msg_id=client_msg_id,
        state=state,
        audience=audience,
    )


def store_event(
    session: RolePlaySession,
    *,
    author,
    role: str,
    kind: str,
    text: str = "",
    data: dict[str, Any] | None = None,
    client_msg_id: str | None = None,
    state: str | None = None,
    author_name: str | None = None,
    audience: str | None = None,
) -> SessionEvent:
    """``store`` for any author, or for the server (``author=None``, e.g. the scripted
    customer of a solo practice). The caller holds the session row's lock. The
    ``audience`` is the kind's (``audience.audience_for``) unless given."""
    session.last_seq += 1
    fields = ["last_seq"]
    now = timezone.now()
    if state and state != session.state:
        session.state = state
        fields.append("state")
        if state == SessionState.LIVE and session.started_at is None:
            session.started_at = now
            fields.append("started_at")
        if state == SessionState.ENDED:
            session.ended_at = now
            fields.append("ended_at")
    session.save(update_fields=fields)
    return SessionEvent.objects.create(
        session=session,
        seq=session.last_seq,
        kind=kind,
        audience=audience or audience_for(kind),
        author=author,
        author_name=author.display_name if author is not None else (author_name or ""),
        role=role,
        text=text,
        data=data or {},
        client_msg_id=client_msg_id,
        created_at=now,
    )


def earlier_seq(viewer: Viewer, client_msg_id: str) -> int | None:
    seqs = SessionEvent.objects.filter(
        session_id=viewer.session_id, author_id=viewer.user_id, client_msg_id=client_msg_id
    ).values_list("seq", flat=True)
    return next(iter(seqs.order_by()[:1]), None)


def submit(
    viewer: Viewer,
    client_msg_id: str | None,
    build: Callable[[Participant], "SessionEvent | Recorded"],
) -> Recorded:
    """Store one event in one transaction; a repeated ``client_msg_id`` stores nothing."""
    try:
        with transaction.atomic():
            if client_msg_id and (seq := earlier_seq(viewer, client_msg_id)) is not None:
                return Recorded(seq=seq, duplicate=True)
            event = build(locked_participant(viewer))
    except IntegrityError:
        # A concurrent resend of the same client_msg_id won the race.
        if client_msg_id and (seq := earlier_seq(viewer, client_msg_id)) is not None:
            return Recorded(seq=seq, duplicate=True)
        raise
    if isinstance(event, Recorded):  # a service that stored several events at once
        return event
    return Recorded.of(event)


def require_coach(participant: Participant, detail: str) -> None:
    if not is_session_coach(participant):
        raise RolePlayError("forbidden", detail)


def require_state(session: RolePlaySession, states: set[str]) -> None:
    if session.state not in states:
        if session.state == SessionState.ENDED:
            raise RolePlayError("not_live", _("The session has ended."))
        if session.state == SessionState.PAUSED:
            raise RolePlayError("not_live", _("The session is paused."))
        raise RolePlayError("not_live", _("The session is not live."))


def refused(detail) -> Callable[..., Recorded]:
    """A service for a frame this session's kind does not take: the participant is
    checked as for any frame, then the frame is refused as ``invalid`` with ``detail``
    (a lazy text, translated for the sender)."""

    def refuse(*, viewer: Viewer, client_msg_id: str | None = None, **_frame) -> Recorded:
        def build(participant):
            raise RolePlayError("invalid", str(detail))

        return submit(viewer, client_msg_id, build)

    return refuse
