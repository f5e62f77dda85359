"""A change of role or membership reaches open sockets in another server process.

Two uvicorn processes share the room through Redis. The learner is connected to the
first; the coach changes their role through the API of the second, and the learner's
socket on the first closes at once with 4409. A leaver's socket closes with 4410.
"""

import asyncio
import json
import os
import urllib.request

import pytest
from channels.db import database_sync_to_async
from rest_framework.authtoken.models import Token

from people import services as people_services
from roleplay import access
from tests.roleplay.clients import connect_real
from tests.roleplay.conftest import make_room
from tests.servers import running_server, session_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def post_json(server, path: str, body: dict, token: str) -> int:
    request = urllib.request.Request(
        f"{server.http}{path}",
        json.dumps(body).encode(),
        {"Content-Type": "application/json", "Authorization": f"Token {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def test_a_role_changed_through_another_process_closes_the_learners_socket(
    transactional_db, redis_url, settings
):
    # The membership is removed here, in the test's process: it relays through Redis too.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url], "prefix": os.environ.get("CHANNELS_PREFIX", "asgi")},
        }
    }
    room = make_room()
    cookie, customer_cookie = session_cookie(room.agent), session_cookie(room.customer)
    token = Token.objects.create(user=room.coach).key
    with running_server(redis_url=redis_url) as one, running_server(redis_url=redis_url) as two:

        async def run():
            agent = await connect_real(one, room.session.pk, cookie=cookie)
            assert agent.welcome["role"] == "agent"
            status = await asyncio.to_thread(
                post_json,
                two,
                f"/api/roleplay/sessions/{room.session.pk}/participants/",
                {"user": room.agent.pk, "role": "observer"},
                token,
            )
            assert status == 201
            assert await agent.closed() == access.CLOSE_ROLE_CHANGED
            again = await connect_real(two, room.session.pk, cookie=cookie)
            assert again.welcome["role"] == "observer"
            await again.close()

            customer = await connect_real(one, room.session.pk, cookie=customer_cookie)
            await database_sync_to_async(people_services.membership_remove)(
                user=room.customer, team=room.team
            )
            assert await customer.closed() == access.CLOSE_NO_LONGER_ALLOWED

        asyncio.run(run())
