"""The live role-play room over WebSockets (protocol: docs/roleplay-protocol.md).

The consumer parses, authorises and calls one service; database work runs in
``roleplay.room.db.room_db`` (a thread, never the event loop). What differs between
kinds of session (extra frames, the control service, the scripted customer) it asks
the session's ``Kind`` (``roleplay.kinds``), never the kind's own modules. Outgoing
frames are written straight to the socket while it keeps up (``roleplay.room.wire``),
and otherwise go through one queue per connection, so that a slow client never holds
up the others and frames leave in the order they were produced.
"""

import asyncio
import contextlib
import logging
import uuid
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..kinds import kind_of
from . import access, call, presence, services, signals
from .closecodes import (
    CLOSE_ABUSE,
    CLOSE_NOT_OPEN,
    CLOSE_NOT_PARTICIPANT,
    CLOSE_ROLE_CHANGED,
    CLOSE_TOO_MANY_CONNECTIONS,
    CLOSE_TOO_SLOW,
)
from .db import room_db
from .errors import RolePlayError
from .eventlog import refused
from .fanout import hub
from .frames import ack_frame, dumps, error_frame
from .protocol import FrameError, RateLimiter, parse_frame
from .wire import socket_behind, text_frame
from .writer import writer

logger = logging.getLogger(__name__)

# A client too slow to take this many frames is closed (CLOSE_TOO_SLOW); it resumes
# from its last seq.
OUTBOX_LIMIT = 1000
# Refusals on joining that the client is told about (an error frame) before the close.
_REFUSAL_CLOSES = {
    "too_many_connections": CLOSE_TOO_MANY_CONNECTIONS,
    "not_open": CLOSE_NOT_OPEN,
}

# The room's own service for each frame; a kind replaces some or adds its own
# (``Kind.frames``). A ``say`` with a reply ``choice`` is the frame type "choice".
RECORDING_REFUSED = refused(gettext_lazy("Playback and marks belong to a recording review."))
ROOM_FRAMES = {
    "say": services.event_say,
    "choice": refused(gettext_lazy("Reply choices belong to solo practice.")),
    "whisper": services.event_whisper,
    "control": services.session_control,
    "inject": services.event_inject,
    "score": services.event_score,
    "playback": RECORDING_REFUSED,
    "mark": RECORDING_REFUSED,
    "call": call.call_action,
}


class RolePlayConsumer(AsyncWebsocketConsumer):
    # No channel of its own: the process-wide hub (roleplay.room.fanout) subscribes once
    # per session and hands events to the consumers here.
    channel_layer_alias = "roleplay-no-own-channel"

    viewer = None
    present = False  # counted in by roleplay.room.presence
    writer: asyncio.Task | None = None
    # The server's connection, written to directly (roleplay.room.wire); None: ASGI only.
    socket = None
    # The writer task has taken a frame from the outbox and is sending it.
    sending = False
    # What plays beside this connection (the scripted customer of a solo practice).
    companion = None
    # This connection joined the room's voice call (roleplay.room.call).
    in_call = False

    async def __call__(self, scope, receive, send):
        """As Channels' own, less a task and an ``asyncio.wait`` per frame received.

        With no channel layer of its own the consumer has one source of messages, the
        client; Channels' ``await_many_dispatch`` would still wrap every ``receive()``
        in a new task and wait on it. Here the frames are awaited one after the other.
        """
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        with contextlib.suppress(StopConsumer):
            while True:
                await self.dispatch(await receive())

    async def dispatch(self, message):
        """As Channels' own, less its ``aclose_old_connections`` before every handler.

        That is a hop into the sync thread for every frame a client sends, and it
        closes the room's kept connection (``roleplay.room.db``), so the next batch opened
        a new one. This consumer does all its database work through ``room_db``.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.connection_id = uuid.uuid4().hex
        self.outbox: asyncio.Queue = asyncio.Queue(maxsize=OUTBOX_LIMIT)
        self.closing = False
        # Live events wait here while the welcome or a replay is being prepared.
        self.holding, self.held, self.horizon = True, [], 0
        # Checks of the viewer under way (roleplay.room.access); live events wait meanwhile.
        self.rechecks = 0
        # The seq of every event sent on this connection: none goes out twice, whether
        # a replay covers what came live or the hub relays a late copy.
        self.sent: set[int] = set()

        session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        ticket = (query.get("ticket") or [None])[0]
        outcome = await room_db(services.connection_authorise)(
            session_id=session_id, user=self.scope.get("user"), ticket=ticket
        )
        await self.accept()
        self.socket = socket_behind(self.base_send)
        if isinstance(outcome, int):
            await self.close(code=outcome)
            return

        self.viewer = outcome
        self.kind = kind_of(self.viewer.kind)
        self.hub = hub()
        self.limiter: RateLimiter = self.hub.limiter(session_id, self.viewer.user_id)
        self.writer = asyncio.get_running_loop().create_task(self._write())
        # Subscribe before reading last_seq, so that nothing falls between the two.
        await self.hub.attach(self)
        try:
            with translation.override(self.viewer.language or None):
                await room_db(self.kind.admits)(viewer=self.viewer)
                joined = await room_db(services.participant_join)(
                    viewer=self.viewer, connection_id=self.connection_id, origin=self.hub.origin
                )
        except RolePlayError as error:
            if error.code in _REFUSAL_CLOSES:
                self._error(error.code, error.detail)
                self._close(_REFUSAL_CLOSES[error.code])
            else:
                self._close(CLOSE_NOT_PARTICIPANT)
            return
        self.present = True
        self.horizon = joined.welcome["last_seq"]
        self.hub.known_up_to(session_id, self.horizon)
        self._push(dumps(joined.welcome))
        if joined.recorded is not None:
            # Published at once, so that no later event can overtake it.
            await self.hub.publish(session_id, joined.recorded)
        # ``?after_seq=N``: the replay goes out before any live event, so a reconnecting
        # client never sees a live event ahead of older ones it missed.
        after_seq = (query.get("after_seq") or [None])[0]
        if after_seq is not None:
            await self._replay_after(after_seq)
        self._release()
        if self.kind.companion is not None:
            self.companion = self.kind.companion(hub=self.hub, viewer=self.viewer)

    async def disconnect(self, code):
        if self.writer is not None:
            self.writer.cancel()
        if self.companion is not None:
            self.companion.stop()
        if self.viewer is None:
            return
        await self.hub.detach(self)
        if not self.present:
            return  # refused: it was never counted in
        if self.in_call:
            try:
                await writer().store(call.call_leave_now, viewer=self.viewer)
            except Exception:
                logger.exception("Role-play: storing the call's leave failed")
        left = await room_db(services.participant_leave)(
            viewer=self.viewer, connection_id=self.connection_id
        )
        if left == presence.DEFERRED:
            presence.settle_later(self.hub, self.viewer, self.connection_id)
        elif left is not None:
            await self.hub.publish(self.viewer.session_id, left)

    async def receive(self, text_data=None, bytes_data=None):
        if self.viewer is None or self.closing:
            return
        with translation.override(self.viewer.language or None):
            frame, refusal = None, None
            if text_data is None:
                refusal = FrameError(
                    "invalid", _("Binary frames are not accepted; send JSON text.")
                )
            else:
                try:
                    frame = parse_frame(text_data)
                except FrameError as error:
                    refusal = error
            # Every frame counts, a refused one too; signals against their own budget.
            signal = frame is not None and frame.type == "rtc"
            verdict = self.limiter.hit(signal=signal)
            if verdict == RateLimiter.ABUSE:
                self._close(CLOSE_ABUSE)
                return
            if verdict == RateLimiter.LIMITED:
                if signal:
                    self._error("rate_limited", _("Too many signals: at most 40 a second."))
                else:
                    self._error("rate_limited", _("Too many frames: at most 10 a second."))
                return
            if refusal is not None:
                self._error(refusal.code, refusal.detail, refusal.client_msg_id)
                return
            await getattr(self, f"on_{frame.type}")(frame)

    # Client frames

    def _service(self, frame_type: str):
        """The service that stores this frame in a session of this kind."""
        return self.kind.frames.get(frame_type) or ROOM_FRAMES[frame_type]

    async def on_say(self, frame):
        if frame.choice is not None:
            await self._submit(self._service("choice"), frame, choice=frame.choice)
        else:
            await self._submit(self._service("say"), frame, text=frame.text)
        if self.companion is not None:
            self.companion.wake()

    async def on_whisper(self, frame):
        await self._submit(self._service("whisper"), frame, text=frame.text)

    async def on_control(self, frame):
        await self._submit(self._service("control"), frame, action=frame.action)

    async def on_playback(self, frame):
        await self._submit(
            self._service("playback"), frame, action=frame.action, position=frame.position
        )

    async def on_mark(self, frame):
        await self._submit(self._service("mark"), frame, position=frame.position, text=frame.text)

    async def on_inject(self, frame):
        await self._submit(self._service("inject"), frame, twist_id=frame.twist, text=frame.text)

    async def on_score(self, frame):
        await self._submit(
            self._service("score"),
            frame,
            criterion_id=frame.criterion,
            value=frame.value,
            note=frame.note,
        )

    async def on_call(self, frame):
        stored = await self._submit(
            self._service("call"), frame, action=frame.action, mode=frame.mode
        )
        if stored and frame.action == "join":
            self.in_call = True
        elif stored and frame.action == "leave":
            self.in_call = False

    async def on_rtc(self, frame):
        """Relay a signal to one participant along a path the call allows; not stored."""
        try:
            await signals.checker().check(viewer=self.viewer, to=frame.to, signal=frame.signal)
        except RolePlayError as error:
            self._error(error.code, error.detail, frame.client_msg_id)
            return
        relayed = {"type": "rtc", "from": self.viewer.user_id, "signal": frame.signal}
        await self.hub.publish_to(self.viewer.session_id, frame.to, relayed)

    async def on_resume(self, frame):
        self.holding = True
        await self._replay(frame.after_seq)
        self._release()

    async def _replay_after(self, after_seq: str) -> None:
        if not after_seq.isdigit():
            with translation.override(self.viewer.language or None):
                self._error("invalid", _("“after_seq” must be a whole number of 0 or more."))
            return
        await self._replay(int(after_seq))

    async def _replay(self, after_seq: int) -> None:
        """Send the stored events after ``after_seq`` that this connection has not had."""
        code, events, last_seq = await room_db(access.replay_now)(
            viewer=self.viewer, after_seq=after_seq
        )
        if code is not None:
            self._close_for_change(code)
            return
        for seq, text in events:
            self._push_event(seq, text)
        self.horizon = max(self.horizon, last_seq)

    async def on_typing(self, frame):
        typing = {
            "type": "typing",
            "role": self.viewer.role,
            "author": {"id": self.viewer.user_id, "name": self.viewer.name},
        }
        await self.hub.publish_ephemeral(self.viewer.session_id, typing, sender=self)

    async def _submit(self, service, frame, **arguments):
        try:
            # Stored with whatever else is waiting, in one transaction; by the time
            # this returns the event is committed and already broadcast (writer.py).
            recorded = await writer().store(
                service, viewer=self.viewer, client_msg_id=frame.client_msg_id, **arguments
            )
        except RolePlayError as error:
            self._error(error.code, error.detail, frame.client_msg_id)
            return False
        self._push(dumps(ack_frame(client_msg_id=frame.client_msg_id, seq=recorded.seq)))
        return True

    # Outgoing frames

    def deliver(self, seq: int | None, text: str, frame: bytes | None = None) -> None:
        """Called by the hub with an event this participant may see (``frame``: the
        text as a WebSocket frame, encoded once for all the connections)."""
        if self.holding or self.rechecks:
            self.held.append((seq, text))
        else:
            self._pass_on(seq, text, frame)

    def reauthorise(self) -> None:
        """Called by the hub when this person's membership or role changed: hold the
        live events and check the viewer again before another one goes out."""
        if self.viewer is None or self.closing:
            return
        self.rechecks += 1
        asyncio.get_running_loop().create_task(self._recheck())

    async def _recheck(self) -> None:
        try:
            code = await self._changed_code()
        finally:
            self.rechecks -= 1
        if code is not None:
            self._close_for_change(code)
        elif not self.holding:
            self._release()

    async def _changed_code(self) -> int | None:
        """The close code the change calls for (None: go on), asking the database at
        most twice; if it cannot answer, the client reconnects and is checked then."""
        for attempt in range(2):
            try:
                fresh = await room_db(access.current_viewer)(
                    session_id=self.viewer.session_id, user_id=self.viewer.user_id
                )
                return access.close_code_after_change(self.viewer, fresh)
            except Exception:
                logger.warning("Role-play: re-checking a viewer failed", exc_info=True)
                await asyncio.sleep(0.1 * (attempt + 1))
        return CLOSE_ROLE_CHANGED

    def _close_for_change(self, code: int) -> None:
        """Close a connection whose viewer is out of date; nothing held goes out."""
        self.held.clear()
        self._close(code)

    def _release(self) -> None:
        self.holding = False
        if self.rechecks:
            return  # the recheck releases them, or drops them
        held, self.held = self.held, []
        for seq, text in held:
            self._pass_on(seq, text)

    def _pass_on(self, seq: int | None, text: str, frame: bytes | None = None) -> None:
        """A live frame: ephemeral ones go out; stored ones past the horizon, once."""
        if seq is None:
            self._push(text, frame)
        elif seq > self.horizon:
            self._push_event(seq, text, frame)

    def _push_event(self, seq: int, text: str, frame: bytes | None = None) -> None:
        if seq not in self.sent:
            self.sent.add(seq)
            self._push(text, frame)

    def _error(self, code: str, detail: str, client_msg_id: str | None = None) -> None:
        self._push(dumps(error_frame(code=code, detail=detail, client_msg_id=client_msg_id)))

    def _push(self, text: str, frame: bytes | None = None) -> None:
        if self.closing:
            return
        socket = self.socket
        if socket is not None and not self.sending and self.outbox.empty() and socket.ready():
            # Nothing queued before it and the socket keeps up: straight out.
            socket.write(frame if frame is not None else text_frame(text))
            return
        try:
            self.outbox.put_nowait(text)
        except asyncio.QueueFull:
            self._close(CLOSE_TOO_SLOW, drop_pending=True)

    def _close(self, code: int, drop_pending: bool = False) -> None:
        if self.closing:
            return
        self.closing = True
        if drop_pending or self.outbox.full():
            while not self.outbox.empty():
                self.outbox.get_nowait()
        self.outbox.put_nowait(code)

    async def _write(self) -> None:
        with contextlib.suppress(Exception):
            while True:
                item = await self.outbox.get()
                if isinstance(item, int):
                    await self.close(code=item)
                    return
                # Straight to the server, past the consumer's two ``send`` wrappers;
                # until it is out, later frames queue behind it.
                self.sending = True
                try:
                    await self.base_send({"type": "websocket.send", "text": item})
                finally:
                    self.sending = False
