"""Live role-play against real uvicorn processes, with the ``websockets`` client
library sending an Origin header, as a browser would."""

import asyncio
import json
import urllib.request

import pytest
from channels.db import database_sync_to_async

from progress import verbs
from progress.models import Statement
from roleplay.models import RolePlaySession, SessionEvent
from roleplay.room import eventlog
from roleplay.room import selectors as room_selectors
from tests.roleplay.clients import connect_real
from tests.roleplay.conftest import make_room
from tests.roleplay.room.test_room_protocol import BAD_FRAMES
from tests.servers import running_server, session_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLES = ("coach", "agent", "customer", "observer")


@pytest.fixture
def server(transactional_db):
    """A server per test, stopped before the test's tables are emptied.

    A server shared by several tests could still be storing the ``leave`` of a
    client that just disconnected while the next flush truncates the tables.
    """
    with running_server() as server:
        yield server


@pytest.fixture
def room(transactional_db):
    room = make_room()
    room.cookies = {name: session_cookie(getattr(room, name)) for name in ROLES}
    return room


async def join(server, room, *names):
    return {
        name: await connect_real(server, room.session.pk, cookie=room.cookies[name])
        for name in names
    }


async def start(clients):
    await clients["coach"].send({"type": "control", "action": "start"})
    for client in clients.values():
        await client.event("control", action="start")


async def close_all(clients):
    for client in clients.values():
        await client.close()


@database_sync_to_async
def visible_seqs(room, name) -> list[int]:
    participant = room.session.participants.select_related("session", "user").get(
        user=getattr(room, name)
    )
    events, _last = room_selectors.visible_events(viewer=eventlog.viewer_of(participant))
    return [event.seq for event in events]


@database_sync_to_async
def last_seq(room) -> int:
    return RolePlaySession.objects.get(pk=room.session.pk).last_seq


def http_get(server, path, cookie):
    request = urllib.request.Request(f"{server.http}{path}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


async def test_a_full_session_with_four_roles(server, room):
    clients = await join(server, room, *ROLES)
    coach, agent, customer, observer = (clients[name] for name in ROLES)
    await start(clients)

    await agent.send({"type": "say", "text": "Kohtaamo, Aino speaking.", "client_msg_id": "a1"})
    await customer.send({"type": "say", "text": "I have had enough!", "client_msg_id": "c1"})
    await coach.send({"type": "whisper", "text": "Name the feeling.", "client_msg_id": "w1"})
    await coach.send({"type": "inject", "twist": room.twist.pk, "client_msg_id": "t1"})
    await observer.send(
        {"type": "score", "criterion": room.criteria[0].pk, "value": 4, "client_msg_id": "s1"}
    )
    await coach.send(
        {"type": "score", "criterion": room.criteria[1].pk, "value": 3, "client_msg_id": "s2"}
    )
    await agent.send({"type": "say", "text": "That sounds exhausting.", "client_msg_id": "a2"})
    for client in clients.values():
        await client.event("say", client_msg_id="a2")
    await coach.send({"type": "control", "action": "end", "client_msg_id": "end"})
    for client in clients.values():
        await client.event("control", action="end")

    for name, client in clients.items():
        seqs = [e["seq"] for e in client.events()]
        assert seqs == sorted(set(seqs)), name
    assert len(agent.events("whisper")) == 1 and len(coach.events("whisper")) == 1
    assert customer.events("whisper") == [] and observer.events("whisper") == []
    assert [e["value"] for e in coach.events("score")] == [4, 3]
    assert [e["value"] for e in observer.events("score")] == [4]
    assert agent.events("score") == [] and customer.events("score") == []
    assert all(len(c.events("inject")) == 1 for c in clients.values())
    await close_all(clients)

    debrief = http_get(
        server, f"/api/roleplay/sessions/{room.session.pk}/debrief/", room.cookies["agent"]
    )
    assert [c["averages"] for c in debrief["criteria"]] == [{"observer": 4}, {"coach": 3}]
    statements = await database_sync_to_async(
        lambda: sorted(Statement.objects.filter(actor=room.agent).values_list("verb", flat=True))
    )()
    assert statements == sorted([verbs.COMPLETED, verbs.SCORED, verbs.SCORED])


async def test_whispers_reach_only_the_coach_and_the_agent(server, room):
    clients = await join(server, room, *ROLES)
    await start(clients)

    await clients["coach"].send({"type": "whisper", "text": "Slow down."})
    assert (await clients["agent"].event("whisper"))["text"] == "Slow down."
    await clients["customer"].send({"type": "say", "text": "Well?", "client_msg_id": "after"})
    for name in ("customer", "observer"):
        await clients[name].event("say", client_msg_id="after")
        assert clients[name].events("whisper") == []
    await close_all(clients)


async def test_pause_blocks_say(server, room):
    clients = await join(server, room, "coach", "agent")
    await start(clients)
    await clients["coach"].send({"type": "control", "action": "pause"})
    await clients["agent"].event("control", action="pause")

    await clients["agent"].send({"type": "say", "text": "Hello?", "client_msg_id": "p"})

    error = await clients["agent"].error()
    assert (error["code"], error["client_msg_id"]) == ("not_live", "p")
    await clients["coach"].send({"type": "control", "action": "resume"})
    await clients["agent"].event("control", action="resume")
    await clients["agent"].send({"type": "say", "text": "Hello?", "client_msg_id": "p"})
    assert (await clients["agent"].ack("p"))["seq"] == await last_seq(room)
    await close_all(clients)


async def test_a_resend_after_reconnecting_returns_the_same_seq_and_stores_once(server, room):
    clients = await join(server, room, "coach", "agent")
    await start(clients)
    frame = {"type": "say", "text": "Did this arrive?", "client_msg_id": "maybe-lost"}
    await clients["agent"].send(frame)
    first = await clients["agent"].ack("maybe-lost")
    clients["agent"].drop()

    again = await connect_real(server, room.session.pk, cookie=room.cookies["agent"])
    await again.send(frame)
    second = await again.ack("maybe-lost")

    assert second["seq"] == first["seq"]
    count = await database_sync_to_async(
        SessionEvent.objects.filter(session=room.session, kind="say").count
    )()
    assert count == 1
    await again.close()
    await clients["coach"].close()


async def test_resume_after_a_dropped_connection_loses_and_doubles_nothing(server, room):
    clients = await join(server, room, "coach", "agent", "customer")
    await start(clients)
    await clients["customer"].send({"type": "say", "text": "before", "client_msg_id": "b"})
    await clients["agent"].event("say", client_msg_id="b")
    applied = [e["seq"] for e in clients["agent"].events()]
    clients["agent"].drop()
    await clients["customer"].event("leave")

    for n in range(3):
        await clients["customer"].send({"type": "say", "text": f"missed {n}"})
    await clients["coach"].send({"type": "whisper", "text": "missed whisper", "client_msg_id": "w"})
    await clients["coach"].ack("w")

    agent = await connect_real(server, room.session.pk, cookie=room.cookies["agent"])
    await agent.send({"type": "resume", "after_seq": max(applied)})
    await agent.event("whisper")
    await clients["customer"].send({"type": "say", "text": "live again", "client_msg_id": "l"})
    await agent.event("say", client_msg_id="l")

    after = [e["seq"] for e in agent.events()]
    assert len(after) == len(set(after))
    horizon = clients["agent"].welcome["last_seq"]
    assert sorted(applied + after) == [s for s in await visible_seqs(room, "agent") if s > horizon]
    assert [e["text"] for e in agent.events("say")] == [
        "missed 0",
        "missed 1",
        "missed 2",
        "live again",
    ]
    await agent.close()
    await close_all({k: v for k, v in clients.items() if k != "agent"})


@pytest.mark.parametrize(("case", "frame", "code"), BAD_FRAMES, ids=[c[0] for c in BAD_FRAMES])
async def test_bad_input_gets_an_error_and_the_connection_stays_open(
    server, room, case, frame, code
):
    clients = await join(server, room, "coach", "agent")
    await start(clients)
    before = await last_seq(room)

    await clients["agent"].send(frame)

    assert (await clients["agent"].error())["code"] == code
    assert await last_seq(room) == before
    await clients["agent"].send({"type": "say", "text": "still here", "client_msg_id": "ok"})
    assert (await clients["agent"].ack("ok"))["seq"] == before + 1
    await close_all(clients)


async def test_an_action_the_role_may_not_take_is_forbidden(server, room):
    clients = await join(server, room, "coach", "observer")
    await start(clients)
    await clients["observer"].send({"type": "control", "action": "end", "client_msg_id": "no"})
    error = await clients["observer"].error()
    assert (error["code"], error["client_msg_id"]) == ("forbidden", "no")
    await close_all(clients)


async def test_flooding_is_rate_limited_then_closed_with_4408(server, room):
    [agent] = (await join(server, room, "agent")).values()
    for _ in range(11):
        await agent.send({"type": "typing"})
    assert (await agent.error())["code"] == "rate_limited"
    for _ in range(30):
        await agent.send({"type": "typing"})
    assert await agent.closed() == 4408


@pytest.mark.parametrize(
    ("who", "query", "code"),
    [("nobody", "", 4401), ("bystander", "", 4403), ("agent", "missing", 4404)],
)
async def test_a_refused_connection_gets_its_close_code(server, room, who, query, code):
    cookie = (
        await database_sync_to_async(session_cookie)(room.bystander) if who == "bystander" else None
    )
    cookie = room.cookies.get(who, cookie)
    session_id = room.session.pk + (1000 if query == "missing" else 0)
    client = await connect_real(server, session_id, cookie=cookie)
    assert await client.closed() == code


@pytest.mark.redis
def test_participants_on_two_processes_see_the_whole_stream(room, redis_url):
    with running_server(redis_url=redis_url) as one, running_server(redis_url=redis_url) as two:

        async def play():
            home = {"coach": one, "agent": one, "customer": two, "observer": two}
            clients = {
                name: await connect_real(home[name], room.session.pk, cookie=room.cookies[name])
                for name in ROLES
            }
            await start(clients)
            await clients["agent"].send({"type": "say", "text": "from one"})
            await clients["customer"].send({"type": "say", "text": "from two"})
            await clients["coach"].send({"type": "whisper", "text": "hint"})
            await clients["observer"].send(
                {"type": "score", "criterion": room.criteria[0].pk, "value": 5}
            )
            await clients["customer"].send({"type": "say", "text": "last", "client_msg_id": "z"})
            for client in clients.values():
                await client.event("say", client_msg_id="z")
            for name, client in clients.items():
                horizon = client.welcome["last_seq"]
                expected = [s for s in await visible_seqs(room, name) if s > horizon]
                seqs = await client.until_seqs(expected)
                assert sorted(seqs) == expected, name
                assert len(client.events("say")) == 3, name
            assert len(clients["agent"].events("whisper")) == 1
            assert clients["customer"].events("whisper") == []
            assert len(clients["coach"].events("score")) == 1
            await close_all(clients)

        asyncio.run(play())
