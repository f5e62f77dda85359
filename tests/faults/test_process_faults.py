"""A server process or Redis dies in the middle of a live role-play.

Two server processes share live sessions through Redis. The agent and the coach are
on the first, the customer and the observer on the second; the agent and the customer
keep talking. Then either the first process is killed (``kill -9``: its clients
reconnect to the second), or Redis restarts under both (every client reconnects when its
connection breaks, or resumes). Either way every participant ends with exactly the
events the database says it may see, and every line said was stored once.
"""

import asyncio
import contextlib
import shutil
import subprocess
import time
from types import SimpleNamespace

import pytest
import redis
from channels.db import database_sync_to_async

from roleplay.models import RolePlaySession, SessionEvent
from tests.conftest import require
from tests.faults.room import ROLES, Member, applied, make_sessions, visible_to
from tests.servers import free_port, running_server

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

LINES = 40  # per speaker
FAULT_AFTER = 30  # lines stored in all before the fault


@contextlib.contextmanager
def private_redis():
    """A redis-server of this test's own on a free port, never the machine's shared one."""
    binary = shutil.which("redis-server")
    require(binary is not None, "redis-server")
    port = free_port()

    def start():
        process = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return process
            except redis.RedisError:
                if time.monotonic() > deadline:
                    process.kill()
                    raise
                time.sleep(0.05)

    state = {"process": start()}

    def stop():
        state["process"].kill()
        state["process"].wait(timeout=10)

    def restart():
        stop()
        state["process"] = start()

    try:
        yield SimpleNamespace(url=f"redis://127.0.0.1:{port}/0", stop=stop, restart=restart)
    finally:
        stop()


@database_sync_to_async
def last_seq(session_id: int) -> int:
    return RolePlaySession.objects.get(pk=session_id).last_seq


async def play(room, home: dict, fault) -> dict[str, Member]:
    members = {
        role: Member(home[role], room.session.pk, role, room.cookies[role]) for role in ROLES
    }
    for member in members.values():
        await member.connect()
    await members["coach"].submit({"type": "control", "action": "start"})
    said: list[int] = []
    fault_done = asyncio.Event()

    async def speak(member):
        for n in range(LINES):
            said.append(await member.submit({"type": "say", "text": f"{member.role} {n}"}))
            if len(said) == FAULT_AFTER and not fault_done.is_set():
                fault_done.set()
                await fault(members)

    await asyncio.gather(speak(members["agent"]), speak(members["customer"]))
    final = await last_seq(room.session.pk)
    for role, member in members.items():
        expected = await visible_to(room.session.pk, room.people[role], final)
        await member.until_applied(expected[-1][0])
        assert applied(member, final) == expected, role
    for member in members.values():
        await member.close()
    return members


def stored_lines(room) -> tuple[int, int]:
    says = SessionEvent.objects.filter(session=room.session, kind="say")
    return says.count(), says.values("client_msg_id", "author").distinct().count()


def test_a_killed_worker_loses_nothing_its_clients_resume_on_the_other(transactional_db, redis_url):
    [room] = make_sessions(1)
    with running_server(redis_url=redis_url) as one, running_server(redis_url=redis_url) as two:
        home = {"coach": one, "agent": one, "customer": two, "observer": two}

        async def kill_one(members):
            one.stop(kill=True)  # SIGKILL: no closing handshakes, no leave events
            await asyncio.gather(*(members[role].reconnect(two) for role in ("coach", "agent")))

        asyncio.run(play(room, home, kill_one))

    assert stored_lines(room) == (2 * LINES, 2 * LINES)


def test_a_redis_restart_loses_no_stored_event(transactional_db):
    [room] = make_sessions(1)
    with (
        private_redis() as redis_server,
        running_server(redis_url=redis_server.url) as one,
        running_server(redis_url=redis_server.url) as two,
    ):
        home = {"coach": one, "agent": one, "customer": two, "observer": two}

        async def restart_redis(members):
            redis_server.restart()
            # Whoever's connection survived suspects a gap and resumes, as the
            # protocol asks; the others reconnect when their connection breaks.
            await asyncio.gather(*(member.reconnect() for member in members.values()))

        asyncio.run(play(room, home, restart_redis))

    assert stored_lines(room) == (2 * LINES, 2 * LINES)


def test_a_room_within_one_process_goes_on_while_redis_is_down(transactional_db):
    """Redis relays between processes only: without it, one process still serves a room."""
    [room] = make_sessions(1)
    with private_redis() as redis_server, running_server(redis_url=redis_server.url) as one:
        redis_server.stop()
        home = dict.fromkeys(ROLES, one)

        async def no_fault(members):
            pass

        started = time.monotonic()
        asyncio.run(play(room, home, no_fault))
        # Nothing waits out a Redis timeout per frame: 81 frames at 8 a second.
        assert time.monotonic() - started < 60

    assert stored_lines(room) == (2 * LINES, 2 * LINES)
