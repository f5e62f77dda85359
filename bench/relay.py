"""Role-play relay benchmark: Kohtaamo's live path against two baselines.

Tiers, each swept over the same offered loads with the same client and payload:
- ``kohtaamo``: the real role-play consumer (authenticated participants, audience
  rules, persisted seq, acks), one process on the in-memory layer; ``kohtaamo-redis``:
  two processes sharing Redis; ``kohtaamo-redis-1`` (only with ``--tiers``, for
  finding costs): one process with the relay on Redis, which pays for publishing and
  for Redis's echo of its own messages but serves every connection itself, so that
  what the relay costs and what splitting the rooms over two processes costs can be
  told apart;
- ``tutorial`` / ``tutorial-redis``: the Channels tutorial chat consumer in the same
  server on the same layers;
- ``bare``: a plain ``websockets`` broadcast server.

Per room four members (coach, agent, customer, observer); the agent and the customer
speak at ``rate`` messages a second; the capacity of a tier is the highest offered
load whose p99 stays under 100 ms with nothing lost.

Each tier is warmed up with a short unmeasured load first. A load that makes a tier
collapse (connections refused or reset, time-outs) is recorded as a row with its
errors, the higher loads of that tier are skipped, and the run goes on. A delivery
that arrives after the drain is late (latency); one that never arrives is lost, and
for the Kohtaamo tiers each lost delivery is looked up in the database: a stored
event that an open connection never got is a relay bug (``lost_stored``); one whose
receiver was closed under load is what ``resume`` recovers (``lost_closed``); a frame
never stored was refused or never sent (``lost_unstored``).

The Kohtaamo tiers run on PostgreSQL: ``DATABASE_URL``, else
``postgres://postgres@127.0.0.1:5432/kohtaamo_bench`` (created if missing), else the
seeded SQLite copy, and the table says which. ``BENCH_PROFILE=DIR`` records a py-spy
profile of every server process per load into DIR (for finding costs, not figures).
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.wsload import Codec, LoadResult, Member, Room, run_load

ROOT = Path(__file__).resolve().parent.parent
P99_LIMIT_MS = 100.0
# Issue 16's floor for two processes on Redis: offered deliveries a second.
FLOOR_LOAD = 2400.0
# Shared by the servers and this process, which signs the participants' sessions.
BENCH_SECRET_KEY = "bench-only-not-secret-" + "k" * 40
ROLES = ("coach", "agent", "customer", "observer")
SPEAKERS = {"agent", "customer"}
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/kohtaamo_bench"
WARMUP_SECONDS = 2.0
# A load runs at most this long past its own time before it counts as collapsed.
LOAD_TIMEOUT = 120.0
PY_SPY = str(Path(sys.executable).with_name("py-spy"))


def free_port() -> int:
    """A free port: from ``BENCH_PORTS`` (``first-last``) if set, else any."""
    first, _, last = os.environ.get("BENCH_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            if port not in _handed_out or not port:
                _handed_out.add(port)
                return sock.getsockname()[1]
    raise RuntimeError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


_handed_out: set[int] = set()  # a port handed out may not be listened on yet


def wait_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


@contextmanager
def processes(commands: list[tuple[list[str], dict]]):
    started = []
    try:
        for command, env in commands:
            started.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env={**os.environ, **env},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        yield started
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def uvicorn_command(app: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        "--ws-max-size",
        "1048576",
        "--ws-per-message-deflate",
        "false",
    ]


def tutorial_codec() -> Codec:
    def decode(frame: str):
        return json.loads(frame).get("message")

    return Codec(encode=lambda payload: json.dumps({"message": payload}), decode=decode)


def bare_codec() -> Codec:
    return Codec(encode=lambda payload: payload, decode=lambda frame: frame)


def baseline_rooms(base_urls: list[str], count: int, path: str) -> list[Room]:
    rooms = []
    for r in range(count):
        members = []
        for i, role in enumerate(ROLES):
            base = base_urls[(r * len(ROLES) + i) % len(base_urls)]
            members.append(
                Member(
                    url=f"{base}{path.format(room=f'bench{r}')}",
                    speaks=role in SPEAKERS,
                    origin=base.replace("ws://", "http://"),
                )
            )
        rooms.append(Room(members))
    return rooms


def server_env(database_url: str, redis_url: str | None, prefix: str) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "cms.settings.base",
        # Production settings, as a real deployment runs them (no debug cursor).
        "DEBUG": "false",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url or "",
        "CHANNELS_PREFIX": prefix,
        "LOG_LEVEL": "WARNING",
    }


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time the processes have used so far (Linux /proc)."""
    return sum(_cpu_ticks(f"/proc/{pid}/stat") for pid in pids) / os.sysconf("SC_CLK_TCK")


def loop_cpu_seconds(pids: list[int]) -> float:
    """The part of ``cpu_seconds`` spent by the processes' main threads (the event
    loops); the rest is their other threads (the room's database thread)."""
    ticks = sum(_cpu_ticks(f"/proc/{pid}/task/{pid}/stat") for pid in pids)
    return ticks / os.sysconf("SC_CLK_TCK")


def _cpu_ticks(stat: str) -> int:
    fields = Path(stat).read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def measure_tier(name: str, loads: list[int], tier, rate, duration, database: str | None):
    """Warm up, then measure every load in turn; a collapse ends the tier, not the run."""
    start, make_rooms, codec = tier
    rows = []
    try:
        with start() as (base_urls, pids):
            _load(make_rooms(base_urls, min(loads)), codec, rate, WARMUP_SECONDS)
            for rooms_count in loads:
                rows.append(_measure_one(name, rooms_count, base_urls, pids, tier, rate, duration))
                rows[-1]["database"] = database
                _print_row(rows[-1])
                if rows[-1]["collapsed"]:
                    break
    except Exception as error:  # the servers did not start, or died: a result too
        rows.append({"tier": name, "ok": False, "collapsed": True, "error": repr(error)})
        print(f"  {name:16} failed: {error!r}", flush=True)
    return rows


def _load(rooms: list[Room], codec: Codec, rate: float, duration: float, phase=None):
    load = run_load(rooms, codec, rate=rate, duration=duration, phase=phase or (lambda name: None))
    return asyncio.run(asyncio.wait_for(load, LOAD_TIMEOUT))


def _measure_one(name, rooms_count, base_urls, pids, tier, rate, duration) -> dict:
    _start, make_rooms, codec = tier
    rooms = make_rooms(base_urls, rooms_count)
    cpu = {}
    with profiling(name, rooms_count, pids, duration) as profile:

        def phase(name: str) -> None:
            # The server's CPU from the first frame due to the end of the drain.
            cpu[name] = cpu_seconds(pids)
            cpu[f"{name} loop"] = loop_cpu_seconds(pids)
            if name == "speaking":
                profile()

        try:
            result = _load(rooms, codec, rate, duration, phase)
        except Exception as error:
            return {"tier": name, "rooms": rooms_count, "ok": False, "collapsed": True,
                    "error": repr(error)}  # fmt: skip
    cpu_used = cpu["drained"] - cpu["speaking"]
    row = {"tier": name, **result.as_dict(), **classify_lost(result, rooms)}
    row["server_cpu_ms_per_1000_deliveries"] = round(
        1000 * 1000 * cpu_used / max(result.delivered, 1), 1
    )
    loop_used = cpu["drained loop"] - cpu["speaking loop"]
    row["server_loop_cpu_ms_per_1000_deliveries"] = round(
        1000 * 1000 * loop_used / max(result.delivered, 1), 1
    )
    row["ok"] = row["lost"] == 0 and row["p99_ms"] < P99_LIMIT_MS and not result.errors
    # Refused connections or more than a tenth lost: higher loads would only be worse.
    row["collapsed"] = result.connected < result.members or row["lost"] > result.expected / 10
    return row


def _print_row(row: dict) -> None:
    if "error" in row:
        print(f"  {row['tier']:16} rooms={row['rooms']:4} collapsed: {row['error']}", flush=True)
        return
    print(
        f"  {row['tier']:16} rooms={row['rooms']:4} "
        f"offered={row['offered_deliveries_per_s']:7.0f}/s "
        f"delivered={row['delivered_per_s']:7.0f}/s p50={row['p50_ms']:8.1f}ms "
        f"p99={row['p99_ms']:8.1f}ms lost={row['lost']} ({_why_lost(row)}) late={row['late']} "
        f"cpu={row['server_cpu_ms_per_1000_deliveries']:6.1f}ms/1k"
        f" (loop {row['server_loop_cpu_ms_per_1000_deliveries']:.0f})"
        + (f" errors={row['errors']}" if row["errors"] else ""),
        flush=True,
    )


def _why_lost(row: dict) -> str:
    return "stored {lost_stored}, closed {lost_closed}, unstored {lost_unstored}".format(**row)


def classify_lost(result: LoadResult, rooms: list[Room]) -> dict:
    """Why each lost delivery was lost; for rooms that store (``Room.key`` is a
    session), against the events the database holds."""
    never_sent = result.expected - result.delivered - len(result.missing)
    counts = {"lost_stored": 0, "lost_closed": 0, "lost_unstored": never_sent}
    keys = [room.key for room in rooms]
    if not result.missing or None in keys:
        counts["lost_unstored"] += len(result.missing)
        return counts
    from roleplay.models import SessionEvent

    stored = set(
        SessionEvent.objects.filter(session_id__in=keys, kind="say").values_list(
            "session_id", "text"
        )
    )
    for receiver, payload in result.missing:
        if (keys[result.member_rooms[receiver]], payload) not in stored:
            counts["lost_unstored"] += 1
        elif receiver in result.closed:
            counts["lost_closed"] += 1
        else:
            counts["lost_stored"] += 1
    return counts


@contextmanager
def profiling(name: str, rooms_count: int, pids: list[int], duration: float):
    """With ``BENCH_PROFILE=DIR``, yields a function that starts py-spy on each server,
    recording for the load's duration into DIR; without it, one that does nothing.

    Only the thread holding the interpreter is sampled (``--gil``): CPU is what is
    wanted, and otherwise the threads waiting (the database thread, the executor's
    idle workers) fill most of the samples."""
    folder = os.environ.get("BENCH_PROFILE")
    spies = []

    def start() -> None:
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        for n, pid in enumerate(pids):
            output = Path(folder) / f"{name}-{rooms_count}-{n}.txt"
            command = [PY_SPY, "record", "--pid", str(pid), "--format", "raw", "--gil",
                       "--nonblocking", "--duration", str(int(duration)),
                       "--output", str(output)]  # fmt: skip
            spies.append(
                subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )

    try:
        yield start
    finally:
        for spy in spies:
            spy.wait(timeout=60)


def capacity(rows: list[dict]) -> float:
    passing = [row["offered_deliveries_per_s"] for row in rows if row["ok"]]
    return max(passing, default=0.0)


def bare_tier():
    @contextmanager
    def start():
        port = free_port()
        command = [sys.executable, "-m", "bench.relay_baselines", str(port)]
        with processes([(command, {})]) as started:
            wait_port(port)
            yield [f"ws://127.0.0.1:{port}"], [p.pid for p in started]

    return start, lambda urls, n: baseline_rooms(urls, n, "/bare/{room}"), bare_codec()


def tutorial_tier(database_url: str, redis_url: str | None, process_count: int):
    @contextmanager
    def start():
        ports = [free_port() for _ in range(process_count)]
        env = server_env(database_url, redis_url, f"bench-{os.getpid()}-{time.time_ns()}")
        commands = [(uvicorn_command("bench.relay_baselines:application", p), env) for p in ports]
        with processes(commands) as started:
            for port in ports:
                wait_http(f"http://127.0.0.1:{port}/healthz")
            yield [f"ws://127.0.0.1:{port}" for port in ports], [p.pid for p in started]

    return (
        start,
        lambda urls, n: baseline_rooms(urls, n, "/ws/bench/chat/{room}/"),
        tutorial_codec(),
    )


def kohtaamo_codec() -> Codec:
    def decode(frame: str):
        message = json.loads(frame)
        if message.get("type") == "event" and message.get("kind") == "say":
            return message["text"]
        return None

    return Codec(
        encode=lambda payload: json.dumps({"type": "say", "text": payload}),
        decode=decode,
        hello=lambda frame: json.loads(frame).get("type") == "welcome",
        expects_hello=True,
    )


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = BENCH_SECRET_KEY
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.base")
    import django

    django.setup()


def kohtaamo_sessions(count: int) -> list[dict[str, str]]:
    """``count`` live role-plays with four signed-in participants each (``started_rooms``
    on the first scenario, seeding the demo if there is none)."""
    from django.core.management import call_command

    from roleplay.models import Scenario

    if not Scenario.objects.exists():
        call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    scenario = Scenario.objects.order_by("pk").first()
    return [
        {"session": session.pk, **cookies}
        for session, _people, cookies in started_rooms(count, scenario, name="b")
    ]


def started_rooms(count: int, scenario, *, name: str) -> list[tuple]:
    """``count`` started live role-plays of ``scenario``, each in a team of its own:
    ``(session, people, cookies)`` with the users and a signed-in session cookie by role.

    Everything goes through the real services: the coach schedules the session,
    adds the agent, the customer and the observer, and starts it.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from people.models import Membership, Role, Team, User
    from roleplay.live import services as live_services
    from roleplay.room import eventlog, sessions
    from roleplay.room import services as room_services

    store = import_module(settings.SESSION_ENGINE).SessionStore
    run = time.time_ns()
    rooms = []
    for r in range(count):
        team = Team.objects.create(name=f"bench-{name}{run}-{r}")
        people = {}
        for role in ROLES:
            user = User.objects.create(username=f"{name}{run}-{r}-{role}")
            membership_role = Role.COACH if role == "coach" else Role.LEARNER
            Membership.objects.create(user=user, team=team, role=membership_role)
            people[role] = user
        session = live_services.session_create(scenario=scenario, team=team, coach=people["coach"])
        for role in ("agent", "customer", "observer"):
            sessions.participant_set(
                session=session, user=people[role], role=role, by=people["coach"]
            )
        coach = session.participants.select_related("session", "user").get(user=people["coach"])
        room_services.session_control(viewer=eventlog.viewer_of(coach), action="start")
        cookies = {}
        for role, user in people.items():
            web_session = store()
            web_session[SESSION_KEY] = str(user.pk)
            web_session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            web_session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            web_session.save()
            cookies[role] = f"{settings.SESSION_COOKIE_NAME}={web_session.session_key}"
        rooms.append((session, people, cookies))
    return rooms


def kohtaamo_rooms(base_urls: list[str], count: int) -> list[Room]:
    rooms = []
    for r, prepared in enumerate(kohtaamo_sessions(count)):
        members = []
        for i, role in enumerate(ROLES):
            base = base_urls[(r * len(ROLES) + i) % len(base_urls)]
            members.append(
                Member(
                    url=f"{base}/ws/roleplay/{prepared['session']}/",
                    speaks=role in SPEAKERS,
                    headers={"Cookie": prepared[role]},
                    origin=base.replace("ws://", "http://"),
                )
            )
        rooms.append(Room(members, key=prepared["session"]))
    return rooms


def kohtaamo_tier(database_url: str, redis_url: str | None, process_count: int):
    @contextmanager
    def start():
        ports = [free_port() for _ in range(process_count)]
        env = server_env(database_url, redis_url, f"bench-{os.getpid()}-{time.time_ns()}")
        commands = [(uvicorn_command("cms.asgi:application", p), env) for p in ports]
        with processes(commands) as started:
            for port in ports:
                wait_http(f"http://127.0.0.1:{port}/healthz")
            yield [f"ws://127.0.0.1:{port}" for port in ports], [p.pid for p in started]

    return start, kohtaamo_rooms, kohtaamo_codec()


def database_url_and_name() -> tuple[str | None, str]:
    """The database the Kohtaamo tiers run on, and how the table names it.

    ``DATABASE_URL`` if set; else PostgreSQL on this machine (the benchmark's own
    database, created if missing); else None, for the seeded SQLite copy.
    """
    configured = os.environ.get("DATABASE_URL")
    if configured:
        return configured, configured.split(":", 1)[0].replace("postgres", "postgresql", 1)
    try:
        import psycopg

        server, name = DEFAULT_POSTGRES.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as db:
            if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                db.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return None, f"sqlite (PostgreSQL unavailable: {reason})"
    return DEFAULT_POSTGRES, "postgresql"


def prepare_database(database_url: str | None) -> str:
    """Migrate and seed ``database_url``, or a copy of the seeded SQLite database."""
    import atexit

    from bench import seeded

    if database_url:
        os.environ["DATABASE_URL"] = database_url
    env = seeded.prepare()
    atexit.register(seeded.cleanup, env)
    return env["DATABASE_URL"]


def git_commit() -> str:
    """The commit measured, with ``-dirty`` if the work tree has changes."""

    def git(*arguments: str) -> str:
        completed = subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True)
        return completed.stdout.strip()

    commit = git("rev-parse", "HEAD") or "unknown"
    return commit + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


TIERS = ("bare", "tutorial", "kohtaamo", "tutorial-redis", "kohtaamo-redis")


def main(loads=(10, 25, 50, 100), rate=8.0, duration=8.0, tiers=None, redis_url=None) -> dict:
    from bench import seeded

    redis_url = redis_url or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    wanted, database = database_url_and_name()
    database_url = prepare_database(wanted)
    setup_django(database_url)
    print(f"  relay: Kohtaamo tiers on {database}", flush=True)
    available = {
        "bare": (bare_tier, None),
        "tutorial": (lambda: tutorial_tier(database_url, None, 1), None),
        "kohtaamo": (lambda: kohtaamo_tier(database_url, None, 1), database),
        "tutorial-redis": (lambda: tutorial_tier(database_url, redis_url, 2), None),
        "kohtaamo-redis": (lambda: kohtaamo_tier(database_url, redis_url, 2), database),
        "kohtaamo-redis-1": (lambda: kohtaamo_tier(database_url, redis_url, 1), database),
    }
    results = {}
    for name in tiers or TIERS:
        make_tier, tier_database = available[name]
        if tier_database:
            seeded.vacuum(database_url)  # what the tiers before it left
        rows = measure_tier(name, list(loads), make_tier(), rate, duration, tier_database)
        results[name] = {
            "rows": rows,
            "capacity_deliveries_per_s": capacity(rows),
            "database": tier_database or "- (stores nothing)",
        }
    return results


def at_common_load(
    ours: list[dict], theirs: list[dict], prefer: float | None = None
) -> tuple[dict, dict] | None:
    """The rows of two tiers at ``prefer`` offered deliveries a second if both measured
    it, else at the highest load both passed (else the lowest both ran)."""
    by_rooms = {row["rooms"]: row for row in theirs if "error" not in row}
    pairs = [(row, by_rooms[row["rooms"]]) for row in ours if row["rooms"] in by_rooms]
    chosen = [pair for pair in pairs if pair[0].get("offered_deliveries_per_s") == prefer]
    passed = [pair for pair in pairs if pair[0]["ok"] and pair[1]["ok"]]
    return (chosen or passed or pairs[:1] or [None])[-1]


def cpu_ratio(results: dict, ours: str, theirs: str, at: float | None = None) -> float | None:
    pair = at_common_load(results[ours]["rows"], results[theirs]["rows"], prefer=at)
    if pair is None or "error" in pair[0]:
        return None
    mine, other = (row["server_cpu_ms_per_1000_deliveries"] for row in pair)
    return round(mine / other, 2) if other else None


def best_row(rows: list[dict]) -> dict | None:
    """The row at the tier's capacity, else its first."""
    measured = [row for row in rows if "error" not in row]
    passing = [row for row in measured if row["ok"]]
    return (passing or measured[:1] or [None])[-1]


def _beyond(rows: list[dict]) -> str:
    """The first load a tier did not hold, and how it failed."""
    failed = next((row for row in rows if not row["ok"]), None)
    if failed is None:
        return "-"
    if "error" in failed:
        return f"{failed.get('rooms', '?')} rooms: {failed['error']}"
    text = f"{failed['offered_deliveries_per_s']:,.0f}/s: p99 {failed['p99_ms']:,.0f} ms"
    if failed["lost"]:
        text += f", lost {failed['lost']} ({_why_lost(failed)})"
    if failed["late"]:
        text += f", late {failed['late']}"
    if failed["errors"]:
        text += f", errors {failed['errors']}"
    return text + (", collapsed" if failed["collapsed"] else "")


def tiers_table(results: dict) -> str:
    """The tiers side by side: capacity, p99, lost and CPU at it, and the next load."""
    header = ("tier", "database", "capacity/s", "p99 ms", "lost", "CPU ms/1k", "first load missed")
    lines = [header]
    for name, entry in results.items():
        row = best_row(entry["rows"]) or {}
        lines.append((
            name, entry["database"], f"{entry['capacity_deliveries_per_s']:,.0f}",
            f"{row.get('p99_ms', float('nan')):,.1f}", str(row.get("lost", "-")),
            f"{row.get('server_cpu_ms_per_1000_deliveries', 0):,.0f}", _beyond(entry["rows"]),
        ))  # fmt: skip
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    note = (
        "capacity: highest offered deliveries/s held with p99 < 100 ms and nothing lost; p99, "
        "lost and server CPU (first frame to end of drain) at that load (or the lowest one).\n"
        "lost: never arrived (stored = a stored event an open connection never got: a bug; "
        "closed = its receiver was closed, resume recovers it; unstored = never stored or never "
        "sent); late: arrived after the drain (counted in p99, not lost)."
    )
    return "\n".join([*text, note])


def run(quick: bool = False) -> dict:
    """``make bench`` entry: capacities per tier, Kohtaamo's ratios to the baselines,
    and the floors of issue 16 for the tier on Redis."""
    loads = (10, 25) if quick else (10, 25, 50, 100)
    commit = git_commit()  # before: the servers import the tree as it is when they start
    results = main(loads=loads, duration=4.0 if quick else 8.0)
    capacity_of = {name: entry["capacity_deliveries_per_s"] for name, entry in results.items()}
    detail = tiers_table(results)
    print(detail, flush=True)
    report = {}
    for ours, baseline in (("kohtaamo-redis", "tutorial-redis"), ("kohtaamo", "tutorial")):
        base = capacity_of.get(baseline, 0.0)
        report[f"relay/{ours}"] = {
            "measured": {"capacity_deliveries_per_s": capacity_of[ours]},
            "baseline": {f"{baseline}_capacity_deliveries_per_s": base},
            "ratio": capacity_of[ours] / base if base else 0.0,
            "limit": 1.0,
            "ok": bool(base) and capacity_of[ours] >= base,
            "table": {
                "measure": f"{ours}: deliveries/s at p99<{P99_LIMIT_MS:.0f}ms",
                "kohtaamo": capacity_of[ours],
                "baseline": base,
                "floor": f"ratio >= 1 ({baseline})",
            },
            "database": results[ours]["database"],
            "commit": commit,
            "rows": [row for name in (ours, baseline) for row in results[name]["rows"]],
        }
    # Issue 16: two processes on Redis hold 2,400/s, CPU per delivery <= 1.5x one process,
    # compared at that load (below it a process's fixed costs weigh more: two have twice).
    ratio = cpu_ratio(results, "kohtaamo-redis", "kohtaamo", at=FLOOR_LOAD)
    floor_met = capacity_of["kohtaamo-redis"] >= FLOOR_LOAD and ratio is not None and ratio <= 1.5
    report["relay/kohtaamo-redis-floor"] = {
        "measured": {
            "capacity_deliveries_per_s": capacity_of["kohtaamo-redis"],
            "cpu_per_delivery_vs_in_memory": ratio,
        },
        "baseline": {"kohtaamo_capacity_deliveries_per_s": capacity_of["kohtaamo"]},
        "ratio": ratio if ratio is not None else 0.0,
        "limit": 1.5,
        "ok": floor_met if not quick else None,
        "table": {
            "measure": "kohtaamo-redis: >= 2,400/s; CPU/delivery vs in memory",
            "kohtaamo": capacity_of["kohtaamo-redis"],
            "baseline": capacity_of["kohtaamo"],
            "floor": "2,400/s, CPU <= 1.5x",
        },
        "database": results["kohtaamo-redis"]["database"],
        "commit": commit,
    }
    report["relay/bare"] = {
        "measured": {"capacity_deliveries_per_s": capacity_of["bare"]},
        "baseline": None,
        "ratio": None,
        "rows": results["bare"]["rows"],
        "table": {
            "measure": "bare websockets (ceiling)",
            "kohtaamo": capacity_of["bare"],
            "baseline": None,
            "floor": "-",
        },
        "commit": commit,
        "tiers": {name: {k: v for k, v in e.items() if k != "rows"} for name, e in results.items()},
        "detail": detail,
    }
    return report


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", default="10,25,50,100")
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--tiers", default="")
    args = parser.parse_args()
    output = main(
        loads=[int(x) for x in args.loads.split(",")],
        duration=args.duration,
        tiers=[t for t in args.tiers.split(",") if t] or None,
    )
    print(tiers_table(output))
    for name in ("kohtaamo-redis-1", "kohtaamo-redis"):
        if name in output and "kohtaamo" in output:
            ratio = cpu_ratio(output, name, "kohtaamo", at=FLOOR_LOAD)
            print(f"CPU per delivery, {name} against kohtaamo: {ratio}")
