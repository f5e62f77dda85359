"""Idle role-play connections: the server's memory per open WebSocket connection.

One real server process (``bench.server``: uvicorn in-process, production settings,
the in-memory channel layer, a seeded SQLite copy or ``DATABASE_URL``) gets
``connections`` role-play connections: authenticated participants (coach, agent,
customer, observer) of ``connections / 4`` live sessions, seeded through the real
services as ``bench.relay`` seeds them, each connected and welcomed. Nobody speaks.

The figure is ``(VmRSS after - VmRSS before) / connections``, each reading taken in
the server after a short settle and a ``gc.collect()`` (``SIGUSR1``, see
``bench.server``). "Before" is read with a few warm-up connections already open, so
that one-off costs (imports on first use, the room thread and its database
connection, caches) are not charged to the connections.

The baseline is the same number of connections, with the same cookies, to the
Channels tutorial chat consumer (``bench.relay_baselines``) in the same server
software on the same layer: a connection that joins a group and does nothing else.

Floor (issue 7): under 100 KB a connection; the goal is under 50 KB.

    python -m bench.idle                       # 1,000 connections, both servers
    python -m bench.idle --connections 200
    python -m bench.idle --trace               # tracemalloc in the server: what costs

``--trace`` runs only Kohtaamo's server, with ``tracemalloc`` on, and prints the
allocations that grew between the two readings, per connection, by line and by
call stack. Tracing inflates the figures; it says where memory goes, not how much.
"""

import argparse
import asyncio
import json
import os
import resource
import time
import tracemalloc
from pathlib import Path

from websockets.asyncio.client import connect

from bench import seeded
from bench.server import rss_kb, running

ROOT = Path(__file__).resolve().parent.parent
LIMIT_KB = 100.0
GOAL_KB = 50.0
WARMUP_ROOMS = 5
ROLES = ("coach", "agent", "customer", "observer")
SETTLE_SECONDS = 2.0


def raise_fd_limit(needed: int) -> int:
    """Raise this process's open-file limit (servers started later inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = needed if hard == resource.RLIM_INFINITY else min(hard, needed)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        raise RuntimeError(f"open-file limit {soft} is below the {needed} this run needs")
    return soft


def prepare_members(env: dict[str, str], rooms: int) -> list[dict]:
    """``rooms`` live sessions with four signed-in participants each, as bench.relay."""
    seeded.setup_django(env)
    from bench.relay import kohtaamo_sessions

    return kohtaamo_sessions(rooms)


async def _open(url: str, cookie: str, origin: str, welcome: bool):
    websocket = await connect(
        url,
        origin=origin,
        additional_headers={"Cookie": cookie},
        compression=None,
        max_size=2**20,
        ping_interval=None,
        open_timeout=60,
    )
    if welcome:
        while True:
            frame = json.loads(await asyncio.wait_for(websocket.recv(), 60))
            if frame.get("type") == "welcome":
                break
            if frame.get("type") == "error":
                raise RuntimeError(f"refused: {frame}")
    return websocket


async def _drain(websocket) -> None:
    try:
        async for _frame in websocket:
            pass
    except Exception:
        pass


class Connections:
    """The client side: open connections in batches and keep reading from them."""

    def __init__(self, port: int, tier: str):
        self.base = f"ws://127.0.0.1:{port}"
        self.origin = f"http://127.0.0.1:{port}"
        self.tier = tier
        self.sockets: list = []
        self.drains: list[asyncio.Task] = []

    def url(self, room: dict, index: int) -> str:
        if self.tier == "kohtaamo":
            return f"{self.base}/ws/roleplay/{room['session']}/"
        return f"{self.base}/ws/bench/chat/bench{index}/"

    async def open(self, rooms: list[tuple[int, dict]], batch: int = 50) -> float:
        plan = [(self.url(room, index), room[role]) for index, room in rooms for role in ROLES]
        started = time.perf_counter()
        for start in range(0, len(plan), batch):
            opened = await asyncio.gather(
                *(
                    _open(url, cookie, self.origin, self.tier == "kohtaamo")
                    for url, cookie in plan[start : start + batch]
                )
            )
            self.sockets += opened
            self.drains += [asyncio.create_task(_drain(ws)) for ws in opened]
        return time.perf_counter() - started

    async def close(self) -> None:
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
        await asyncio.gather(*self.drains, return_exceptions=True)


def count_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


async def _measure(port, pid, read, tier, warmup, measured, trace, settle) -> dict:
    client = Connections(port, tier)
    await client.open(warmup)
    await asyncio.sleep(settle)
    read()
    before = read(snapshot=trace)
    fds_before = count_fds(pid)
    first = len(client.sockets)
    connect_seconds = await client.open(measured)
    await asyncio.sleep(settle)
    read()
    after = read(snapshot=trace)
    # Read by the client from /proc too: the same figure, unless the server lied.
    outside = rss_kb(pid)
    count = len(measured) * len(ROLES)
    result = {
        "connections": count,
        "kb_per_connection": round((after["rss_kb"] - before["rss_kb"]) / count, 1),
        "rss_before_mb": round(before["rss_kb"] / 1024, 1),
        "rss_after_mb": round(after["rss_kb"] / 1024, 1),
        "fds_per_connection": round((count_fds(pid) - fds_before) / count, 2),
        "connect_s": round(connect_seconds, 1),
        "open_at_end": sum(ws.state.name == "OPEN" for ws in client.sockets[first:]),
    }
    if abs(outside - after["rss_kb"]) > 0.2 * max(after["rss_kb"], 1):
        result["note"] = f"RSS read outside the server differed: {outside} KiB"
    if trace:
        result["snapshots"] = (before["snapshot"], after["snapshot"])
    await client.close()
    return result


def measure_tier(
    tier: str,
    env: dict,
    rooms: list[dict],
    trace_frames: int = 0,
    warmup_rooms: int = WARMUP_ROOMS,
    settle: float = SETTLE_SECONDS,
) -> dict:
    app = "cms.asgi:application" if tier == "kohtaamo" else "bench.relay_baselines:application"
    indexed = list(enumerate(rooms))
    warmup, measured = indexed[:warmup_rooms], indexed[warmup_rooms:]
    with running(app, env, trace_frames) as (port, pid, read):
        return asyncio.run(
            _measure(port, pid, read, tier, warmup, measured, bool(trace_frames), settle)
        )


def report_trace(before_path: str, after_path: str, connections: int, top: int = 25) -> str:
    """The allocations that grew between the readings, per connection."""
    ignore = [
        tracemalloc.Filter(False, tracemalloc.__file__),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap*>"),
    ]
    before = tracemalloc.Snapshot.load(before_path).filter_traces(ignore)
    after = tracemalloc.Snapshot.load(after_path).filter_traces(ignore)
    lines = []
    total = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    lines.append(f"traced growth: {total / 1024 / connections:.1f} KB per connection")
    lines.append("\nby line (KB per connection, allocations per connection):")
    for stat in after.compare_to(before, "lineno")[:top]:
        frame = stat.traceback[0]
        lines.append(
            f"  {stat.size_diff / 1024 / connections:7.2f} KB {stat.count_diff / connections:7.1f}"
            f"  {_short(frame.filename)}:{frame.lineno}"
        )
    lines.append("\nby call stack (the largest few; the innermost frames, innermost last):")
    for stat in after.compare_to(before, "traceback")[:10]:
        lines.append(f"  {stat.size_diff / 1024 / connections:7.2f} KB per connection")
        for frame in list(stat.traceback)[-6:]:
            lines.append(f"      {_short(frame.filename)}:{frame.lineno}")
    return "\n".join(lines)


def _short(filename: str) -> str:
    for marker in ("site-packages/", str(ROOT) + "/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def main(
    connections: int = 1000,
    tiers=("kohtaamo", "tutorial"),
    trace_frames: int = 0,
    warmup_rooms: int = WARMUP_ROOMS,
    settle: float = SETTLE_SECONDS,
) -> dict:
    rooms_count = max(1, connections // len(ROLES))
    raise_fd_limit(2 * (rooms_count + warmup_rooms) * len(ROLES) + 256)
    env = seeded.prepare()
    try:
        started = time.monotonic()
        rooms = prepare_members(env, rooms_count + warmup_rooms)
        print(
            f"  idle: {len(rooms)} sessions seeded in {time.monotonic() - started:.0f} s",
            flush=True,
        )
        results = {}
        for tier in tiers:
            results[tier] = measure_tier(tier, env, rooms, trace_frames, warmup_rooms, settle)
            print(f"  idle {tier:9} {json.dumps(results[tier])}", flush=True)
        return results
    finally:
        seeded.cleanup(env)


def run(quick: bool = False, connections: int | None = None, **sizes) -> dict:
    """``make bench`` entry: KB per idle connection against the tutorial consumer.

    ``sizes`` (``warmup_rooms``, ``settle``) shrink a run further, for tests."""
    connections = connections or (400 if quick else 1000)
    results = main(connections, **sizes)
    ours, base = results["kohtaamo"], results["tutorial"]
    ratio = (
        ours["kb_per_connection"] / base["kb_per_connection"] if base["kb_per_connection"] else None
    )
    complete = ours["open_at_end"] == ours["connections"] == base["open_at_end"]
    return {
        "idle": {
            "measured": ours,
            "baseline": base,
            "ratio": round(ratio, 2) if ratio else None,
            "limit": {"kb_per_connection": LIMIT_KB, "goal_kb_per_connection": GOAL_KB},
            "ok": bool(complete and 0 < ours["kb_per_connection"] < LIMIT_KB),
            "table": {
                "measure": f"KB per idle connection ({ours['connections']})",
                "kohtaamo": ours["kb_per_connection"],
                "baseline": base["kb_per_connection"],
                "floor": f"< {LIMIT_KB:.0f} (goal < {GOAL_KB:.0f})",
            },
        }
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--trace", action="store_true", help="tracemalloc in Kohtaamo's server")
    parser.add_argument("--frames", type=int, default=12, help="stack depth traced")
    parser.add_argument("--warmup-rooms", type=int, default=WARMUP_ROOMS)
    parser.add_argument("--settle", type=float, default=SETTLE_SECONDS)
    parser.add_argument("--output", help="write the result as JSON here")
    args = parser.parse_args()
    sizes = {"warmup_rooms": args.warmup_rooms, "settle": args.settle}
    if args.trace:
        output = main(args.connections, ("kohtaamo",), args.frames, **sizes)
        figures = output["kohtaamo"]
        print(report_trace(*figures["snapshots"], figures["connections"]))
        for path in figures["snapshots"]:
            Path(path).unlink(missing_ok=True)
    else:
        text = json.dumps(run(connections=args.connections, **sizes), indent=1)
        if args.output:
            Path(args.output).write_text(text)
        else:
            print(text)
