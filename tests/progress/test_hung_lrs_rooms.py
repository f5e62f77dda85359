"""A hung LRS delays no room: forwarding runs in the worker, not on room threads.

The LRS here is a socket on 127.0.0.1 that accepts connections and never answers.
A real server (uvicorn, the database task queue) runs two live role-plays; one ends,
which records its statements and queues their forwarding, while a real ``db_worker``
hangs on the LRS. The other room's messages keep arriving promptly.
"""

import asyncio
import socket
import threading
import time

import pytest
from channels.db import database_sync_to_async

from tests.e2e.test_roleplay_live import ROLES, join, start
from tests.roleplay.conftest import make_room
from tests.servers import DB_TASKS_BACKEND, running_server, session_cookie, start_db_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROMPT = 1.0  # seconds; forwarding inline would hold a room for its 3 s timeout


class HungLrs:
    """Accepts every connection and never says a word."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.accepted: list[socket.socket] = []
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/xapi"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _address = self.sock.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        self.sock.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def hung_lrs():
    lrs = HungLrs()
    yield lrs
    lrs.close()


def rooms():
    """Two live rooms of one scenario in two teams."""
    from types import SimpleNamespace

    from roleplay.live import services as live_services
    from roleplay.room import sessions
    from tests.factories import MembershipFactory, TeamFactory, UserFactory

    ending = make_room()
    team = TeamFactory()
    people = {}
    for name, team_role in (("coach", "coach"), ("agent", "learner"), ("customer", "learner")):
        people[name] = UserFactory(first_name=name.title(), last_name="Live")
        MembershipFactory(user=people[name], team=team, role=team_role)
    session = live_services.session_create(
        scenario=ending.scenario, team=team, coach=people["coach"]
    )
    for name in ("agent", "customer"):
        sessions.participant_set(session=session, user=people[name], role=name, by=people["coach"])
    live = SimpleNamespace(session=session, **people)
    for room in (ending, live):
        room.cookies = {
            name: session_cookie(getattr(room, name)) for name in ROLES if hasattr(room, name)
        }
    return ending, live


async def round_trip(sender, receiver, text) -> float:
    began = time.monotonic()
    await sender.send({"type": "say", "text": text, "client_msg_id": text})
    await receiver.event("say", client_msg_id=text)
    return time.monotonic() - began


async def test_a_hung_lrs_delays_no_room(transactional_db, hung_lrs):
    ending, live = await database_sync_to_async(rooms)()
    env = {"LRS_ENDPOINT": hung_lrs.url, "TASKS_BACKEND": DB_TASKS_BACKEND}
    worker = start_db_worker(LRS_ENDPOINT=hung_lrs.url)
    try:
        with running_server(extra_env=env) as server:
            first = await join(server, ending, "coach", "agent")
            second = await join(server, live, "agent", "customer", "coach")
            await start(first)
            await start(second)
            await first["agent"].send({"type": "say", "text": "Hello", "client_msg_id": "h"})
            await first["coach"].event("say", client_msg_id="h")
            # Ending records the statements (and queues their forwarding) on the
            # server's room thread.
            await first["coach"].send({"type": "control", "action": "end"})
            await first["agent"].event("control", action="end")
            times = []
            for n in range(8):
                times.append(await round_trip(second["agent"], second["customer"], f"m{n}"))
                await asyncio.sleep(0.25)
            deadline = time.monotonic() + 10
            while not hung_lrs.accepted and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert hung_lrs.accepted, "the worker was to be hanging on the LRS meanwhile"
            times.append(await round_trip(second["agent"], second["customer"], "last"))
            for client in [*first.values(), *second.values()]:
                await client.close()
        assert max(times) < PROMPT, times
    finally:
        worker.terminate()
        worker.wait(timeout=10)
