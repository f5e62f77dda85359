"""A leaver's open role-play socket closes the moment the directory says so.

A real uvicorn server, a learner connected to a live session of their team with the
websockets client, and the directory's SCIM requests sent to that same server.
"""

import asyncio
import json
import urllib.request

import pytest

from people.models import Membership
from people.scim.services import scim_token_create
from roleplay.room import closecodes
from tests.roleplay.clients import connect_real
from tests.roleplay.conftest import make_room
from tests.servers import running_server, session_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def scim(server, method: str, path: str, body: dict, token: str) -> int:
    request = urllib.request.Request(
        f"{server.http}/scim/v2/{path}",
        json.dumps(body).encode(),
        {"Content-Type": "application/scim+json", "Authorization": f"Bearer {token}"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


@pytest.fixture
def room(transactional_db):
    return make_room()


@pytest.mark.parametrize(
    "how",
    ["inactive", "deleted", "out of the group"],
)
def test_a_leavers_open_socket_is_closed_at_once(room, how):
    _token, raw = scim_token_create(name="entra")
    agent, team = room.agent, room.team
    cookie, coach_cookie = session_cookie(agent), session_cookie(room.coach)
    requests = {
        "inactive": (
            "PATCH",
            f"Users/{agent.pk}",
            {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": False}}]},
        ),
        "deleted": ("DELETE", f"Users/{agent.pk}", {}),
        "out of the group": (
            "PATCH",
            f"Groups/{team.pk}",
            {
                "schemas": [PATCH],
                "Operations": [{"op": "remove", "path": f'members[value eq "{agent.pk}"]'}],
            },
        ),
    }
    with running_server() as server:

        async def run():
            learner = await connect_real(server, room.session.pk, cookie=cookie)
            coach = await connect_real(server, room.session.pk, cookie=coach_cookie)
            assert learner.welcome["role"] == "agent"
            status = await asyncio.to_thread(scim, server, *requests[how], raw)
            assert status in (200, 204)
            assert await learner.closed() == closecodes.CLOSE_NO_LONGER_ALLOWED
            # The rest of the room goes on: the coach is still connected.
            await coach.send({"type": "control", "action": "start", "client_msg_id": "go"})
            await coach.event("control", action="start")
            await coach.close()
            # Nor can the leaver come back with the cookie they still have.
            again = await connect_real(server, room.session.pk, cookie=cookie)
            assert again.close_code is not None

        asyncio.run(run())

    assert not Membership.objects.filter(user=agent, team=team).exists()


@pytest.mark.redis
def test_a_leaver_removed_through_another_process_is_closed_there_too(room, redis_url):
    """Two server processes on Redis: the socket is on one, the directory calls the other."""
    _token, raw = scim_token_create(name="entra")
    cookie = session_cookie(room.agent)
    patch = {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "path": "active", "value": False}],
    }
    with running_server(redis_url=redis_url) as one, running_server(redis_url=redis_url) as two:

        async def run():
            learner = await connect_real(one, room.session.pk, cookie=cookie)
            assert learner.welcome["role"] == "agent"
            status = await asyncio.to_thread(
                scim, two, "PATCH", f"Users/{room.agent.pk}", patch, raw
            )
            assert status == 200
            assert await learner.closed() == closecodes.CLOSE_NO_LONGER_ALLOWED

        asyncio.run(run())
