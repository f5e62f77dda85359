"""The voice call of a room: who may send audio to whom, and the call's events.

The media go browser to browser (a mesh, docs/decisions/0008-voice-call-topology.md);
the server carries the signalling only (``rtc`` frames, never stored) and stores what
happens to the call as ``call`` events in the session's log. It relays a signal only
between two participants who are both in the call and have a media path between them
in the current supervisor mode, and it refuses a session description that would send
audio along a path the mode does not allow: a customer's connection with the coach
never carries the coach's voice outside barge-in, an observer's never carries any.

Supervisor modes: ``listen`` (the coach and observers hear agent and customer and
are not heard), ``whisper`` (the coach is heard by the agent only), ``barge`` (the
coach is heard by both). The customer never sees an event that tells of a whisper:
a change between listen and whisper, and the coach's muting while whispering, reach
the coach and the agent only; leaving barge for whisper is stored as barge → listen
(for everyone) and listen → whisper (for the coach and the agent).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..kinds import kind_of
from ..models import (
    Audience,
    Channel,
    EventKind,
    Participant,
    ParticipantRole,
    RolePlaySession,
    Scenario,
    SessionEvent,
    SessionState,
)
from .audience import Viewer
from .errors import RolePlayError
from .eventlog import OPEN_STATES, Recorded, require_coach, require_state, store, submit
from .ice import ice_servers
from .saybatch import among

CALL_CHANNELS = frozenset({Channel.PHONE, Channel.FACE_TO_FACE})
MODES = ("listen", "whisper", "barge")
ACTIONS = ("join", "leave", "mute", "unmute", "mode", "end")
# The supervisor modes as people read them (the room's buttons, the debrief's timeline).
MODE_LABELS = {
    "listen": gettext_lazy("listen"),
    "whisper": gettext_lazy("whisper"),
    "barge": gettext_lazy("barge in"),
}

COACH, AGENT, CUSTOMER, OBSERVER = (
    ParticipantRole.COACH,
    ParticipantRole.AGENT,
    ParticipantRole.CUSTOMER,
    ParticipantRole.OBSERVER,
)
# Who is heard by whom whatever the mode (sender, receiver), and what each mode adds.
ALWAYS = frozenset(
    {
        (AGENT, CUSTOMER),
        (CUSTOMER, AGENT),
        (AGENT, COACH),
        (CUSTOMER, COACH),
        (AGENT, OBSERVER),
        (CUSTOMER, OBSERVER),
    }
)
MODE_PATHS = {
    "listen": ALWAYS,
    "whisper": ALWAYS | {(COACH, AGENT)},
    "barge": ALWAYS | {(COACH, AGENT), (COACH, CUSTOMER)},
}
# SDP media directions that send from the description's author.
SENDING = {"sendrecv", "sendonly"}
DIRECTIONS = SENDING | {"recvonly", "inactive"}


def sends(mode: str, sender_role: str, receiver_role: str) -> bool:
    """Whether audio may go from ``sender_role`` to ``receiver_role`` in ``mode``."""
    return (sender_role, receiver_role) in MODE_PATHS[mode]


def connected(mode: str, one: str, other: str) -> bool:
    """Whether two roles have a peer connection at all in ``mode``."""
    return sends(mode, one, other) or sends(mode, other, one)


def whispering(mode: str) -> bool:
    return mode == "whisper"


@dataclass
class CallState:
    """The call as its stored events tell it."""

    running: bool = False
    mode: str = "listen"
    members: set[int] = field(default_factory=set)
    muted: set[int] = field(default_factory=set)


def call_state(session_id: int) -> CallState:
    """Folds the session's ``call`` events (the caller holds the session's lock, or
    accepts a view that may be a moment old)."""
    return call_states([session_id])[session_id]


def call_states(session_ids) -> dict[int, CallState]:
    """``call_state`` of each session, in one query (plain SQL: every signal of every
    call room is checked with it, and Django compiling the query cost more than the
    database answering it)."""
    states = {session_id: CallState() for session_id in session_ids}
    if not states:
        return states
    table, quote = SessionEvent._meta.db_table, connection.ops.quote_name
    data_field = SessionEvent._meta.get_field("data")
    in_sessions, params = among(quote("session_id"), list(states))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('session_id')}, {quote('author_id')}, {quote('data')}"
            f" FROM {quote(table)} WHERE {in_sessions} AND {quote('kind')} = %s"
            f" ORDER BY {quote('session_id')}, {quote('seq')}",
            [*params, EventKind.CALL],
        )
        for session_id, author_id, data in cursor.fetchall():
            data = data_field.from_db_value(data, None, connection)
            states[session_id] = _fold(states[session_id], author_id, data)
    return states


def _fold(state: CallState, author_id: int, data: dict) -> CallState:
    """The call after one more of its events."""
    action = data.get("action")
    if action == "start":
        return CallState(running=True)
    if action == "end":
        return CallState()
    if action == "mode":
        state.mode = data.get("mode", "listen")
    elif action == "join":
        state.members.add(author_id)
    elif action == "leave":
        state.members.discard(author_id)
        state.muted.discard(author_id)
    elif action == "mute":
        state.muted.add(author_id)
    elif action == "unmute":
        state.muted.discard(author_id)
    return state


def has_call(session) -> bool:
    """A session of a kind with calls, of a phone or face-to-face scenario."""
    scenario = session.scenario
    return _calls(session.kind, scenario.channel if scenario is not None else None)


def _calls(kind: str, channel: str | None) -> bool:
    return kind_of(kind).calls and channel in CALL_CHANNELS


def call_config(session, *, user_id: int) -> dict | None:
    """What the room page hands its call panel (None: the room has no call)."""
    if not has_call(session):
        return None
    return {
        "channel": session.scenario.channel,
        "ice_servers": ice_servers(user_id=user_id),
        "upload_every_ms": round(settings.ROLEPLAY_CALL_UPLOAD_SECONDS * 1000),
    }


def require_call(session) -> None:
    if not has_call(session):
        raise _no_call()


def _no_call() -> RolePlayError:
    return RolePlayError("invalid", _("This scenario is practised in writing: it has no call."))


def call_action(
    *, viewer: Viewer, action: str, mode: str | None = None, client_msg_id: str | None = None
) -> Recorded:
    """Join, leave, mute or unmute the call; the coach also switches the mode or ends it."""

    def build(participant: Participant):
        session = participant.session
        require_call(session)
        require_state(session, OPEN_STATES)
        state = call_state(session.pk)
        me = participant.user_id
        earlier: list = []

        def event(name, *, audience=None, **data):
            return store(
                participant,
                kind=EventKind.CALL,
                data={"action": name, **data},
                audience=audience,
                client_msg_id=client_msg_id,
            )

        def first(name, **data):
            """An event stored before the one the frame asked for (no client_msg_id)."""
            earlier.append(
                Recorded.of(store(participant, kind=EventKind.CALL, data={"action": name, **data}))
            )

        if action in ("mode", "end"):
            require_coach(participant, _("Only the coach changes or ends the call."))
            if not state.running:
                raise RolePlayError("not_live", _("No call is running."))
        if action == "join":
            if me in state.members:
                raise RolePlayError("invalid", _("You are in the call already."))
            if not state.running:
                first("start", mode="listen")
            stored = event("join")
        elif action == "leave":
            if me not in state.members:
                raise RolePlayError("invalid", _("You are not in the call."))
            stored = event("leave")
        elif action in ("mute", "unmute"):
            if me not in state.members:
                raise RolePlayError("invalid", _("You are not in the call."))
            # The coach's muting while whispering would tell the customer of the whisper.
            quiet = participant.coach_now and whispering(state.mode)
            stored = event(action, audience=Audience.COACH_AND_AGENT if quiet else None)
        elif action == "mode":
            if mode == state.mode:
                raise RolePlayError("invalid", _("The call is in that mode already."))
            if state.mode == "barge" and mode == "whisper":
                # The customer hears the coach go quiet, and nothing of the whisper.
                first("mode", mode="listen")
            private = whispering(mode) or (whispering(state.mode) and mode == "listen")
            stored = event(
                "mode", mode=mode, audience=Audience.COACH_AND_AGENT if private else None
            )
        else:  # end
            stored = event("end")
        return Recorded.of(stored, earlier=tuple(earlier))

    return submit(viewer, client_msg_id, build)


def call_hang_up(participant: Participant) -> Recorded | None:
    """The session ends: store the end of its call if one runs (the session is locked)."""
    if not has_call(participant.session) or not call_state(participant.session_id).running:
        return None
    return Recorded.of(store(participant, kind=EventKind.CALL, data={"action": "end"}))


def call_leave_now(*, viewer: Viewer) -> Recorded | None:
    """A connection that was in the call closed: store its ``leave`` (None if none is due)."""
    try:
        return call_action(viewer=viewer, action="leave")
    except RolePlayError:
        return None


@dataclass(frozen=True)
class Signal:
    """A signal to check: from ``viewer`` to participant ``to``, in ``language``."""

    viewer: Viewer
    to: int
    signal: dict
    language: str | None = None


def rtc_check(*, viewer: Viewer, to: int, signal: dict) -> None:
    """Raise unless ``viewer`` may send ``signal`` to participant ``to`` now."""
    (refused,) = rtc_check_many([Signal(viewer, to, signal, translation.get_language())])
    if refused is not None:
        raise refused


def rtc_check_many(signals: list[Signal]) -> list[RolePlayError | None]:
    """For each signal, the error that refuses it (in its sender's language), or None.

    Two queries for any number of signals: the participants of their sessions with
    each session and its channel, and the sessions' call events. A call sends a few
    signals a second per room, all checked in the process's one room database thread,
    so the rooms of a process share these two queries (``signals.checker``)."""
    sessions = {item.viewer.session_id for item in signals}
    people = _people_of(sessions)
    states: dict[int, CallState] = {}
    if any((item.viewer.session_id, item.viewer.user_id) in people for item in signals):
        states = call_states(sessions)
    refused: list[RolePlayError | None] = []
    for item in signals:
        with translation.override(item.language):
            try:
                _check(item, people, states)
            except RolePlayError as error:
                refused.append(error)
            else:
                refused.append(None)
    return refused


@dataclass(frozen=True)
class _Person:
    """A participant as a signal's check reads them, with their session's call."""

    role: str
    kind: str
    state: str
    channel: str | None


def _people_of(sessions: set[int]) -> dict[tuple[int, int], _Person]:
    """Every participant of ``sessions`` by (session, user), in one plain-SQL query."""
    if not sessions:
        return {}
    quote = connection.ops.quote_name
    participant = quote(Participant._meta.db_table)
    session = quote(RolePlaySession._meta.db_table)
    scenario = quote(Scenario._meta.db_table)
    in_sessions, params = among(f"p.{quote('session_id')}", list(sessions))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.{quote('session_id')}, p.{quote('user_id')}, p.{quote('role')},"
            f" s.{quote('kind')}, s.{quote('state')}, c.{quote('channel')}"
            f" FROM {participant} p JOIN {session} s ON s.{quote('id')} = p.{quote('session_id')}"
            f" LEFT JOIN {scenario} c ON c.{quote('id')} = s.{quote('scenario_id')}"
            f" WHERE {in_sessions}",
            params,
        )
        return {
            (session_id, user_id): _Person(role, kind, state, channel)
            for session_id, user_id, role, kind, state, channel in cursor.fetchall()
        }


def _check(item: Signal, people: dict, states: dict[int, CallState]) -> None:
    viewer, to = item.viewer, item.to
    if to == viewer.user_id:
        raise RolePlayError("invalid", _("A signal goes to another participant."))
    me = people.get((viewer.session_id, viewer.user_id))
    them = people.get((viewer.session_id, to))
    if them is None:
        raise RolePlayError("invalid", _("This session has no such participant."))
    if me is None:
        raise RolePlayError("forbidden", _("You are no longer a participant of this session."))
    if not _calls(me.kind, me.channel):
        raise _no_call()
    if me.state == SessionState.ENDED:
        raise RolePlayError("not_live", _("The session has ended."))
    state = states[viewer.session_id]
    if not state.running:
        raise RolePlayError("not_live", _("No call is running."))
    if viewer.user_id not in state.members:
        raise RolePlayError("forbidden", _("Join the call first."))
    if to not in state.members:
        raise RolePlayError("invalid", _("That participant is not in the call."))
    if not connected(state.mode, me.role, them.role):
        raise RolePlayError("forbidden", _("The call has no connection between these roles."))
    description = item.signal.get("description")
    offers_audio = description is not None and _sdp_sends(description["sdp"])
    if offers_audio and not sends(state.mode, me.role, them.role):
        raise RolePlayError(
            "forbidden", _("Your audio may not reach this participant in this mode.")
        )


def _sdp_sends(sdp: str) -> bool:
    """Whether a session description offers to send media (any non-audio section is
    refused as invalid: the call is audio only)."""
    session_direction = "sendrecv"
    # Per media section: its direction ("" until its a= line; None: rejected, port 0).
    sections: list[str | None] = []
    for raw in sdp.splitlines():
        line = raw.strip()
        if line.startswith("m="):
            media, port = ([*line[2:].split(" "), "0"])[:2]
            if media != "audio":
                raise RolePlayError("invalid", _("The call carries audio only."))
            sections.append(None if port == "0" else "")
        elif line.startswith("a=") and line[2:] in DIRECTIONS:
            if not sections:
                session_direction = line[2:]
            elif sections[-1] is not None:
                sections[-1] = line[2:]
    return any(
        (direction or session_direction) in SENDING
        for direction in sections
        if direction is not None
    )
