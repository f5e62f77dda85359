"""The relay benchmark reports a collapsing server instead of crashing.

A real ``websockets`` server in this process relays like the bare baseline; one variant
closes every connection in the middle of the load, another is not there at all. The
load generator and ``bench.relay.measure_tier`` must return a result with the errors
and the lost deliveries counted, and the sweep must stop at the collapse.
"""

import asyncio
import threading
from contextlib import contextmanager

import pytest
from websockets.asyncio.server import broadcast, serve

from bench.relay import bare_codec, baseline_rooms, free_port, measure_tier
from bench.wsload import run_load

pytestmark = pytest.mark.timeout(120)


@contextmanager
def relay_server(close_after: float | None = None):
    """A bare relay on a free port, in a thread; ``close_after`` seconds into each
    connection it closes the connection (1011), as an overloaded server would."""
    port = free_port()
    ready = threading.Event()
    loop = asyncio.new_event_loop()
    rooms: dict[str, set] = {}

    async def handler(connection):
        room = rooms.setdefault(connection.request.path, set())
        room.add(connection)
        if close_after is not None:
            loop.call_later(close_after, lambda: loop.create_task(connection.close(1011)))
        try:
            async for message in connection:
                broadcast(room - {connection}, message)
        finally:
            room.discard(connection)

    async def main(stop: asyncio.Event):
        async with serve(handler, "127.0.0.1", port, compression=None):
            ready.set()
            await stop.wait()

    stop = asyncio.Event()
    thread = threading.Thread(target=lambda: loop.run_until_complete(main(stop)), daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        yield f"ws://127.0.0.1:{port}"
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)


def rooms(url: str, count: int):
    return baseline_rooms([url], count, "/bare/{room}")


def test_a_healthy_server_delivers_everything():
    with relay_server() as url:
        result = asyncio.run(run_load(rooms(url, 2), bare_codec(), duration=1.0, drain=0.5))
    assert result.expected == 2 * 2 * 8 * 3  # 2 rooms, 2 speakers, 8 a second, 3 listeners
    assert result.lost == 0 and not result.missing and not result.errors
    assert result.connected == result.members == 8


def test_connections_closed_under_load_are_counted_not_raised():
    with relay_server(close_after=0.8) as url:
        result = asyncio.run(
            run_load(rooms(url, 2), bare_codec(), duration=2.0, drain=0.5, grace=0.5)
        )
    assert result.lost > 0
    assert result.expected == 2 * 2 * 16 * 3  # every frame due counts, sent or not
    assert any(name.startswith(("send", "receive")) for name in result.errors)
    assert result.closed  # whose deliveries a resume would bring


def test_a_tier_whose_server_refuses_is_a_row_and_the_sweep_stops():
    port = free_port()  # nothing listens here

    @contextmanager
    def start():
        yield [f"ws://127.0.0.1:{port}"], []

    tier = (start, lambda urls, n: rooms(urls[0], n), bare_codec())
    rows = measure_tier("nowhere", [1, 2, 3], tier, rate=8.0, duration=0.5, database=None)
    assert len(rows) == 1
    assert rows[0]["collapsed"] and not rows[0]["ok"]
    assert rows[0]["connected"] == "0/4"
    assert rows[0]["lost"] == rows[0]["lost_unstored"] > 0
