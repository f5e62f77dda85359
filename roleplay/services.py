"""Writes for role-play: sessions, participants, tickets and the event log.

Every event goes through ``_submit``: one short transaction that locks the session
row, checks the role and the state, gives the next ``seq`` and stores the event. The
caller acknowledges and broadcasts only after the transaction has committed (the
consumer does it when the sync call returns; see ``roleplay.fanout``).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from people import permissions
from people.models import Team
from progress import verbs
from progress.services import record_statement

from . import access, notifications, presence
from .audience import Viewer, audience_for
from .frames import event_frame, stored_frame
from .models import (
    EventKind,
    Participant,
    ParticipantRole,
    RolePlaySession,
    RubricCriterion,
    Scenario,
    ScenarioTwist,
    SessionEvent,
    SessionKind,
    SessionState,
    TicketUse,
)

TICKET_SALT = "roleplay.ticket"
TICKET_MAX_AGE = 60

CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_NOT_PARTICIPANT = 4403
CLOSE_NO_SESSION = 4404
CLOSE_ABUSE = 4408

SPEAKING_ROLES = {ParticipantRole.AGENT, ParticipantRole.CUSTOMER}
OPEN_STATES = {SessionState.LOBBY, SessionState.LIVE, SessionState.PAUSED}
RUNNING_STATES = {SessionState.LIVE, SessionState.PAUSED}


class RolePlayError(Exception):
    """A request the rules refuse; ``code`` is the protocol's error code."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Recorded:
    """What to acknowledge and, for a new event, what to broadcast."""

    seq: int
    duplicate: bool = False
    audience: str = ""
    author_id: int | None = None
    frame: dict[str, Any] | None = None

    @classmethod
    def of(cls, event: SessionEvent) -> "Recorded":
        return cls(
            seq=event.seq,
            audience=event.audience,
            author_id=event.author_id,
            frame=event_frame(event),
        )


@dataclass(frozen=True)
class Joined:
    welcome: dict[str, Any]
    recorded: Recorded | None = None


def is_session_coach(participant: Participant) -> bool:
    if hasattr(participant, "coach_now"):  # checked against the team role (_locked_participant)
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


# Sessions and participants (REST)


def session_create(*, scenario: Scenario, team: Team, coach, scheduled_at=None) -> RolePlaySession:
    if not permissions.is_coach_of(coach, team):
        raise RolePlayError("forbidden", _("Only a coach of the team can schedule a role-play."))
    with transaction.atomic():
        session = RolePlaySession.objects.create(
            scenario=scenario, team=team, coach=coach, scheduled_at=scheduled_at
        )
        Participant.objects.create(session=session, user=coach, role=ParticipantRole.COACH)
    return session


def participant_set(*, session: RolePlaySession, user, role: str, by) -> Participant:
    """Add ``user`` to the session with ``role``, or change their role before it starts."""
    refuse_solo_participants(session)
    if by.pk != session.coach_id and not permissions.is_coach_of(by, session.team_id):
        raise RolePlayError("forbidden", _("Only the session's coach can add participants."))
    if role not in ParticipantRole.values:
        raise RolePlayError("invalid", _("Unknown role."))
    if not permissions.is_member_of(user, session.team_id):
        raise RolePlayError("invalid", _("Participants must be members of the session's team."))
    if role == ParticipantRole.COACH and not permissions.is_coach_of(user, session.team_id):
        raise RolePlayError("invalid", _("Only a coach of the team can take the coach role."))
    with transaction.atomic():
        session = RolePlaySession.objects.select_for_update().get(pk=session.pk)
        if session.state == SessionState.ENDED:
            raise RolePlayError("not_live", _("The session has ended."))
        existing = Participant.objects.filter(session=session, user=user).first()
        if existing is not None and existing.role != role and session.state in RUNNING_STATES:
            raise RolePlayError("invalid", _("Roles cannot change once the role-play has started."))
        if (
            role == ParticipantRole.AGENT
            and Participant.objects.filter(session=session, role=ParticipantRole.AGENT)
            .exclude(user=user)
            .exists()
        ):
            raise RolePlayError("invalid", _("The session already has an agent."))
        participant, _created = Participant.objects.update_or_create(
            session=session, user=user, defaults={"role": role}
        )
        if existing is None or existing.role != role:
            notifications.invite_on_commit(participant=participant, by=by)
        if existing is not None and existing.role != role:
            # Their open connections see the session in the old role: check again.
            access.announce_on_commit(session_ids=[session.pk], user_id=user.pk)
    return participant


def refuse_solo_participants(session: RolePlaySession) -> None:
    """A solo practice belongs to its one learner: nobody joins it, no role changes."""
    if session.kind == SessionKind.SOLO:
        raise RolePlayError(
            "invalid", _("A solo practice has exactly one learner: nobody can be added.")
        )


def debrief_update(
    *,
    session: RolePlaySession,
    user,
    coach_notes: str | None = None,
    reflection: str | None = None,
    coach_notes_released: bool | None = None,
) -> RolePlaySession:
    """The coach keeps notes for the debrief (and releases them to the agent, or takes
    them back); the agent writes a self-reflection."""
    participant = Participant.objects.filter(session=session, user=user).first()
    fields = []
    if coach_notes_released is not None:
        if participant is None or user.pk != session.coach_id:
            raise RolePlayError("forbidden", _("Only the session's coach shares the notes."))
        session.coach_notes_released = coach_notes_released
        fields.append("coach_notes_released")
    if coach_notes is not None:
        if participant is None or not is_session_coach(participant):
            raise RolePlayError("forbidden", _("Only the coach writes the coach's notes."))
        session.coach_notes = coach_notes
        fields.append("coach_notes")
    if reflection is not None:
        if participant is None or participant.role != ParticipantRole.AGENT:
            raise RolePlayError("forbidden", _("Only the agent writes the self-reflection."))
        if session.state != SessionState.ENDED:
            raise RolePlayError("not_live", _("Write the reflection after the role-play."))
        session.agent_reflection = reflection
        fields.append("agent_reflection")
    if fields:
        session.save(update_fields=fields)
    return session


# Tickets


def ticket_issue(*, session: RolePlaySession, user) -> str:
    """A signed, single-use ticket valid for ``TICKET_MAX_AGE`` seconds."""
    payload = {"s": session.pk, "u": user.pk, "j": uuid.uuid4().hex}
    return signing.dumps(payload, salt=TICKET_SALT, compress=False)


def ticket_redeem(*, ticket: str) -> tuple[int, int] | None:
    """``(session id, user id)`` for a valid, unused ticket, spending it; else None."""
    try:
        payload = signing.loads(ticket, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
        session_id, user_id, jti = int(payload["s"]), int(payload["u"]), str(payload["j"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    try:
        with transaction.atomic():
            TicketUse.objects.create(jti=jti)
    except IntegrityError:
        return None
    return session_id, user_id


def tickets_purge() -> int:
    """Forget spent tickets old enough to have expired anyway; how many were removed.

    A ticket is refused after ``TICKET_MAX_AGE`` by its signature alone, so its
    ``TicketUse`` row is needed only until then.
    """
    cutoff = timezone.now() - timedelta(seconds=TICKET_MAX_AGE + 60)
    deleted, _by_model = TicketUse.objects.filter(used_at__lt=cutoff).delete()
    return deleted


# The live room


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


def _locked_participant(viewer: Viewer) -> Participant:
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


def _store(
    participant: Participant,
    *,
    kind: str,
    text: str = "",
    data: dict[str, Any] | None = None,
    client_msg_id: str | None = None,
    state: str | None = None,
) -> SessionEvent:
    """Give the next ``seq`` and store the event; the session row is locked."""
    return store_event(
        participant.session,
        author=participant.user,
        role=participant.role,
        kind=kind,
        text=text,
        data=data,
        client_msg_id=client_msg_id,
        state=state,
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
) -> SessionEvent:
    """``_store`` for any author, or for the server (``author=None``, e.g. the scripted
    customer of a solo practice). The caller holds the session row's lock."""
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
        audience=audience_for(kind),
        author=author,
        author_name=author.display_name if author is not None else (author_name or ""),
        role=role,
        text=text,
        data=data or {},
        client_msg_id=client_msg_id,
        created_at=now,
    )


def _earlier_seq(viewer: Viewer, client_msg_id: str) -> int | None:
    seqs = SessionEvent.objects.filter(
        session_id=viewer.session_id, author_id=viewer.user_id, client_msg_id=client_msg_id
    ).values_list("seq", flat=True)
    return next(iter(seqs.order_by()[:1]), None)


def _submit(
    viewer: Viewer, client_msg_id: str | None, build: Callable[[Participant], SessionEvent]
) -> Recorded:
    """Store one event in one transaction; a repeated ``client_msg_id`` stores nothing."""
    try:
        with transaction.atomic():
            if client_msg_id and (seq := _earlier_seq(viewer, client_msg_id)) is not None:
                return Recorded(seq=seq, duplicate=True)
            event = build(_locked_participant(viewer))
    except IntegrityError:
        # A concurrent resend of the same client_msg_id won the race.
        if client_msg_id and (seq := _earlier_seq(viewer, client_msg_id)) is not None:
            return Recorded(seq=seq, duplicate=True)
        raise
    return Recorded.of(event)


def _require_coach(participant: Participant, detail: str) -> None:
    if not is_session_coach(participant):
        raise RolePlayError("forbidden", detail)


def _require_state(session: RolePlaySession, states: set[str]) -> None:
    if session.state not in states:
        if session.state == SessionState.ENDED:
            raise RolePlayError("not_live", _("The session has ended."))
        if session.state == SessionState.PAUSED:
            raise RolePlayError("not_live", _("The session is paused."))
        raise RolePlayError("not_live", _("The session is not live."))


def event_say(*, viewer: Viewer, text: str, client_msg_id: str | None = None) -> Recorded:
    """The hot path of a live room: no model is loaded, three short statements.

    The ``UPDATE`` both checks that the role-play is live and takes the session row's
    lock while giving the next ``seq``; roles cannot change once a role-play has
    started, and a cheap ``exists`` confirms the speaker still has theirs. A repeated
    ``client_msg_id`` is caught by its unique constraint instead of a look-up on every
    frame.
    """
    if viewer.role not in SPEAKING_ROLES:
        raise RolePlayError("forbidden", _("Only the agent and the customer speak."))
    sessions = RolePlaySession.objects.filter(pk=viewer.session_id)
    try:
        with transaction.atomic():
            if not sessions.filter(state=SessionState.LIVE).update(last_seq=F("last_seq") + 1):
                # A resend returns its first seq whatever the state is now.
                if client_msg_id and (seq := _earlier_seq(viewer, client_msg_id)) is not None:
                    return Recorded(seq=seq, duplicate=True)
                _require_state(sessions.get(), {SessionState.LIVE})
            speaking = Participant.objects.filter(
                session_id=viewer.session_id, user_id=viewer.user_id, role=viewer.role
            )
            if not speaking.exists():
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
        if client_msg_id and (seq := _earlier_seq(viewer, client_msg_id)) is not None:
            return Recorded(seq=seq, duplicate=True)
        raise
    return Recorded.of(event)


def _placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def event_say_batch(says: list[dict[str, Any]]) -> list[Recorded | None]:
    """Store many ``say`` frames (``event_say``'s arguments) in a fixed number of
    statements: one read of who may speak, one of earlier ``client_msg_id`` values,
    one ``UPDATE … RETURNING`` per session (locking it and giving the seqs) and one
    multi-row ``INSERT``, through the ORM's connection.

    Runs inside the caller's transaction, in a savepoint of its own. A frame it does
    not store is ``None`` in the result: the caller hands it to ``event_say``, which
    refuses it with the right error (not live, not a speaker) or stores it. Anything
    unexpected (a concurrent resend of the same ``client_msg_id`` from another process
    raising ``IntegrityError``) rolls the savepoint back and returns only ``None``s,
    so that every frame goes the one-by-one way, exactly as before.
    """
    results: list[Recorded | None] = [None] * len(says)
    speakers = [i for i, say in enumerate(says) if say["viewer"].role in SPEAKING_ROLES]
    if not speakers:
        return results
    session_ids = sorted({says[i]["viewer"].session_id for i in speakers})
    quote = connection.ops.quote_name
    participants = quote(Participant._meta.db_table)
    sessions = quote(RolePlaySession._meta.db_table)
    events = quote(SessionEvent._meta.db_table)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_id, user_id, role FROM {participants}"
                f" WHERE session_id IN ({_placeholders(len(session_ids))})",
                session_ids,
            )
            may_speak = {(row[0], row[1], row[2]) for row in cursor.fetchall()}
            stored = [
                i
                for i in speakers
                if (
                    says[i]["viewer"].session_id,
                    says[i]["viewer"].user_id,
                    says[i]["viewer"].role,
                )
                in may_speak
            ]
            msg_ids = sorted({says[i]["client_msg_id"] for i in stored if says[i]["client_msg_id"]})
            earlier: dict[tuple[int, int, str], int] = {}
            if msg_ids:
                cursor.execute(
                    f"SELECT session_id, author_id, client_msg_id, seq FROM {events}"
                    f" WHERE session_id IN ({_placeholders(len(session_ids))})"
                    f" AND client_msg_id IN ({_placeholders(len(msg_ids))})",
                    [*session_ids, *msg_ids],
                )
                earlier = {(row[0], row[1], row[2]): row[3] for row in cursor.fetchall()}
            # Per session, in arrival order: new frames, and resends of a frame stored
            # before (or earlier in this batch).
            fresh: dict[int, list[int]] = {}
            first_of: dict[tuple[int, int, str], int] = {}
            again: list[tuple[int, int]] = []
            for i in stored:
                say, viewer = says[i], says[i]["viewer"]
                key = (viewer.session_id, viewer.user_id, say["client_msg_id"])
                if say["client_msg_id"]:
                    if key in earlier:
                        results[i] = Recorded(seq=earlier[key], duplicate=True)
                        continue
                    if key in first_of:
                        again.append((i, first_of[key]))
                        continue
                    first_of[key] = i
                fresh.setdefault(viewer.session_id, []).append(i)
            seq_of: dict[int, int] = {}
            for session_id in sorted(fresh):  # ascending: the lock order of every writer
                cursor.execute(
                    f"UPDATE {sessions} SET last_seq = last_seq + %s"
                    f" WHERE id = %s AND state = %s RETURNING last_seq",
                    [len(fresh[session_id]), session_id, SessionState.LIVE.value],
                )
                row = cursor.fetchone()
                if row is None:  # not live (or gone): event_say says which
                    continue
                first = row[0] - len(fresh[session_id]) + 1
                for offset, i in enumerate(fresh[session_id]):
                    seq_of[i] = first + offset
            if seq_of:
                results_of_new = _insert_says(cursor, events, says, seq_of)
                for i, recorded in results_of_new.items():
                    results[i] = recorded
            for i, first in again:
                if results[first] is not None:
                    results[i] = Recorded(seq=results[first].seq, duplicate=True)
    except IntegrityError:
        return [None] * len(says)
    return results


_SAY_COLUMNS = (
    "session_id",
    "seq",
    "kind",
    "audience",
    "author_id",
    "author_name",
    "role",
    "text",
    "data",
    "client_msg_id",
    "created_at",
)


def _insert_says(cursor, table: str, says: list[dict], seq_of: dict[int, int]) -> dict:
    fields = SessionEvent._meta
    data = fields.get_field("data").get_db_prep_save({}, connection)
    created_field = fields.get_field("created_at")
    audience = audience_for(EventKind.SAY)
    kind = EventKind.SAY.value
    rows, params, recorded = [], [], {}
    row_sql = f"({_placeholders(len(_SAY_COLUMNS))})"
    columns = ", ".join(connection.ops.quote_name(column) for column in _SAY_COLUMNS)
    for i, seq in seq_of.items():
        say, viewer = says[i], says[i]["viewer"]
        now = timezone.now()
        params += [
            viewer.session_id,
            seq,
            kind,
            audience,
            viewer.user_id,
            viewer.name,
            viewer.role,
            say["text"],
            data,
            say["client_msg_id"],
            created_field.get_db_prep_save(now, connection),
        ]
        rows.append(row_sql)
        recorded[i] = Recorded(
            seq=seq,
            audience=audience,
            author_id=viewer.user_id,
            frame=stored_frame(
                seq=seq,
                kind=kind,
                role=viewer.role,
                author_id=viewer.user_id,
                author_name=viewer.name,
                text=say["text"],
                created_at=now,
                client_msg_id=say["client_msg_id"],
                data={},
            ),
        )
    cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join(rows)}", params)
    return recorded


def event_whisper(*, viewer: Viewer, text: str, client_msg_id: str | None = None) -> Recorded:
    def build(participant):
        _require_coach(participant, _("Only the coach whispers to the agent."))
        _require_state(participant.session, OPEN_STATES)
        return _store(participant, kind=EventKind.WHISPER, text=text, client_msg_id=client_msg_id)

    return _submit(viewer, client_msg_id, build)


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
    """Start, pause, resume or end the role-play; ending reports to progress."""

    def build(participant):
        _require_coach(participant, _("Only the coach controls the session."))
        session = participant.session
        allowed, target = TRANSITIONS[action]
        if session.state not in allowed:
            if session.state == SessionState.ENDED or action == "pause":
                _require_state(session, allowed)
            if action == "start":
                raise RolePlayError("invalid", _("The role-play has already started."))
            raise RolePlayError("invalid", _("The session is not paused."))
        event = _store(
            participant,
            kind=EventKind.CONTROL,
            data={"action": action, "state": target},
            client_msg_id=client_msg_id,
            state=target,
        )
        if target == SessionState.ENDED:
            session_report_progress(session=session)
        return event

    return _submit(viewer, client_msg_id, build)


def event_inject(
    *,
    viewer: Viewer,
    twist_id: int | None = None,
    text: str | None = None,
    client_msg_id: str | None = None,
) -> Recorded:
    """Throw in one of the scenario's prepared twists, or one made up on the spot."""

    def build(participant):
        _require_coach(participant, _("Only the coach injects twists."))
        session = participant.session
        _require_state(session, RUNNING_STATES)
        if twist_id is not None:
            twist = ScenarioTwist.objects.filter(
                pk=twist_id, scenario_id=session.scenario_id
            ).first()
            if twist is None:
                raise RolePlayError("invalid", _("This scenario has no such twist."))
            body, data = twist.text, {"twist": twist.pk, "title": twist.title}
        else:
            body, data = text, {"twist": None, "title": ""}
        return _store(
            participant, kind=EventKind.INJECT, text=body, data=data, client_msg_id=client_msg_id
        )

    return _submit(viewer, client_msg_id, build)


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
        _require_state(session, RUNNING_STATES)
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
        return _store(
            participant, kind=EventKind.SCORE, text=note, data=data, client_msg_id=client_msg_id
        )

    return _submit(viewer, client_msg_id, build)


def participant_join(
    *, viewer: Viewer, connection_id: str | None = None, origin: str = ""
) -> Joined:
    """Record that the participant came in and build their welcome, in one transaction.

    The first participant to arrive opens the lobby of a scheduled session. Nothing is
    recorded once the session has ended. With a ``connection_id`` the connection is
    counted (``roleplay.presence``): past the cap it is refused (``too_many_connections``),
    and a second connection or a quick reconnect stores no ``join``.
    """
    with transaction.atomic():
        participant = _locked_participant(viewer)
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
            event = _store(participant, kind=EventKind.JOIN, data={"state": state}, state=state)
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
        event = _store(participant, kind=EventKind.LEAVE, data={"state": participant.session.state})
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
        event = _store(participant, kind=EventKind.LEAVE, data={"state": participant.session.state})
    return Recorded.of(event)


# Progress


def _statement_id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/{kind}/{key}")


def session_report_progress(*, session: RolePlaySession) -> int:
    """Tell progress the agent's final scores (each rater's last score per criterion)
    and the completion. Statement ids are deterministic: running it twice records
    nothing new. Returns the number of score statements."""
    agent = (
        Participant.objects.select_related("user")
        .filter(session=session, role=ParticipantRole.AGENT)
        .first()
    )
    if agent is None:
        return 0
    finals: dict[tuple[int | None, int], SessionEvent] = {}
    for event in SessionEvent.objects.filter(session=session, kind=EventKind.SCORE).order_by("seq"):
        finals[(event.author_id, event.data["criterion"])] = event
    criteria = {c.pk: c for c in RubricCriterion.objects.filter(pk__in={key[1] for key in finals})}
    scenario_title = session.scenario.title
    for (rater_id, criterion_id), event in finals.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            continue
        value = event.data["value"]
        record_statement(
            actor=agent.user,
            verb=verbs.SCORED,
            object_type="roleplay-session",
            object_id=session.pk,
            object_name=scenario_title,
            result={
                "score_raw": value,
                "score_min": 1,
                "score_max": 5,
                "score_scaled": value / 5,
            },
            competency=criterion.competency_id,
            context={
                "rater_role": event.data.get("rater_role", event.role),
                "rater": rater_id,
                "criterion": criterion_id,
                "scenario": session.scenario_id,
                "session_kind": "live",
            },
            timestamp=event.created_at,
            statement_id=_statement_id("roleplay-score", f"{session.pk}:{rater_id}:{criterion_id}"),
        )
    record_statement(
        actor=agent.user,
        verb=verbs.COMPLETED,
        object_type="roleplay-session",
        object_id=session.pk,
        object_name=scenario_title,
        result={"completion": True},
        context={"scenario": session.scenario_id, "session_kind": "live"},
        timestamp=session.ended_at,
        statement_id=_statement_id("roleplay-session", f"{session.pk}:completed"),
    )
    return len(finals)
