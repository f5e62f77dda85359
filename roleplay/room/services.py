"""Writes of the live room, common to every kind of session: who may connect, joining
and leaving, and the frames every room takes (say, whisper, control, inject, score).

A kind adds or replaces frame services through its ``Kind`` (``roleplay.kinds``);
ending a session asks the kind to report progress.
"""

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..kinds import kind_of
from ..models import (
    EventKind,
    Participant,
    ParticipantRole,
    RolePlaySession,
    RubricCriterion,
    ScenarioTwist,
    SessionEvent,
    SessionState,
)
from . import access, call, presence
from .audience import Viewer, audience_for
from .closecodes import CLOSE_NO_SESSION, CLOSE_NOT_AUTHENTICATED, CLOSE_NOT_PARTICIPANT
from .errors import RolePlayError
from .eventlog import (
    OPEN_STATES,
    RUNNING_STATES,
    SPEAKING_ROLES,
    Recorded,
    earlier_seq,
    is_session_coach,
    locked_participant,
    require_coach,
    require_state,
    store,
    submit,
)
from .tickets import ticket_redeem


@dataclass(frozen=True)
class Joined:
    welcome: dict[str, Any]
    recorded: Recorded | None = None


def connection_authorise(*, session_id: int, user, ticket: str | None) -> Viewer | int:
    """The viewer for a new WebSocket connection, or the close code that refuses it."""
    if ticket:
        redeemed = ticket_redeem(ticket=ticket)
        if redeemed is None:
            return CLOSE_NOT_AUTHENTICATED
        ticket_session_id, user_id = redeemed
    elif getattr(user, "is_authenticated", False):
        ticket_session_id, user_id = session_id, user.pk
    else:
        return CLOSE_NOT_AUTHENTICATED
    if not RolePlaySession.objects.filter(pk=session_id).exists():
        return CLOSE_NO_SESSION
    if ticket_session_id != session_id:
        return CLOSE_NOT_PARTICIPANT
    participant = (
        Participant.objects.select_related("session", "user")
        .filter(session_id=session_id, user_id=user_id, user__is_active=True)
        .first()
    )
    if participant is None:
        return CLOSE_NOT_PARTICIPANT
    role_in_team = access.team_role(user_id=user_id, team_id=participant.session.team_id)
    viewer = access.viewer_now(participant, role_in_team)
    return CLOSE_NOT_PARTICIPANT if viewer is None else viewer


def event_say(*, viewer: Viewer, text: str, client_msg_id: str | None = None) -> Recorded:
    """The hot path of a live room: no model is loaded, three short statements.

    The ``UPDATE`` both checks that the role-play is live and takes the session row's
    lock while giving the next ``seq``; roles cannot change once a role-play has
    started, and a cheap ``exists`` confirms the speaker still has theirs and may still
    take part (``access.participants_allowed_now``: in the team now). A repeated
    ``client_msg_id`` is caught by its unique constraint instead of a look-up on every
    frame. The writer stores a run of says with ``saybatch.event_say_batch`` instead.
    """
    if viewer.role not in SPEAKING_ROLES:
        raise RolePlayError("forbidden", _("Only the agent and the customer speak."))
    sessions = RolePlaySession.objects.filter(pk=viewer.session_id)
    try:
        with transaction.atomic():
            if not sessions.filter(state=SessionState.LIVE).update(last_seq=F("last_seq") + 1):
                # A resend returns its first seq whatever the state is now.
                if client_msg_id and (seq := earlier_seq(viewer, client_msg_id)) is not None:
                    return Recorded(seq=seq, duplicate=True)
                require_state(sessions.get(), {SessionState.LIVE})
            speaking = Participant.objects.filter(
                session_id=viewer.session_id, user_id=viewer.user_id, role=viewer.role
            )
            if not access.participants_allowed_now(speaking).exists():
                if speaking.exists():  # still listed, but out of the team (or the account)
                    raise RolePlayError(
                        "forbidden", _("You are no longer a participant of this session.")
                    )
                raise RolePlayError("forbidden", _("Only the agent and the customer speak."))
            event = SessionEvent.objects.create(
                session_id=viewer.session_id,
                seq=sessions.values_list("last_seq", flat=True).get(),
                kind=EventKind.SAY,
                audience=audience_for(EventKind.SAY),
                author_id=viewer.user_id,
                author_name=viewer.name,
                role=viewer.role,
                text=text,
                data={},
                client_msg_id=client_msg_id,
                created_at=timezone.now(),
            )
    except IntegrityError:
        if client_msg_id and (seq := earlier_seq(viewer, client_msg_id)) is not None:
            return Recorded(seq=seq, duplicate=True)
        raise
    return Recorded.of(event)


def event_whisper(*, viewer: Viewer, text: str, client_msg_id: str | None = None) -> Recorded:
    def build(participant):
        require_coach(participant, _("Only the coach whispers to the agent."))
        require_state(participant.session, OPEN_STATES)
        return store(participant, kind=EventKind.WHISPER, text=text, client_msg_id=client_msg_id)

    return submit(viewer, client_msg_id, build)


# The session's state machine: the coach's control actions.
TRANSITIONS = {
    "start": ({SessionState.SCHEDULED, SessionState.LOBBY}, SessionState.LIVE),
    "pause": ({SessionState.LIVE}, SessionState.PAUSED),
    "resume": ({SessionState.PAUSED}, SessionState.LIVE),
    "end": (
        {SessionState.SCHEDULED, SessionState.LOBBY, SessionState.LIVE, SessionState.PAUSED},
        SessionState.ENDED,
    ),
}


def session_control(*, viewer: Viewer, action: str, client_msg_id: str | None = None) -> Recorded:
    """Start, pause, resume or end the session; ending reports to progress."""

    def build(participant):
        require_coach(participant, _("Only the coach controls the session."))
        session = participant.session
        allowed, target = TRANSITIONS[action]
        if session.state not in allowed:
            if session.state == SessionState.ENDED or action == "pause":
                require_state(session, allowed)
            if action == "start":
                raise RolePlayError("invalid", _("The role-play has already started."))
            raise RolePlayError("invalid", _("The session is not paused."))
        # Ending the session hangs up its call first.
        hung_up = call.call_hang_up(participant) if target == SessionState.ENDED else None
        event = store(
            participant,
            kind=EventKind.CONTROL,
            data={"action": action, "state": target},
            client_msg_id=client_msg_id,
            state=target,
        )
        if target == SessionState.ENDED:
            kind_of(session.kind).report_progress(session=session)
        return Recorded.of(event, earlier=(hung_up,)) if hung_up else event

    return submit(viewer, client_msg_id, build)


def event_inject(
    *,
    viewer: Viewer,
    twist_id: int | None = None,
    text: str | None = None,
    client_msg_id: str | None = None,
) -> Recorded:
    """Throw in one of the scenario's prepared twists, or one made up on the spot."""

    def build(participant):
        require_coach(participant, _("Only the coach injects twists."))
        session = participant.session
        require_state(session, RUNNING_STATES)
        if twist_id is not None:
            twist = ScenarioTwist.objects.filter(
                pk=twist_id, scenario_id=session.scenario_id
            ).first()
            if twist is None:
                raise RolePlayError("invalid", _("This scenario has no such twist."))
            body, data = twist.text, {"twist": twist.pk, "title": twist.title}
        else:
            body, data = text, {"twist": None, "title": ""}
        return store(
            participant, kind=EventKind.INJECT, text=body, data=data, client_msg_id=client_msg_id
        )

    return submit(viewer, client_msg_id, build)


def event_score(
    *,
    viewer: Viewer,
    criterion_id: int,
    value: int,
    note: str = "",
    client_msg_id: str | None = None,
) -> Recorded:
    """Score a rubric criterion against the ``seq`` the session has reached."""

    def build(participant):
        coach = is_session_coach(participant)
        if not coach and participant.role != ParticipantRole.OBSERVER:
            raise RolePlayError("forbidden", _("Only observers and the coach score."))
        session = participant.session
        require_state(session, RUNNING_STATES)
        rubric_id = session.rubric_id_in_use
        criterion_ok = (
            rubric_id is not None
            and RubricCriterion.objects.filter(pk=criterion_id, rubric_id=rubric_id).exists()
        )
        if not criterion_ok:
            raise RolePlayError("invalid", _("The scenario's rubric has no such criterion."))
        data = {
            "criterion": criterion_id,
            "value": value,
            "at_seq": session.last_seq,
            "rater_role": ParticipantRole.COACH if coach else ParticipantRole.OBSERVER,
        }
        return store(
            participant, kind=EventKind.SCORE, text=note, data=data, client_msg_id=client_msg_id
        )

    return submit(viewer, client_msg_id, build)


def participant_join(
    *, viewer: Viewer, connection_id: str | None = None, origin: str = ""
) -> Joined:
    """Record that the participant came in and build their welcome, in one transaction.

    The first participant to arrive opens the lobby of a scheduled session. Nothing is
    recorded once the session has ended. With a ``connection_id`` the connection is
    counted (``roleplay.room.presence``): past the cap it is refused (``too_many_connections``),
    and a second connection or a quick reconnect stores no ``join``.
    """
    with transaction.atomic():
        participant = locked_participant(viewer)
        session = participant.session
        recorded = None
        arrival = True
        if connection_id is not None:
            try:
                arrival = presence.arrive(
                    session_id=viewer.session_id,
                    user_id=viewer.user_id,
                    connection_id=connection_id,
                    origin=origin,
                )
            except presence.TooManyConnections as error:
                raise RolePlayError("too_many_connections", str(error)) from None
        if session.state != SessionState.ENDED and arrival:
            state = SessionState.LOBBY if session.state == SessionState.SCHEDULED else session.state
            event = store(participant, kind=EventKind.JOIN, data={"state": state}, state=state)
            recorded = Recorded.of(event)
        roster = [
            {"id": p.user_id, "name": p.user.display_name, "role": p.role}
            for p in session.participants.select_related("user").order_by("added_at", "pk")
        ]
        welcome = {
            "type": "welcome",
            "session": session.pk,
            "role": participant.role,
            "state": session.state,
            "last_seq": session.last_seq,
            "participants": roster,
        }
    return Joined(welcome=welcome, recorded=recorded)


def participant_leave(*, viewer: Viewer, connection_id: str | None = None) -> Recorded | str | None:
    """Record that the participant went away: the ``leave`` event, or
    ``presence.DEFERRED`` when it waits out the grace period (then call
    ``participant_leave_settle``), or None when none is due (another connection stays)."""
    with transaction.atomic():
        participant = (
            Participant.objects.select_related("session", "user")
            .select_for_update(of=("session",))
            .filter(session_id=viewer.session_id, user_id=viewer.user_id)
            .first()
        )
        ended = participant is None or participant.session.state == SessionState.ENDED
        if connection_id is not None:
            due = presence.depart(connection_id=connection_id, session_ended=ended)
            if due != "now":
                return due
        if ended:
            return None
        event = store(participant, kind=EventKind.LEAVE, data={"state": participant.session.state})
    return Recorded.of(event)


def participant_leave_settle(*, viewer: Viewer, connection_id: str) -> Recorded | None:
    """The deferred ``leave``, stored unless the participant came back meanwhile."""
    with transaction.atomic():
        participant = (
            Participant.objects.select_related("session", "user")
            .select_for_update(of=("session",))
            .filter(session_id=viewer.session_id, user_id=viewer.user_id)
            .first()
        )
        if not presence.settle(connection_id=connection_id):
            return None
        if participant is None or participant.session.state == SessionState.ENDED:
            return None
        event = store(participant, kind=EventKind.LEAVE, data={"state": participant.session.state})
    return Recorded.of(event)
