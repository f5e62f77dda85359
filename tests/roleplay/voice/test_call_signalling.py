"""The room's voice call over real WebSocket connections (through the project's ASGI
application): which signals are relayed between whom in each supervisor mode, and
which call events each participant sees."""

import pytest
from channels.db import database_sync_to_async

from roleplay.models import SessionEvent
from roleplay.room.protocol import SIGNALS_PER_SECOND
from tests.roleplay.clients import open_in_process

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ("coach", "agent", "customer", "observer")


def sdp(direction: str, media: str = "audio") -> str:
    """A minimal session description with one media section in ``direction``."""
    return "\r\n".join(
        [
            "v=0",
            "o=- 1 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            f"m={media} 9 UDP/TLS/RTP/SAVPF 111",
            "c=IN IP4 0.0.0.0",
            "a=rtpmap:111 opus/48000/2",
            f"a={direction}",
            "",
        ]
    )


def offer(to, direction="sendrecv", media="audio") -> dict:
    return {
        "type": "rtc",
        "to": to.pk,
        "signal": {"description": {"type": "offer", "sdp": sdp(direction, media)}},
    }


async def in_call(room, *names):
    """Everyone connected, the role-play started and ``names`` in the call."""
    clients = {name: await open_in_process(getattr(room, name), room.session.pk) for name in ROLES}
    await clients["coach"].send({"type": "control", "action": "start", "client_msg_id": "go"})
    for client in clients.values():
        await client.event("control", action="start")
    for name in names:
        await clients[name].send({"type": "call", "action": "join", "client_msg_id": f"j-{name}"})
        await clients[name].ack(f"j-{name}")
    last = getattr(room, names[-1]).pk
    for client in clients.values():
        await call_event(client, "join", last)
    return clients


async def call_event(client, action, author_id) -> dict:
    """The ``call`` event ``action`` by ``author_id``, whether seen already or to come."""

    def matches(frame):
        return (
            frame["type"] == "event"
            and frame["kind"] == "call"
            and frame["action"] == action
            and (frame["author"] or {}).get("id") == author_id
        )

    earlier = [frame for frame in client.seen if matches(frame)]
    return earlier[0] if earlier else await client.until(matches)


async def close_all(clients):
    for client in clients.values():
        await client.close()


async def relayed(client, sender) -> dict:
    return await client.until(lambda f: f["type"] == "rtc" and f["from"] == sender.pk)


async def refused(client) -> str:
    return (await client.error())["code"]


async def switch(clients, mode, msg_id):
    await clients["coach"].send(
        {"type": "call", "action": "mode", "mode": mode, "client_msg_id": msg_id}
    )
    await clients["coach"].ack(msg_id)


async def test_agent_and_customer_signal_each_other_and_nobody_else_gets_it(room):
    clients = await in_call(room, *ROLES)
    await clients["agent"].send(offer(room.customer))
    got = await relayed(clients["customer"], room.agent)
    assert got["signal"]["description"]["type"] == "offer"
    await clients["customer"].send(
        {"type": "rtc", "to": room.agent.pk, "signal": {"candidate": None}}
    )
    assert (await relayed(clients["agent"], room.customer))["signal"] == {"candidate": None}
    for name in ("coach", "observer"):
        assert not [f for f in clients[name].seen if f["type"] == "rtc"]
    await close_all(clients)


async def test_the_customer_never_gets_a_connection_carrying_the_coachs_whisper(room):
    clients = await in_call(room, *ROLES)
    # Listening, the coach only receives from the customer; an offer to send is refused.
    await clients["coach"].send(offer(room.customer, "sendrecv"))
    assert await refused(clients["coach"]) == "forbidden"
    await clients["coach"].send(offer(room.customer, "recvonly"))
    await relayed(clients["customer"], room.coach)

    await switch(clients, "whisper", "w")
    await clients["coach"].send(offer(room.agent, "sendrecv"))
    await relayed(clients["agent"], room.coach)
    await clients["coach"].send(offer(room.customer, "sendrecv"))
    assert await refused(clients["coach"]) == "forbidden"
    # Nor can the customer's own answer make the coach send: the check is on the coach.
    assert [f for f in clients["customer"].seen if f["type"] == "rtc"] != []

    await switch(clients, "barge", "b")
    await clients["coach"].send(offer(room.customer, "sendrecv"))
    await relayed(clients["customer"], room.coach)
    await close_all(clients)


async def test_observers_listen_and_never_send(room):
    clients = await in_call(room, *ROLES)
    await clients["observer"].send(offer(room.agent, "recvonly"))
    await relayed(clients["agent"], room.observer)
    await clients["observer"].send(offer(room.customer, "sendrecv"))
    assert await refused(clients["observer"]) == "forbidden"
    await clients["observer"].send(offer(room.customer))  # a=sendrecv is the default too
    assert await refused(clients["observer"]) == "forbidden"
    # Observers and the coach have no connection at all.
    await clients["observer"].send(offer(room.coach, "recvonly"))
    assert await refused(clients["observer"]) == "forbidden"
    # The call carries audio only.
    await clients["agent"].send(offer(room.customer, "sendrecv", media="video"))
    assert await refused(clients["agent"]) == "invalid"
    await close_all(clients)


async def test_signals_to_outsiders_unknown_ids_or_people_out_of_the_call_are_errors(room):
    clients = await in_call(room, "agent")
    await clients["agent"].send(offer(room.outsider))
    assert await refused(clients["agent"]) == "invalid"
    await clients["agent"].send(offer(room.agent))
    assert await refused(clients["agent"]) == "invalid"
    await clients["agent"].send(offer(room.customer))  # not in the call
    assert await refused(clients["agent"]) == "invalid"
    await clients["customer"].send(offer(room.agent))  # the sender is not in it either
    assert await refused(clients["customer"]) == "forbidden"
    await clients["agent"].send({"type": "rtc", "to": room.customer.pk, "signal": {"x": 1}})
    assert await refused(clients["agent"]) == "invalid"
    await clients["agent"].send({"type": "rtc", "to": "5", "signal": {"candidate": None}})
    assert await refused(clients["agent"]) == "invalid"
    await close_all(clients)


async def test_a_text_scenario_has_no_call(room):
    await database_sync_to_async(type(room.scenario).objects.filter(pk=room.scenario.pk).update)(
        channel="chat"
    )
    agent = await open_in_process(room.agent, room.session.pk)
    await agent.send({"type": "call", "action": "join"})
    assert await refused(agent) == "invalid"
    await agent.send(offer(room.customer))
    assert await refused(agent) == "invalid"
    await agent.close()


async def test_only_the_coach_switches_modes_and_ends_the_call(room):
    clients = await in_call(room, "coach", "agent")
    await clients["agent"].send({"type": "call", "action": "mode", "mode": "barge"})
    assert await refused(clients["agent"]) == "forbidden"
    await clients["agent"].send({"type": "call", "action": "mode", "mode": "shout"})
    assert await refused(clients["agent"]) == "invalid"
    await clients["coach"].send({"type": "call", "action": "end", "client_msg_id": "e"})
    await clients["coach"].ack("e")
    for name in ("agent", "customer", "observer"):
        await call_event(clients[name], "end", room.coach.pk)
    await clients["agent"].send(offer(room.coach))
    assert await refused(clients["agent"]) == "not_live"
    await close_all(clients)


@database_sync_to_async
def stored_call_events(session):
    return list(
        SessionEvent.objects.filter(session=session, kind="call")
        .order_by("seq")
        .values_list("data", "audience")
    )


async def test_call_events_are_stored_and_the_customer_never_sees_a_whisper(room):
    clients = await in_call(room, *ROLES)
    await switch(clients, "whisper", "w")
    await clients["coach"].send({"type": "call", "action": "mute", "client_msg_id": "m"})
    await clients["coach"].ack("m")
    await switch(clients, "barge", "b")
    await switch(clients, "whisper", "w2")
    await switch(clients, "listen", "l")
    await clients["agent"].send({"type": "call", "action": "leave", "client_msg_id": "a"})
    await clients["agent"].ack("a")
    await call_event(clients["customer"], "leave", room.agent.pk)
    await call_event(clients["agent"], "leave", room.agent.pk)

    stored = await stored_call_events(room.session)
    assert [(data["action"], data.get("mode"), audience) for data, audience in stored] == [
        ("start", "listen", "everyone"),
        ("join", None, "everyone"),
        ("join", None, "everyone"),
        ("join", None, "everyone"),
        ("join", None, "everyone"),
        ("mode", "whisper", "coach-agent"),
        ("mute", None, "coach-agent"),
        ("mode", "barge", "everyone"),
        ("mode", "listen", "everyone"),
        ("mode", "whisper", "coach-agent"),
        ("mode", "listen", "coach-agent"),
        ("leave", None, "everyone"),
    ]
    customer_modes = [
        e["mode"] for e in clients["customer"].events("call") if e["action"] == "mode"
    ]
    assert customer_modes == ["barge", "listen"]
    agent_modes = [e["mode"] for e in clients["agent"].events("call") if e["action"] == "mode"]
    assert agent_modes == ["whisper", "barge", "listen", "whisper", "listen"]
    assert "whisper" not in {e.get("mode") for e in clients["observer"].events("call")}
    await close_all(clients)


async def test_a_closed_connection_leaves_the_call(room):
    clients = await in_call(room, "agent", "customer")
    await clients["customer"].close()
    left = await clients["agent"].event("call", action="leave")
    assert left["author"]["id"] == room.customer.pk
    await close_all({k: v for k, v in clients.items() if k != "customer"})


async def test_signalling_has_a_budget_of_its_own(room):
    """A coach's mode change trickles the candidates of two renegotiations at once:
    they pass where other frames are refused, and a flood of signals is refused too."""
    clients = await in_call(room, "agent", "customer")
    candidate = {"type": "rtc", "to": room.customer.pk, "signal": {"candidate": None}}
    for _ in range(10):
        await clients["agent"].send({"type": "typing"})
    for _ in range(SIGNALS_PER_SECOND):
        await clients["agent"].send(candidate)
    await clients["agent"].send({"type": "typing"})  # the eleventh frame
    await clients["agent"].send(candidate)  # the forty-first signal
    signals = await clients["agent"].until(lambda f: f["type"] == "error" and "40" in f["detail"])
    assert signals["code"] == "rate_limited"
    # Before it, only other frames were refused (the join counts among the ten too).
    frames = [f for f in clients["agent"].seen if f["type"] == "error"][:-1]
    assert frames and {(f["code"], "10" in f["detail"]) for f in frames} == {("rate_limited", True)}
    for _ in range(SIGNALS_PER_SECOND):
        await relayed(clients["customer"], room.agent)
    await close_all(clients)


async def test_ending_the_role_play_hangs_up_the_call(room):
    clients = await in_call(room, "coach", "agent")
    await clients["coach"].send({"type": "control", "action": "end", "client_msg_id": "x"})
    await clients["coach"].ack("x")
    ended = await call_event(clients["agent"], "end", room.coach.pk)
    control = await clients["agent"].event("control", action="end")
    assert ended["seq"] < control["seq"]
    await close_all(clients)
