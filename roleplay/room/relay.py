"""How the hubs of several processes hear each other: Redis pub/sub, nothing more.

Each process keeps one subscriber connection, subscribed to one Redis channel per
session it has participants of (``<prefix>:roleplay:<session>``), and one publisher
connection. A committed batch of a session's events is one ``PUBLISH`` of one JSON
message, whatever the number of processes and connections; the publishes made in
one turn of the event loop leave in one write, in the order they were made, and the
writer never waits on Redis. See docs/decisions/0009-redis-relay.md and 0010.

Both connections speak RESP themselves (``asyncio.Protocol`` and hiredis's reply
parser), not through redis-py's client: a read from the socket may hold many
messages, and each is handed to the hub as it is parsed, within the same callback,
with no task, ``await`` or time-out context per message. The publisher counts the
replies it is owed; one that does not come within ``PUBLISH_TIMEOUT`` counts Redis as
away and the connection is dropped.

Pub/sub keeps nothing: a process that is not subscribed, or not connected, while a
message is published never gets it. That is what the database is for. The hub
(``roleplay.room.fanout``) notices a gap in ``seq`` and reads it from the database,
and after every reconnect it reads what it may have missed (``on_reconnect``).
"""

import asyncio
import json
import logging
import ssl
import sys
import time
from collections import deque
from collections.abc import Callable

import hiredis
from django.conf import settings
from redis.connection import SSLConnection, UnixDomainSocketConnection, parse_url

logger = logging.getLogger(__name__)

# The longest a subscription may hold up a connect while Redis does not answer.
SUBSCRIBE_TIMEOUT = 2.0
# Opening a connection to Redis (and authenticating) takes at most this long.
CONNECT_TIMEOUT = 1.0
# How long a publish may wait for its reply before Redis counts as away and the
# connection is dropped. Generous: a message dropped while both ends stay connected is
# only read from the database when a later event shows the gap; a real outage fails
# fast (the connect timeout) and the other processes catch up from the database when
# they reconnect.
PUBLISH_TIMEOUT = 10.0
# Between attempts to reconnect to Redis, and between warnings while it is away.
RECONNECT_EVERY = 0.5
WARN_EVERY = 10.0
# Messages waiting for Redis beyond this are dropped (the database has them).
MAX_WAITING = 10_000

_PUBLISH, _SUBSCRIBE, _UNSUBSCRIBE = b"PUBLISH", b"SUBSCRIBE", b"UNSUBSCRIBE"
_MESSAGE, _SUBSCRIBED = b"message", b"subscribe"
# A hub's origin: a UUID's 32 hex digits (roleplay.room.fanout).
_ORIGIN_SIZE = 32


def relay_settings() -> tuple[str, str] | None:
    """Redis's URL and the key prefix, if the project's channel layer is on Redis."""
    layer = getattr(settings, "CHANNEL_LAYERS", {}).get("default", {})
    if "redis" not in layer.get("BACKEND", "").lower():
        return None
    config = layer.get("CONFIG", {})
    host = config["hosts"][0]
    url = host if isinstance(host, str) else host["address"]
    return url, config.get("prefix", "asgi")


class _Connection(asyncio.Protocol):
    """One connection to Redis: writes commands, hands each parsed reply on.

    Replies to commands sent with a future (``request``) resolve it, in order; the
    others (pub/sub messages, ``PUBLISH`` counts) go to ``on_reply``.
    """

    def __init__(self, on_reply: Callable) -> None:
        self.parser = hiredis.Reader()
        self.on_reply = on_reply
        self.transport: asyncio.Transport | None = None
        self.requests: deque[asyncio.Future] = deque()
        self.lost = asyncio.get_running_loop().create_future()

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        parser = self.parser
        parser.feed(data)
        while (reply := parser.gets()) is not False:
            if self.requests:
                request = self.requests.popleft()
                if not request.done():
                    if isinstance(reply, hiredis.ReplyError):
                        request.set_exception(reply)
                    else:
                        request.set_result(reply)
                continue
            try:
                self.on_reply(reply)
            except Exception:
                logger.exception("Role-play relay: handling a reply from Redis failed")

    def connection_lost(self, exc) -> None:
        self.transport = None
        error = exc or ConnectionError("Redis closed the connection")
        for request in self.requests:
            if not request.done():
                request.set_exception(error)
        self.requests.clear()
        if not self.lost.done():
            self.lost.set_result(exc)

    @property
    def open(self) -> bool:
        return self.transport is not None and not self.transport.is_closing()

    def write(self, data: bytes) -> None:
        self.transport.write(data)

    async def request(self, *parts: bytes):
        """Send one command and wait for its reply (connecting: ``AUTH``, ``PING``)."""
        reply = asyncio.get_running_loop().create_future()
        self.requests.append(reply)
        self.write(hiredis.pack_command(parts))
        return await reply

    def close(self) -> None:
        if self.transport is not None:
            self.transport.abort()


async def _connect(url: str, on_reply: Callable) -> _Connection:
    """A connection to the Redis at ``url``, authenticated if the URL says so."""
    options = parse_url(url)
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(CONNECT_TIMEOUT):
        if options.get("connection_class") is UnixDomainSocketConnection:
            _transport, connection = await loop.create_unix_connection(
                lambda: _Connection(on_reply), options["path"]
            )
        else:
            secure = options.get("connection_class") is SSLConnection
            _transport, connection = await loop.create_connection(
                lambda: _Connection(on_reply),
                options.get("host", "localhost"),
                options.get("port", 6379),
                ssl=ssl.create_default_context() if secure else None,
            )
        try:
            if options.get("password"):
                credentials = [options["password"].encode()]
                if options.get("username"):
                    credentials.insert(0, options["username"].encode())
                await connection.request(b"AUTH", *credentials)
            else:
                await connection.request(b"PING")
        except BaseException:
            connection.close()
            raise
    return connection


class RedisRelay:
    """One per hub: subscriptions by session, publishes and the listener."""

    def __init__(
        self, url: str, prefix: str, *, origin: str, on_message: Callable, on_reconnect: Callable
    ):
        self.url = url
        # Every message starts with its sender's origin: Redis echoes a process's own
        # publishes back to it, and those are dropped before they are decoded.
        self.origin = origin.encode()
        self.prefix = f"{prefix}:roleplay:"
        self.on_message = on_message
        self.on_reconnect = on_reconnect
        self.sessions: set[int] = set()
        self.subscriber: _Connection | None = None
        self.connected = asyncio.Event()  # self.subscriber is there and connected
        self.confirmations: dict[bytes, asyncio.Future] = {}
        self.listener: asyncio.Task | None = None
        # Publishing: the connection, the commands of this turn, the replies owed.
        self.publisher: _Connection | None = None
        self.connecting: asyncio.Task | None = None
        self.tried_at = -RECONNECT_EVERY
        self.waiting: list[bytes] = []
        self.flushing = False
        self.owed: deque[float] = deque()  # when each unanswered PUBLISH was written
        self.warned_at = -WARN_EVERY

    def channel(self, session_id: int) -> str:
        return f"{self.prefix}{session_id}"

    def start(self) -> None:
        if self.listener is None or self.listener.done():
            self.listener = asyncio.get_running_loop().create_task(self._listen_forever())

    async def subscribe(self, session_id: int) -> None:
        """Subscribe this process to a session; returns once Redis has confirmed it
        (or after ``SUBSCRIBE_TIMEOUT``: the listener subscribes when Redis is back)."""
        self.start()
        self.sessions.add(session_id)
        channel = self.channel(session_id).encode()
        confirmed = self.confirmations.get(channel)
        if confirmed is None or confirmed.done():
            confirmed = asyncio.get_running_loop().create_future()
            self.confirmations[channel] = confirmed
        try:
            async with asyncio.timeout(SUBSCRIBE_TIMEOUT):
                await self.connected.wait()
                self.subscriber.write(hiredis.pack_command((_SUBSCRIBE, channel)))
                await asyncio.shield(confirmed)
        except Exception:
            _stop_if_cancelled()
            self._warn("subscribing to %s failed", session_id)
        finally:
            if self.confirmations.get(channel) is confirmed:
                del self.confirmations[channel]

    async def unsubscribe(self, session_id: int) -> None:
        self.sessions.discard(session_id)
        subscriber = self.subscriber
        if subscriber is not None and subscriber.open:
            channel = self.channel(session_id).encode()
            subscriber.write(hiredis.pack_command((_UNSUBSCRIBE, channel)))

    def publish(self, session_id: int, message: dict) -> None:
        """Queue one message for the other processes; it leaves at the end of this
        turn of the event loop, in one write with the others made meanwhile."""
        if len(self.waiting) >= MAX_WAITING:
            del self.waiting[: MAX_WAITING // 2]
            self._warn("dropped relayed messages while Redis was slow (%s)", session_id)
        channel = self.channel(session_id).encode()
        self.waiting.append(hiredis.pack_command((_PUBLISH, channel, self._encode(message))))
        if not self.flushing:
            self.flushing = True
            asyncio.get_running_loop().call_soon(self._flush)
        self.start()

    async def publish_now(self, session_id: int, message: dict) -> None:
        """Publish one message at once, on a connection of its own (an announcement
        from a short-lived event loop, ``roleplay.room.access``); never raises."""
        connection = None
        try:
            async with asyncio.timeout(PUBLISH_TIMEOUT):
                connection = await _connect(self.url, _ignore)
                channel = self.channel(session_id).encode()
                await connection.request(_PUBLISH, channel, self._encode(message))
        except Exception:
            _stop_if_cancelled()
            self._warn("publishing to %s failed", session_id)
        finally:
            if connection is not None:
                connection.close()

    def _flush(self) -> None:
        self.flushing = False
        if not self.waiting:
            return
        publisher = self.publisher
        if publisher is None or not publisher.open:
            self._connect_publisher()
            return  # they wait for the connection (or are dropped if it fails)
        now = time.monotonic()
        if self.owed and now - self.owed[0] > PUBLISH_TIMEOUT:
            # Redis took no notice of what was sent: away. The database has them all.
            self._warn("Redis did not answer %s publishes", len(self.owed))
            publisher.close()
            self._drop_waiting()
            return
        batch, self.waiting = self.waiting, []
        publisher.write(b"".join(batch))
        self.owed.extend([now] * len(batch))

    def _published(self, reply) -> None:
        if self.owed:
            self.owed.popleft()
        if isinstance(reply, hiredis.ReplyError):
            self._warn("Redis refused a publish: %s", reply)

    def _connect_publisher(self) -> None:
        if self.connecting is not None and not self.connecting.done():
            return
        if time.monotonic() - self.tried_at < RECONNECT_EVERY:
            self._drop_waiting()  # Redis was away a moment ago: do not wait for it
            return
        self.tried_at = time.monotonic()
        self.connecting = asyncio.get_running_loop().create_task(self._open_publisher())

    async def _open_publisher(self) -> None:
        try:
            publisher = await _connect(self.url, self._published)
        except Exception:
            # Redis is away: the other processes read these from the database.
            _stop_if_cancelled()
            self._warn("connecting to Redis to publish failed")
            self._drop_waiting()
            return
        if self.publisher is not None:
            self.publisher.close()
        self.publisher, self.owed = publisher, deque()
        self._flush()

    def _drop_waiting(self) -> None:
        if self.waiting:
            self._warn("publishing %s messages failed", len(self.waiting))
            self.waiting = []

    async def _listen_forever(self) -> None:
        first = True
        while True:
            subscriber = None
            try:
                subscriber = await _connect(self.url, self._received)
                if self.sessions:
                    channels = (self.channel(s).encode() for s in self.sessions)
                    subscriber.write(hiredis.pack_command((_SUBSCRIBE, *channels)))
                self.subscriber = subscriber
                self.connected.set()
                if not first:
                    logger.info("Role-play relay: connected to Redis again")
                    self.on_reconnect()
                first = False
                await subscriber.lost
                self._warn("the connection to Redis was lost")
            except asyncio.CancelledError:
                raise
            except Exception:
                _stop_if_cancelled()
                self._warn("the connection to Redis failed")
                first = False
            finally:
                self.connected.clear()
                self.subscriber = None
                if subscriber is not None:
                    subscriber.close()
            await asyncio.sleep(RECONNECT_EVERY)

    def _received(self, reply) -> None:
        """A reply on the subscriber connection: a message, or a confirmation."""
        if type(reply) is not list:
            return
        kind = reply[0]
        if kind == _MESSAGE:
            data = reply[2]
            if data.startswith(self.origin):
                return  # our own, echoed
            try:
                self.on_message(json.loads(data[_ORIGIN_SIZE:]))
            except Exception:
                logger.exception("Role-play relay: delivering a relayed message failed")
        elif kind == _SUBSCRIBED:
            confirmed = self.confirmations.get(reply[1])
            if confirmed is not None and not confirmed.done():
                confirmed.set_result(None)

    def _encode(self, message: dict) -> bytes:
        """The sender's origin, then the message as compact JSON."""
        return self.origin + json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()

    def _warn(self, text: str, *arguments) -> None:
        """Log a Redis failure at most every ``WARN_EVERY`` seconds (not per frame)."""
        now = time.monotonic()
        if now - self.warned_at >= WARN_EVERY:
            self.warned_at = now
            failed = sys.exc_info()[0] is not None
            logger.warning("Role-play relay: " + text, *arguments, exc_info=failed)


def _ignore(reply) -> None:
    pass


def _stop_if_cancelled() -> None:
    """End a forever-loop that was cancelled even if the library raised something else.

    A cancellation arriving inside a Redis command can surface as a connection error;
    caught and retried, it would keep the loop alive while its event loop shuts down.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
