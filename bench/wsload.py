"""An open-loop WebSocket load generator for relay benchmarks.

Each room has a few connections; some of them speak at a fixed pace for a fixed time.
Every message carries the time it was *scheduled* to leave, so a server that falls
behind shows up as latency instead of as a slower sender (no coordinated omission).
Each receipt by another member of the room counts as one delivery.

A load that overwhelms the server is a result, not a crash: connections refused or
closed under load, and frames that could not be sent, are counted (``errors``) and
the run goes on. A delivery that has not arrived ``drain`` seconds after the last
frame was sent is waited for as long as deliveries keep arriving (until none has for
``grace`` seconds, at most ``patience`` seconds): arriving then it is *late* (latency,
counted in the percentiles), never arriving it is *missing*; the caller
classifies what is missing (``LoadResult.missing``), e.g. against its database.
"""

import asyncio
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from websockets.asyncio.client import connect


@dataclass
class Member:
    url: str
    speaks: bool
    headers: dict[str, str] = field(default_factory=dict)
    origin: str | None = None


@dataclass
class Room:
    members: list[Member]
    key: int | None = None  # what the tier knows the room by (a session's id)


@dataclass
class Codec:
    """How a tier wraps a payload into a frame and finds it again in what arrives."""

    encode: Callable[[str], str]
    decode: Callable[[str], str | None]
    hello: Callable[[str], bool] = lambda frame: True  # the first frame means "ready"
    expects_hello: bool = False


@dataclass
class LoadResult:
    rooms: int
    offered_per_second: float
    delivered: int
    expected: int
    duplicates: int
    seconds: float
    latencies_ms: list[float]
    # (receiving member's index, payload) of every delivery that never arrived
    missing: list[tuple[int, str]] = field(default_factory=list)
    late: int = 0
    errors: Counter = field(default_factory=Counter)
    connected: int = 0
    members: int = 0
    # Members whose connection failed or was closed before the end.
    closed: set[int] = field(default_factory=set)
    member_rooms: list[int] = field(default_factory=list)  # member index -> room index

    @property
    def lost(self) -> int:
        return self.expected - self.delivered

    @property
    def delivered_per_second(self) -> float:
        return self.delivered / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return math.inf
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))
        return ordered[index]

    def as_dict(self) -> dict:
        return {
            "rooms": self.rooms,
            "offered_deliveries_per_s": round(self.offered_per_second, 1),
            "delivered_per_s": round(self.delivered_per_second, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p99_ms": round(self.percentile(99), 2),
            "lost": self.lost,
            "late": self.late,
            "duplicates": self.duplicates,
            "connected": f"{self.connected}/{self.members}",
            "errors": dict(self.errors),
        }


def _offset(index: int, n: int, interval: float) -> float:
    """When speaker ``index`` sends its ``n``-th frame, after the start (spread out)."""
    return n * interval + (index % 97) * interval / 97


def _due(index: int, interval: float, duration: float) -> int:
    """How many frames speaker ``index`` is due to send in ``duration``."""
    n = 0
    while _offset(index, n, interval) < duration:
        n += 1
    return n


def _error_name(error: BaseException) -> str:
    code = getattr(getattr(error, "rcvd", None), "code", None)
    return f"{type(error).__name__}({code})" if code else type(error).__name__


async def run_load(
    rooms: list[Room],
    codec: Codec,
    *,
    rate: float = 8.0,
    duration: float = 10.0,
    drain: float = 3.0,
    grace: float = 3.0,
    patience: float = 30.0,
    connect_timeout: float = 30.0,
    phase: Callable[[str], None] = lambda name: None,
) -> LoadResult:
    """Connect every member, let the speakers speak, wait for the deliveries.

    ``phase("speaking")`` is called as the first frame is due, ``phase("drained")``
    after the drain: what the server does in between is what the load cost (not the
    connects)."""
    received: set[tuple[int, str]] = set()
    latencies: list[float] = []
    duplicates = late = 0
    errors: Counter = Counter()
    sent: dict[int, list[str]] = {}
    member_room: list[int] = []
    flat: list[Member] = []
    for room_index, room in enumerate(rooms):
        for member in room.members:
            flat.append(member)
            member_room.append(room_index)

    async def open_one(member: Member):
        try:
            websocket = await connect(
                member.url,
                origin=member.origin,
                additional_headers=member.headers,
                compression=None,
                max_size=2**20,
                ping_interval=None,
                open_timeout=connect_timeout,
            )
            if codec.expects_hello:
                while not codec.hello(await asyncio.wait_for(websocket.recv(), connect_timeout)):
                    pass
        except Exception as error:  # refused or closed under load: a result
            errors[f"connect: {_error_name(error)}"] += 1
            return None
        return websocket

    sockets = []
    for start in range(0, len(flat), 50):
        sockets += await asyncio.gather(*(open_one(m) for m in flat[start : start + 50]))
    closed = {index for index, websocket in enumerate(sockets) if websocket is None}

    stop_receiving = asyncio.Event()
    draining = False

    async def receive(index: int, websocket):
        nonlocal duplicates, late
        while not stop_receiving.is_set():
            try:
                frame = await asyncio.wait_for(websocket.recv(), 0.5)
            except TimeoutError:
                continue
            except Exception as error:
                if not stop_receiving.is_set():
                    errors[f"receive: {_error_name(error)}"] += 1
                    closed.add(index)
                return
            now = time.perf_counter()
            payload = codec.decode(frame)
            if payload is None:
                continue
            sender, _n, scheduled = payload.split(":", 2)
            if int(sender) == index:
                continue
            key = (index, payload)
            if key in received:
                duplicates += 1
                continue
            received.add(key)
            late += draining
            latencies.append((now - float(scheduled)) * 1000)

    receivers = [
        asyncio.create_task(receive(i, ws)) for i, ws in enumerate(sockets) if ws is not None
    ]
    await asyncio.sleep(0.5)

    interval = 1.0 / rate
    begin = time.perf_counter() + 0.2
    phase("speaking")

    async def speak(index: int, websocket):
        n = 0
        mine = sent[index] = []
        while True:
            scheduled = begin + _offset(index, n, interval)
            if scheduled - begin >= duration:
                break
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            payload = f"{index}:{n}:{scheduled:.6f}"
            try:
                await websocket.send(codec.encode(payload))
            except Exception as error:  # closed under load: it speaks no more
                errors[f"send: {_error_name(error)}"] += 1
                return
            mine.append(payload)
            n += 1

    speakers = [
        asyncio.create_task(speak(i, ws))
        for i, ws in enumerate(sockets)
        if flat[i].speaks and ws is not None
    ]
    await asyncio.gather(*speakers)
    elapsed = time.perf_counter() - begin
    await asyncio.sleep(drain)
    phase("drained")
    # Past the drain a delivery is late; past the grace as well, it is missing.
    draining = True
    members_of = [[] for _ in rooms]
    for index, room_index in enumerate(member_room):
        members_of[room_index].append(index)

    def outstanding() -> list[tuple[int, str]]:
        return [
            (other, payload)
            for index, payloads in sent.items()
            for payload in payloads
            for other in members_of[member_room[index]]
            if other != index and (other, payload) not in received
        ]

    # Wait while deliveries still come in: until none has for ``grace`` seconds (at
    # most ``patience`` in all), so that a server far behind shows as late, not lost.
    deadline = time.perf_counter() + patience
    quiet_since, seen = time.perf_counter(), len(received)
    while outstanding() and time.perf_counter() < deadline:
        await asyncio.sleep(0.25)
        if len(received) > seen:
            quiet_since, seen = time.perf_counter(), len(received)
        elif time.perf_counter() - quiet_since >= grace:
            break
    stop_receiving.set()
    await asyncio.gather(*receivers, return_exceptions=True)
    await asyncio.gather(*(ws.close() for ws in sockets if ws is not None), return_exceptions=True)

    # Expected: every frame a speaker was due to send (sent or not) times its listeners.
    expected = sum(
        _due(index, interval, duration) * (len(members_of[member_room[index]]) - 1)
        for index, member in enumerate(flat)
        if member.speaks
    )
    offered = sum(
        sum(m.speaks for m in room.members) * rate * (len(room.members) - 1) for room in rooms
    )
    return LoadResult(
        rooms=len(rooms),
        offered_per_second=offered,
        delivered=len(received),
        expected=expected,
        duplicates=duplicates,
        seconds=elapsed,
        latencies_ms=latencies,
        missing=outstanding(),
        late=late,
        errors=errors,
        connected=sum(ws is not None for ws in sockets),
        members=len(flat),
        closed=closed,
        member_rooms=member_room,
    )
