"""Abuse of the WebSocket itself, against a real server: broken text frames, frames over
the server's size limit, a flood of binary frames. The offender gets the protocol's close
code; the server stays up and another session carries on as if nothing happened.

Frames that parse badly but are well-formed WebSocket frames (bad JSON, unknown types,
over 16 KB, one binary frame) are in tests/e2e/test_roleplay_live.py.
"""

import asyncio

import pytest

from tests.faults.room import make_sessions
from tests.roleplay.clients import connect_real
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INVALID_UTF8 = 1007  # RFC 6455: data in a text frame that is not UTF-8
MESSAGE_TOO_BIG = 1009  # over uvicorn's --ws-max-size (1 MiB in tests/servers.py)
ABUSE = 4408


@pytest.fixture
def server(transactional_db):
    with running_server() as server:
        yield server


@pytest.fixture
def rooms(transactional_db):
    return make_sessions(2)


async def live(server, room) -> dict:
    clients = {
        role: await connect_real(server, room.session.pk, cookie=room.cookies[role])
        for role in ("coach", "agent")
    }
    await clients["coach"].send({"type": "control", "action": "start"})
    for client in clients.values():
        await client.event("control", action="start")
    return clients


async def still_works(clients: dict, tag: str) -> None:
    """The agent's line is acknowledged and reaches the coach."""
    await clients["agent"].send({"type": "say", "text": "still here", "client_msg_id": tag})
    await clients["agent"].ack(tag)
    await clients["coach"].event("say", client_msg_id=tag)


async def close_all(*groups) -> None:
    for clients in groups:
        for client in clients.values():
            await client.close()


def test_a_text_frame_with_invalid_utf8_is_closed_with_1007(server, rooms):
    async def run():
        offended, other = await live(server, rooms[0]), await live(server, rooms[1])
        await offended["agent"].connection.send(b'{"type":"say","text":"\xff\xfe"}', text=True)
        assert await offended["agent"].closed() == INVALID_UTF8
        await still_works(other, "other-session")
        offended["agent"] = await connect_real(
            server, rooms[0].session.pk, cookie=rooms[0].cookies["agent"]
        )
        await still_works(offended, "same-session")
        await close_all(offended, other)

    asyncio.run(run())


def test_a_frame_over_the_server_limit_is_closed_with_1009(server, rooms):
    async def run():
        offended, other = await live(server, rooms[0]), await live(server, rooms[1])
        await offended["agent"].send('{"type":"say","text":"' + "a" * (1024 * 1024 + 1) + '"}')
        assert await offended["agent"].closed() == MESSAGE_TOO_BIG
        await still_works(other, "other-session")
        offended["agent"] = await connect_real(
            server, rooms[0].session.pk, cookie=rooms[0].cookies["agent"]
        )
        await still_works(offended, "same-session")
        await close_all(offended, other)

    asyncio.run(run())


def test_a_flood_of_binary_frames_is_closed_with_4408_and_other_sessions_go_on(server, rooms):
    async def run():
        flooder, other = await live(server, rooms[0]), await live(server, rooms[1])
        for _ in range(40):
            await flooder["agent"].connection.send(b"\x00" * 1024)
        code = await flooder["agent"].closed()
        errors = [f["code"] for f in flooder["agent"].seen if f["type"] == "error"]
        assert code == ABUSE
        assert set(errors) == {"invalid", "rate_limited"}
        await still_works(other, "other-session")
        await close_all(flooder, other)

    asyncio.run(run())
