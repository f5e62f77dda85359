"""Role-play relay benchmark: Kohtaamo's live path against two baselines.

Tiers, each swept over the same offered loads with the same client and payload:
- ``kohtaamo``: the real role-play consumer (authenticated participants, audience
  rules, persisted seq, acks), one process on the in-memory layer; ``kohtaamo-redis``:
  two processes sharing Redis;
- ``tutorial`` / ``tutorial-redis``: the Channels tutorial chat consumer in the same
  server on the same layers;
- ``bare``: a plain ``websockets`` broadcast server.

Per room four members (coach, agent, customer, observer); the agent and the customer
speak at ``rate`` messages a second; the capacity of a tier is the highest offered
load whose p99 stays under 100 ms with nothing lost.
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

from bench.wsload import Codec, Member, Room, run_load

ROOT = Path(__file__).resolve().parent.parent
P99_LIMIT_MS = 100.0
# Shared by the servers and this process, which signs the participants' sessions.
BENCH_SECRET_KEY = "bench-only-not-secret-" + "k" * 40
ROLES = ("coach", "agent", "customer", "observer")
SPEAKERS = {"agent", "customer"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def measure_tier(name: str, loads: list[int], start, make_rooms, codec, rate, duration):
    rows = []
    with start() as (base_urls, pids):
        for rooms_count in loads:
            rooms = make_rooms(base_urls, rooms_count)
            cpu_before = cpu_seconds(pids)
            result = asyncio.run(run_load(rooms, codec, rate=rate, duration=duration))
            cpu_used = cpu_seconds(pids) - cpu_before
            row = {"tier": name, **result.as_dict()}
            row["server_cpu_ms_per_1000_deliveries"] = round(
                1000 * 1000 * cpu_used / max(result.delivered, 1), 1
            )
            row["ok"] = row["lost"] == 0 and row["p99_ms"] < P99_LIMIT_MS
            rows.append(row)
            print(
                f"  {name:16} rooms={rooms_count:4} "
                f"offered={row['offered_deliveries_per_s']:7.0f}/s "
                f"delivered={row['delivered_per_s']:7.0f}/s p50={row['p50_ms']:8.1f}ms "
                f"p99={row['p99_ms']:8.1f}ms lost={row['lost']} "
                f"cpu={row['server_cpu_ms_per_1000_deliveries']:6.1f}ms/1k",
                flush=True,
            )
    return rows


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
    """``count`` live role-plays with four signed-in participants each.

    Everything goes through the real services: the coach schedules the session,
    adds the agent, the customer and the observer, and starts it.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command

    from people.models import Membership, Role, Team, User
    from roleplay import services
    from roleplay.models import Scenario

    if not Scenario.objects.exists():
        call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    scenario = Scenario.objects.order_by("pk").first()
    store = import_module(settings.SESSION_ENGINE).SessionStore
    run = time.time_ns()
    rooms = []
    for r in range(count):
        team = Team.objects.create(name=f"bench-{run}-{r}")
        people = {}
        for role in ROLES:
            user = User.objects.create(username=f"b{run}-{r}-{role}")
            membership_role = Role.COACH if role == "coach" else Role.LEARNER
            Membership.objects.create(user=user, team=team, role=membership_role)
            people[role] = user
        session = services.session_create(scenario=scenario, team=team, coach=people["coach"])
        for role in ("agent", "customer", "observer"):
            services.participant_set(
                session=session, user=people[role], role=role, by=people["coach"]
            )
        coach = session.participants.select_related("session", "user").get(user=people["coach"])
        services.session_control(viewer=services.viewer_of(coach), action="start")
        cookies = {}
        for role, user in people.items():
            web_session = store()
            web_session[SESSION_KEY] = str(user.pk)
            web_session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            web_session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            web_session.save()
            cookies[role] = f"{settings.SESSION_COOKIE_NAME}={web_session.session_key}"
        rooms.append({"session": session.pk, **cookies})
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
        rooms.append(Room(members))
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


def prepare_database() -> str:
    """A copy of the seeded SQLite database (bench.seeded), unless DATABASE_URL names one."""
    import atexit

    from bench import seeded

    env = seeded.prepare()
    atexit.register(seeded.cleanup, env)
    return env["DATABASE_URL"]


def main(loads=(10, 25, 50, 100), rate=8.0, duration=8.0, tiers=None, redis_url=None) -> dict:
    redis_url = redis_url or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    database_url = prepare_database()
    setup_django(database_url)
    available = {
        "kohtaamo": lambda: kohtaamo_tier(database_url, None, 1),
        "kohtaamo-redis": lambda: kohtaamo_tier(database_url, redis_url, 2),
        "bare": lambda: bare_tier(),
        "tutorial": lambda: tutorial_tier(database_url, None, 1),
        "tutorial-redis": lambda: tutorial_tier(database_url, redis_url, 2),
    }
    results = {}
    for name in tiers or available:
        start, make_rooms, codec = available[name]()
        rows = measure_tier(name, list(loads), start, make_rooms, codec, rate, duration)
        results[name] = {"rows": rows, "capacity_deliveries_per_s": capacity(rows)}
    return results


def run(quick: bool = False) -> dict:
    """``make bench`` entry: capacities per tier and Kohtaamo's ratio to the baseline."""
    loads = (10, 25) if quick else (10, 25, 50, 100)
    results = main(loads=loads, duration=4.0 if quick else 8.0)
    capacity_of = {name: entry["capacity_deliveries_per_s"] for name, entry in results.items()}
    report = {}
    for ours, baseline in (("kohtaamo", "tutorial"), ("kohtaamo-redis", "tutorial-redis")):
        base = capacity_of.get(baseline, 0.0)
        report[f"relay/{ours}"] = {
            "measured": {"capacity_deliveries_per_s": capacity_of.get(ours, 0.0)},
            "baseline": {f"{baseline}_capacity_deliveries_per_s": base},
            "ratio": capacity_of.get(ours, 0.0) / base if base else 0.0,
            "limit": 1.0,
            "ok": bool(base) and capacity_of.get(ours, 0.0) >= base,
            "table": {
                "measure": f"{ours}: deliveries/s at p99<{P99_LIMIT_MS:.0f}ms",
                "kohtaamo": capacity_of.get(ours, 0.0),
                "baseline": base,
                "floor": f"ratio >= 1 ({baseline})",
            },
            "rows": [row for name in (ours, baseline) for row in results[name]["rows"]],
        }
    report["relay/bare"] = {
        "measured": {"capacity_deliveries_per_s": capacity_of.get("bare", 0.0)},
        "baseline": None,
        "ratio": None,
        "rows": results["bare"]["rows"],
        "table": {
            "measure": "bare websockets (ceiling)",
            "kohtaamo": capacity_of.get("bare", 0.0),
            "baseline": None,
            "floor": "-",
        },
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
    print(json.dumps({k: v["capacity_deliveries_per_s"] for k, v in output.items()}, indent=1))
