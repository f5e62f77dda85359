"""How the hubs of several processes hear each other: Redis pub/sub, nothing more.

Each process keeps one pub/sub connection, subscribed to one Redis channel per
session it has participants of (``<prefix>:roleplay:<session>``). A committed batch of
a session's events is one ``PUBLISH`` of one JSON message, whatever the number of
processes and connections; publishes waiting at the same moment leave in one
pipelined round trip, in the order they were made, from a sender task, so the writer
never waits on Redis. See docs/decisions/0009-redis-relay.md.

Pub/sub keeps nothing: a process that is not subscribed, or not connected, while a
message is published never gets it. That is what the database is for. The hub
(``roleplay.room.fanout``) notices a gap in ``seq`` and reads it from the database,
and after every reconnect it reads what it may have missed (``on_reconnect``).
"""

import asyncio
import json
import logging
import time
from collections.abc import Callable

import redis.asyncio as redis
from django.conf import settings

logger = logging.getLogger(__name__)

# The longest a subscription may hold up a connect while Redis does not answer.
SUBSCRIBE_TIMEOUT = 2.0
# How long a publish may take before Redis counts as away and the messages are dropped.
# Generous: a message dropped while both ends stay connected is only read from the
# database when a later event shows the gap; a real outage fails fast (the connect
# timeout) and the other processes catch up from the database when they reconnect.
PUBLISH_TIMEOUT = 10.0
# Between attempts to reconnect to Redis, and between warnings while it is away.
RECONNECT_EVERY = 0.5
WARN_EVERY = 10.0
# Messages waiting for Redis beyond this are dropped (the database has them).
MAX_WAITING = 10_000


def relay_settings() -> tuple[str, str] | None:
    """Redis's URL and the key prefix, if the project's channel layer is on Redis."""
    layer = getattr(settings, "CHANNEL_LAYERS", {}).get("default", {})
    if "redis" not in layer.get("BACKEND", "").lower():
        return None
    config = layer.get("CONFIG", {})
    host = config["hosts"][0]
    url = host if isinstance(host, str) else host["address"]
    return url, config.get("prefix", "asgi")


class RedisRelay:
    """One per hub: subscriptions by session, publishes and the listener."""

    def __init__(self, url: str, prefix: str, *, on_message: Callable, on_reconnect: Callable):
        self.client = redis.Redis.from_url(url, socket_connect_timeout=1.0)
        self.prefix = f"{prefix}:roleplay:"
        self.on_message = on_message
        self.on_reconnect = on_reconnect
        self.sessions: set[int] = set()
        self.pubsub = None
        self.connected = asyncio.Event()  # self.pubsub is there and connected
        self.confirmations: dict[bytes, asyncio.Future] = {}
        self.waiting: list[tuple[str, bytes]] = []
        self.wake = asyncio.Event()
        self.listener: asyncio.Task | None = None
        self.sender: asyncio.Task | None = None
        self.warned_at = 0.0

    def channel(self, session_id: int) -> str:
        return f"{self.prefix}{session_id}"

    def start(self) -> None:
        if self.listener is None or self.listener.done():
            loop = asyncio.get_running_loop()
            self.listener = loop.create_task(self._listen_forever())
            self.sender = loop.create_task(self._send_forever())

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
                await self.pubsub.subscribe(channel)
                await asyncio.shield(confirmed)
        except Exception:
            _stop_if_cancelled()
            self._warn("subscribing to %s failed", session_id)
        finally:
            if self.confirmations.get(channel) is confirmed:
                del self.confirmations[channel]

    async def unsubscribe(self, session_id: int) -> None:
        self.sessions.discard(session_id)
        pubsub = self.pubsub
        if pubsub is not None:
            try:
                await pubsub.unsubscribe(self.channel(session_id))
            except Exception:
                _stop_if_cancelled()
                self._warn("unsubscribing from %s failed", session_id)

    def publish(self, session_id: int, message: dict) -> None:
        """Queue one message for the other processes; it leaves with the next pipeline."""
        if len(self.waiting) >= MAX_WAITING:
            del self.waiting[: MAX_WAITING // 2]
            self._warn("dropped relayed messages while Redis was slow (%s)", session_id)
        self.waiting.append((self.channel(session_id), json.dumps(message).encode()))
        self.wake.set()
        self.start()

    async def publish_now(self, session_id: int, message: dict) -> None:
        """Publish one message at once, without the sender task (an announcement from
        a short-lived event loop, ``roleplay.room.access``); never raises."""
        try:
            item = (self.channel(session_id), json.dumps(message).encode())
            await asyncio.wait_for(self._publish([item]), PUBLISH_TIMEOUT)
        except Exception:
            _stop_if_cancelled()
            self._warn("publishing to %s failed", session_id)

    async def _send_forever(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.waiting:
                batch, self.waiting = self.waiting, []
                try:
                    await asyncio.wait_for(self._publish(batch), PUBLISH_TIMEOUT)
                except Exception:
                    # Redis is away: the other processes read these from the database.
                    _stop_if_cancelled()
                    self._warn("publishing %s messages failed", len(batch))

    async def _publish(self, batch: list[tuple[str, bytes]]) -> None:
        if len(batch) == 1:
            await self.client.publish(*batch[0])
            return
        async with self.client.pipeline(transaction=False) as pipe:
            for channel, data in batch:
                pipe.publish(channel, data)
            await pipe.execute()

    async def _listen_forever(self) -> None:
        first = True
        while True:
            pubsub = self.client.pubsub()
            try:
                await pubsub.ping()  # connects; the reply comes to _receive
                if self.sessions:
                    await pubsub.subscribe(*(self.channel(s) for s in self.sessions))
                self.pubsub = pubsub
                self.connected.set()
                if not first:
                    logger.info("Role-play relay: connected to Redis again")
                    self.on_reconnect()
                first = False
                await self._receive(pubsub)
            except asyncio.CancelledError:
                raise
            except Exception:
                _stop_if_cancelled()
                self._warn("the connection to Redis failed")
                first = False
            finally:
                self.connected.clear()
                self.pubsub = None
                await _quietly(pubsub.aclose())
            await asyncio.sleep(RECONNECT_EVERY)

    async def _receive(self, pubsub) -> None:
        while True:
            message = await pubsub.get_message(timeout=None)
            if message is None:
                continue
            kind = message["type"]
            if kind == "message":
                try:
                    self.on_message(json.loads(message["data"]))
                except Exception:
                    logger.exception("Role-play relay: delivering a relayed message failed")
            elif kind == "subscribe":
                confirmed = self.confirmations.get(message["channel"])
                if confirmed is not None and not confirmed.done():
                    confirmed.set_result(None)

    def _warn(self, text: str, *arguments) -> None:
        """Log a Redis failure at most every ``WARN_EVERY`` seconds (not per frame)."""
        now = time.monotonic()
        if now - self.warned_at >= WARN_EVERY:
            self.warned_at = now
            logger.warning("Role-play relay: " + text, *arguments, exc_info=True)


async def _quietly(awaitable) -> None:
    try:
        await awaitable
    except Exception:
        _stop_if_cancelled()


def _stop_if_cancelled() -> None:
    """End a forever-loop that was cancelled even if the library raised something else.

    A cancellation arriving inside a Redis command can surface as a connection error;
    caught and retried, it would keep the loop alive while its event loop shuts down.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
