"""The connection cap cannot leak when a server process dies: the presence rows of a
process killed with ``kill -9`` stop counting after ``ROLEPLAY_PRESENCE_TTL``."""

import asyncio
import time

import pytest

from roleplay import presence
from tests.roleplay.clients import connect_real
from tests.roleplay.conftest import make_room
from tests.servers import running_server, session_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TTL = 3.0


def test_a_killed_process_does_not_keep_its_connections_counted(transactional_db):
    room = make_room()
    cookie = session_cookie(room.agent)
    env = {"ROLEPLAY_PRESENCE_TTL": str(TTL)}
    with running_server(extra_env=env) as one, running_server(extra_env=env) as two:

        async def run():
            for _ in range(3):
                client = await connect_real(one, room.session.pk, cookie=cookie)
                assert client.welcome["role"] == "agent"
            one.stop(kill=True)  # SIGKILL: its three rows stay behind
            killed_at = time.monotonic()

            refused = await connect_real(two, room.session.pk, cookie=cookie)
            assert refused.seen[0]["code"] == "too_many_connections"
            assert await refused.closed() == presence.CLOSE_TOO_MANY_CONNECTIONS

            await asyncio.sleep(max(0.0, TTL + 0.5 - (time.monotonic() - killed_at)))
            admitted = await connect_real(two, room.session.pk, cookie=cookie)
            assert admitted.welcome["role"] == "agent"
            await admitted.close()

        asyncio.run(run())
