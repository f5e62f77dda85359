"""Per-process fan-out of live events to the consumers of this process.

The Channels tutorial pattern subscribes every consumer to the session's group, so
one event costs one channel-layer message per connected participant, and each
consumer serialises the event again. Here a process subscribes once per session (a
single channel for the whole process), serialises each event once, and hands the
same text to every local consumer the audience rule lets see it. Events from this
process reach its own consumers directly; other processes hear them through Redis
pub/sub (``roleplay.room.relay``) when the project's channel layer is on Redis. With
the in-memory layer there is no other process, and nothing is relayed. See
docs/decisions/0001-per-process-fan-out.md and 0009-redis-relay.md.

The database stays the source of truth: pub/sub may drop a message, and a client
that suspects a gap resumes from its last ``seq``.

Stored events reach consumers in ``seq`` order. With several processes an event
relayed from another process can arrive after a later one made here; the hub holds
an event whose predecessor has not arrived yet, for at most ``GAP_WAIT`` seconds.
If the predecessor still has not come (pub/sub drops messages, for example while
Redis restarts), the hub reads the missing events from the database, the source of
truth, and goes on in order; after Redis comes back it reads whatever it may have
missed in the meantime.
"""

import asyncio
import logging
import uuid
import weakref
from collections import defaultdict

from ..models import Audience, SessionEvent
from . import presence
from .audience import can_see
from .db import room_db
from .eventlog import Recorded
from .frames import dumps
from .protocol import RateLimiter
from .relay import RedisRelay, relay_settings
from .wire import text_frame

logger = logging.getLogger(__name__)

GAP_WAIT = 0.25
_EVERYONE = Audience.EVERYONE.value


class Hub:
    """One per event loop: the rooms of this process and their subscriptions."""

    def __init__(self, relay_to: tuple[str, str] | None):
        """``relay_to``: Redis's URL and key prefix, or None for a process on its own."""
        self.origin = uuid.uuid4().hex
        self.relay = None
        if relay_to is not None:
            url, prefix = relay_to
            self.relay = RedisRelay(
                url,
                prefix,
                origin=self.origin,
                on_message=self._relayed,
                on_reconnect=self._catch_up_all,
            )
        self.shared = self.relay is not None
        self.rooms: dict[int, set] = {}
        self.limiters: dict[tuple[int, int], RateLimiter] = {}
        self.connections: dict[tuple[int, int], int] = defaultdict(int)
        self.lock = asyncio.Lock()
        self.heartbeat: asyncio.Task | None = None
        # Per session: the next seq to hand out, events waiting for a gap, its timer.
        self.next_seq: dict[int, int] = {}
        self.waiting: dict[int, dict[int, dict]] = defaultdict(dict)
        self.gap_timers: dict[int, asyncio.TimerHandle] = {}
        self.backfilling: dict[int, asyncio.Task] = {}

    async def attach(self, consumer) -> None:
        """Add a consumer to its session's room, subscribing the process if needed."""
        session_id = consumer.viewer.session_id
        async with self.lock:
            room = self.rooms.get(session_id)
            if room is None:
                if self.shared:
                    await self.relay.subscribe(session_id)
                room = self.rooms[session_id] = set()
                # Not subscribed until now: whatever seq came before is unknown here.
                self._forget(session_id)
            room.add(consumer)
            self.connections[(session_id, consumer.viewer.user_id)] += 1
            if self.heartbeat is None:
                # This process's presence rows stay counted while it lives (presence.py).
                self.heartbeat = asyncio.get_running_loop().create_task(
                    presence.heartbeat_forever(self.origin)
                )

    async def detach(self, consumer) -> None:
        session_id = consumer.viewer.session_id
        key = (session_id, consumer.viewer.user_id)
        async with self.lock:
            room = self.rooms.get(session_id)
            if room is None or consumer not in room:
                return
            room.discard(consumer)
            self.connections[key] -= 1
            if self.connections[key] <= 0:
                del self.connections[key]
                self.limiters.pop(key, None)
            if not room:
                del self.rooms[session_id]
                if self.shared:
                    await self.relay.unsubscribe(session_id)

    def known_up_to(self, session_id: int, last_seq: int) -> None:
        """A consumer read ``last_seq`` after subscribing: what came before is in the
        database (its replay), so the hub keeps order from ``last_seq + 1`` on.

        The ``join`` published at connect used to set this; a reconnect now stores no
        ``join`` (roleplay.room.presence), and without it a late relayed event could reach
        consumers after a later local one.
        """
        if session_id in self.rooms and self.next_seq.get(session_id) is None:
            self.next_seq[session_id] = last_seq + 1

    def limiter(self, session_id: int, user_id: int) -> RateLimiter:
        """One limiter per participant, shared by their connections to this process."""
        key = (session_id, user_id)
        if key not in self.limiters:
            self.limiters[key] = RateLimiter()
        return self.limiters[key]

    async def publish(self, session_id: int, recorded: Recorded) -> None:
        """Deliver a stored event (after those stored just before it in the same
        transaction); call only after its transaction has committed."""
        await self.publish_many(session_id, [*recorded.earlier, recorded])

    async def publish_many(self, session_id: int, recorded: list[Recorded]) -> None:
        """Deliver a committed batch of one session's events, in ``seq`` order, with one
        relay to the other processes for the whole batch instead of one per event."""
        messages = [_message(session_id, event) for event in recorded]
        for message in messages:
            self._deliver(message)
        if self.shared:
            self._relay({"session": session_id, "batch": messages})

    async def publish_ephemeral(self, session_id: int, frame: dict, *, sender) -> None:
        """Deliver a frame that is never stored (typing) to everyone but the sender
        (``sender=None``: the server itself, e.g. the scripted customer, to everyone)."""
        await self._send(
            {
                "session": session_id,
                "seq": None,
                "audience": "everyone",
                "author": None,
                "skip": sender.connection_id if sender is not None else None,
                "text": dumps(frame),
            }
        )

    async def publish_to(self, session_id: int, user_id: int, frame: dict) -> None:
        """Deliver a frame that is never stored (a call's signalling) to the
        connections of one participant, in whichever process they are."""
        await self._send(
            {
                "session": session_id,
                "seq": None,
                "audience": "everyone",
                "author": None,
                "to": user_id,
                "text": dumps(frame),
            }
        )

    async def publish_reauthorise(self, session_id: int, user_id: int) -> None:
        """Make every open connection of ``user_id`` in the session, in every process,
        check again whether it may stay and in which role (``roleplay.room.access``)."""
        message = {"session": session_id, "seq": None, "reauthorise": user_id}
        self._deliver(message)
        if self.shared:
            # At once: the announcing loop may be a short-lived one (access.announce).
            await self.relay.publish_now(session_id, message)

    def _reauthorise(self, message: dict) -> None:
        for consumer in list(self.rooms.get(message["session"], ())):
            if consumer.viewer.user_id == message["reauthorise"]:
                consumer.reauthorise()

    async def _send(self, message: dict) -> None:
        self._deliver(message)
        if self.shared:
            self._relay(message)

    def _relay(self, message: dict) -> None:
        """Hand a message (an event, or a ``batch`` of them) to the other processes.

        If Redis is down, local consumers have the events already and the other
        processes read them from the database when they see the gap."""
        self.relay.publish(message["session"], message)

    def _relayed(self, message: dict) -> None:
        """A message from another process (the relay drops the echoes of our own)."""
        for event in message.get("batch") or (message,):
            self._deliver(event)

    def _deliver(self, message: dict) -> None:
        """Hand stored events out in ``seq`` order; ephemeral ones at once."""
        if "reauthorise" in message:
            self._reauthorise(message)
            return
        session, seq = message["session"], message["seq"]
        if seq is None:
            self._fan_out(message)
            return
        expected = self.next_seq.get(session)
        if expected is not None and seq > expected:
            self.waiting[session][seq] = message
            if session not in self.gap_timers and session not in self.backfilling:
                loop = asyncio.get_running_loop()
                self.gap_timers[session] = loop.call_later(GAP_WAIT, self._give_up, session)
            return
        self._fan_out(message)
        if expected is None or seq == expected:
            self.next_seq[session] = seq + 1
            self._drain(session)
        # seq < expected: it arrived after its gap was given up; clients drop doubles.

    def _drain(self, session: int) -> None:
        waiting = self.waiting.get(session)
        while waiting and self.next_seq[session] in waiting:
            self._fan_out(waiting.pop(self.next_seq[session]))
            self.next_seq[session] += 1
        if not waiting:
            self.waiting.pop(session, None)
            timer = self.gap_timers.pop(session, None)
            if timer is not None:
                timer.cancel()

    def _give_up(self, session: int) -> None:
        self.gap_timers.pop(session, None)
        if self.waiting.get(session):
            self._start_backfill(session)

    def _catch_up_all(self) -> None:
        """Redis is back: read from the database what may have been published meanwhile."""
        for session in list(self.rooms):
            if session in self.next_seq and session not in self.backfilling:
                self._start_backfill(session, catch_up=True)

    def _start_backfill(self, session: int, catch_up: bool = False) -> None:
        task = asyncio.get_running_loop().create_task(self._backfill(session, catch_up))
        self.backfilling[session] = task

    async def _backfill(self, session: int, catch_up: bool = False) -> None:
        """Fill a gap that outlived ``GAP_WAIT`` from the database, then go on in order;
        with ``catch_up``, read everything after the last event handed out."""
        try:
            waiting = self.waiting.get(session)
            if not (waiting or catch_up) or session not in self.next_seq:
                return
            expected = self.next_seq[session]
            try:
                found = await room_db(events_between)(
                    session_id=session,
                    after_seq=expected - 1,
                    before_seq=min(waiting) if waiting and not catch_up else None,
                )
            except Exception:
                logger.exception("Role-play fan-out: reading a gap from the database failed")
                found = []
            waiting = self.waiting.get(session, {})
            for recorded in found:
                if recorded.seq >= self.next_seq.get(session, 0):
                    waiting.setdefault(recorded.seq, _message(session, recorded))
            if waiting and self.next_seq.get(session) not in waiting:
                logger.info("Role-play fan-out: gap before seq %s in %s", min(waiting), session)
                self.next_seq[session] = min(waiting)
            if waiting:
                self.waiting[session] = waiting
                self._drain(session)
        finally:
            self.backfilling.pop(session, None)
            if self.waiting.get(session) and session not in self.gap_timers:
                loop = asyncio.get_running_loop()
                self.gap_timers[session] = loop.call_later(GAP_WAIT, self._give_up, session)

    def _forget(self, session: int) -> None:
        self.next_seq.pop(session, None)
        self.waiting.pop(session, None)
        timer = self.gap_timers.pop(session, None)
        if timer is not None:
            timer.cancel()

    def _fan_out(self, message: dict) -> None:
        room = self.rooms.get(message["session"])
        if not room:
            return
        seq, audience, author = message["seq"], message["audience"], message["author"]
        text, skip, to = message["text"], message.get("skip"), message.get("to")
        everyone = audience == _EVERYONE
        # The same bytes for every connection that sees it (roleplay.room.wire).
        frame = text_frame(text)
        for consumer in room:
            if consumer.connection_id == skip:
                continue
            if to is not None and consumer.viewer.user_id != to:
                continue
            # Live events are never scores of an ended session: ended is False here.
            if everyone or can_see(
                consumer.viewer, audience=audience, author_id=author, ended=False
            ):
                consumer.deliver(seq, text, frame)


def _message(session_id: int, recorded: Recorded) -> dict:
    return {
        "session": session_id,
        "seq": recorded.seq,
        "audience": recorded.audience,
        "author": recorded.author_id,
        "text": dumps(recorded.frame),
    }


def events_between(*, session_id: int, after_seq: int, before_seq: int | None) -> list[Recorded]:
    """Stored events with ``after_seq < seq < before_seq`` (None: no upper bound), in
    order (runs in room_db)."""
    events = SessionEvent.objects.filter(session_id=session_id, seq__gt=after_seq)
    if before_seq is not None:
        events = events.filter(seq__lt=before_seq)
    events = events.order_by("seq")
    return [Recorded.of(event) for event in events]


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub]" = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """The hub of the running event loop (one per process under an ASGI server)."""
    loop = asyncio.get_running_loop()
    current = _hubs.get(loop)
    if current is None:
        current = _hubs[loop] = Hub(relay_settings())
    return current
