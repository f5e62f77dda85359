"""An open-loop WebSocket load generator for relay benchmarks.

Each room has a few connections; some of them speak at a fixed pace for a fixed time.
Every message carries the time it was *scheduled* to leave, so a server that falls
behind shows up as latency instead of as a slower sender (no coordinated omission).
Each receipt by another member of the room counts as one delivery.
"""

import asyncio
import math
import time
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
            "duplicates": self.duplicates,
        }


async def run_load(
    rooms: list[Room],
    codec: Codec,
    *,
    rate: float = 8.0,
    duration: float = 10.0,
    drain: float = 3.0,
    connect_timeout: float = 30.0,
) -> LoadResult:
    received: set[tuple[int, str]] = set()
    latencies: list[float] = []
    duplicates = 0
    sent_counts: dict[int, int] = {}
    member_room: list[int] = []
    flat: list[Member] = []
    for room_index, room in enumerate(rooms):
        for member in room.members:
            flat.append(member)
            member_room.append(room_index)

    async def open_one(member: Member):
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
        return websocket

    sockets = []
    for start in range(0, len(flat), 50):
        sockets += await asyncio.gather(*(open_one(m) for m in flat[start : start + 50]))

    stop_receiving = asyncio.Event()

    async def receive(index: int, websocket):
        nonlocal duplicates
        while not stop_receiving.is_set():
            try:
                frame = await asyncio.wait_for(websocket.recv(), 0.5)
            except TimeoutError:
                continue
            except Exception:
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
            latencies.append((now - float(scheduled)) * 1000)

    receivers = [asyncio.create_task(receive(i, ws)) for i, ws in enumerate(sockets)]
    await asyncio.sleep(0.5)

    interval = 1.0 / rate
    begin = time.perf_counter() + 0.2

    async def speak(index: int, websocket):
        n = 0
        while True:
            scheduled = begin + n * interval + (index % 97) * interval / 97
            if scheduled - begin >= duration:
                break
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await websocket.send(codec.encode(f"{index}:{n}:{scheduled:.6f}"))
            n += 1
        sent_counts[index] = n

    speakers = [asyncio.create_task(speak(i, ws)) for i, ws in enumerate(sockets) if flat[i].speaks]
    await asyncio.gather(*speakers)
    elapsed = time.perf_counter() - begin
    await asyncio.sleep(drain)
    stop_receiving.set()
    await asyncio.gather(*receivers, return_exceptions=True)
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)

    expected = 0
    for index, count in sent_counts.items():
        listeners = len(rooms[member_room[index]].members) - 1
        expected += count * listeners
    listeners_per_message = [len(room.members) - 1 for room in rooms]
    speakers_per_room = [sum(m.speaks for m in room.members) for room in rooms]
    offered = sum(
        s * rate * lst for s, lst in zip(speakers_per_room, listeners_per_message, strict=True)
    )
    return LoadResult(
        rooms=len(rooms),
        offered_per_second=offered,
        delivered=len(received),
        expected=expected,
        duplicates=duplicates,
        seconds=elapsed,
        latencies_ms=latencies,
    )
