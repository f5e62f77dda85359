"""The live room's rules, in process: who may do what, who sees what, and what the
server answers to a bad frame. Each test connects real consumers through the
project's ASGI application (origin check and session cookie included)."""

import json

import pytest
from channels.db import database_sync_to_async

from roleplay.models import RolePlaySession, SessionEvent
from roleplay.room import eventlog
from roleplay.room import selectors as room_selectors
from roleplay.room.tickets import ticket_issue
from tests.roleplay.clients import connect_in_process, open_in_process

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def stored_events(session) -> list[tuple[int, str]]:
    return list(
        SessionEvent.objects.filter(session=session).order_by("seq").values_list("seq", "kind")
    )


@database_sync_to_async
def last_seq(session) -> int:
    return RolePlaySession.objects.get(pk=session.pk).last_seq


async def live_room(room, *names):
    """Open connections for ``names`` (the coach first) and start the role-play."""
    clients = {name: await open_in_process(getattr(room, name), room.session.pk) for name in names}
    await clients["coach"].send({"type": "control", "action": "start", "client_msg_id": "go"})
    for client in clients.values():
        await client.event("control", action="start")
    return clients


async def close_all(clients):
    for client in clients.values():
        await client.close()


# Connecting


async def test_a_participant_is_welcomed_with_role_state_last_seq_and_roster(room):
    agent = await open_in_process(room.agent, room.session.pk)

    welcome = agent.welcome
    assert welcome["session"] == room.session.pk
    assert welcome["role"] == "agent"
    assert welcome["state"] == "lobby"
    assert welcome["last_seq"] == 1  # the agent's own arrival
    assert {(p["id"], p["role"]) for p in welcome["participants"]} == {
        (room.coach.pk, "coach"),
        (room.agent.pk, "agent"),
        (room.customer.pk, "customer"),
        (room.observer.pk, "observer"),
    }
    await agent.close()


async def test_others_see_a_participant_join(room):
    coach = await open_in_process(room.coach, room.session.pk)
    agent = await open_in_process(room.agent, room.session.pk)

    joined = await coach.event("join")
    assert joined["author"]["id"] == room.agent.pk
    assert joined["role"] == "agent"
    assert joined["seq"] == agent.welcome["last_seq"]
    await close_all({"coach": coach, "agent": agent})


async def test_without_a_session_cookie_the_room_closes_with_4401(room):
    client = await connect_in_process(None, room.session.pk)
    assert client.seen == []
    assert await client.closed() == 4401


async def test_a_team_member_who_is_not_a_participant_is_closed_with_4403(room):
    client = await connect_in_process(room.bystander, room.session.pk)
    assert await client.closed() == 4403


async def test_an_unknown_session_closes_with_4404(room):
    client = await connect_in_process(room.agent, room.session.pk + 1000)
    assert await client.closed() == 4404


async def test_a_ticket_opens_the_room_without_a_cookie_but_only_once(room):
    ticket = await database_sync_to_async(ticket_issue)(session=room.session, user=room.agent)

    first = await connect_in_process(None, room.session.pk, query=f"ticket={ticket}")
    assert first.welcome["role"] == "agent"
    again = await connect_in_process(None, room.session.pk, query=f"ticket={ticket}")
    assert await again.closed() == 4401
    await first.close()


async def test_a_ticket_for_another_session_is_refused_with_4403(room):
    other = await database_sync_to_async(
        lambda: RolePlaySession.objects.create(
            scenario=room.scenario, team=room.team, coach=room.coach
        )
    )()
    ticket = await database_sync_to_async(ticket_issue)(session=other, user=room.agent)
    client = await connect_in_process(None, room.session.pk, query=f"ticket={ticket}")
    assert await client.closed() == 4403


async def test_a_forged_ticket_is_refused_with_4401(room):
    client = await connect_in_process(None, room.session.pk, query="ticket=not-a-ticket")
    assert await client.closed() == 4401


# Speaking, whispering, controlling


async def test_what_the_agent_says_reaches_everyone_and_is_acknowledged(room):
    clients = await live_room(room, "coach", "agent", "customer", "observer")

    await clients["agent"].send(
        {"type": "say", "text": "Hello, Kohtaamo here.", "client_msg_id": "a1"}
    )

    heard = [await client.event("say") for client in clients.values()]
    ack = await clients["agent"].ack("a1")
    for said in heard:
        assert said["seq"] == ack["seq"]
        assert said["text"] == "Hello, Kohtaamo here."
        assert said["role"] == "agent"
        assert said["author"] == {"id": room.agent.pk, "name": room.agent.display_name}
        assert said["client_msg_id"] == "a1"
        assert said["at"]
    await close_all(clients)


async def test_a_whisper_reaches_the_coach_and_the_agent_only(room):
    clients = await live_room(room, "coach", "agent", "customer", "observer")

    await clients["coach"].send({"type": "whisper", "text": "Name the feeling first."})
    whisper = await clients["agent"].event("whisper")
    assert whisper["text"] == "Name the feeling first."
    await clients["coach"].event("whisper")
    # A later event everyone sees proves the whisper was not merely late.
    await clients["agent"].send({"type": "say", "text": "That sounds exhausting."})
    for name in ("customer", "observer"):
        await clients[name].event("say")
        assert clients[name].events("whisper") == []
    await close_all(clients)


async def test_a_score_reaches_the_coach_and_its_author_only_while_live(room):
    clients = await live_room(room, "coach", "agent", "customer", "observer")
    criterion = room.criteria[0].pk

    await clients["observer"].send(
        {"type": "score", "criterion": criterion, "value": 4, "note": "Named it well"}
    )
    score = await clients["observer"].event("score")
    assert (score["criterion"], score["value"], score["text"]) == (criterion, 4, "Named it well")
    assert score["at_seq"] == score["seq"] - 1
    await clients["coach"].event("score")
    await clients["customer"].send({"type": "say", "text": "Fine."})
    for name in ("agent", "customer"):
        await clients[name].event("say")
        assert clients[name].events("score") == []
    await close_all(clients)


async def test_after_the_end_a_resume_shows_everyone_the_scores(room):
    clients = await live_room(room, "coach", "agent", "observer")
    await clients["observer"].send({"type": "score", "criterion": room.criteria[0].pk, "value": 3})
    await clients["observer"].event("score")
    await clients["coach"].send({"type": "control", "action": "end"})
    await clients["agent"].event("control", action="end")

    await clients["agent"].send({"type": "resume", "after_seq": 0})
    replayed = await clients["agent"].event("score")
    assert replayed["value"] == 3
    await close_all(clients)


async def test_pause_blocks_say_until_resumed(room):
    clients = await live_room(room, "coach", "agent")
    await clients["coach"].send({"type": "control", "action": "pause"})
    paused = await clients["agent"].event("control", action="pause")
    assert paused["state"] == "paused"
    before = await last_seq(room.session)

    await clients["agent"].send({"type": "say", "text": "Hello?", "client_msg_id": "p1"})
    error = await clients["agent"].error()
    assert (error["code"], error["client_msg_id"]) == ("not_live", "p1")
    assert await last_seq(room.session) == before

    await clients["coach"].send({"type": "control", "action": "resume"})
    await clients["agent"].event("control", action="resume")
    await clients["agent"].send({"type": "say", "text": "Hello again", "client_msg_id": "p2"})
    assert (await clients["agent"].ack("p2"))["seq"] > before
    await close_all(clients)


async def test_say_before_the_start_is_not_live(room):
    agent = await open_in_process(room.agent, room.session.pk)
    await agent.send({"type": "say", "text": "Too early"})
    assert (await agent.error())["code"] == "not_live"
    await agent.close()


@pytest.mark.parametrize(
    ("who", "frame"),
    [
        ("observer", {"type": "say", "text": "I am only watching"}),
        ("customer", {"type": "whisper", "text": "psst"}),
        ("agent", {"type": "control", "action": "pause"}),
        ("agent", {"type": "inject", "text": "A sudden storm"}),
        ("agent", {"type": "score", "criterion": 0, "value": 5}),
        ("coach", {"type": "say", "text": "Coaches speak through whispers"}),
    ],
)
async def test_an_action_the_role_may_not_take_is_forbidden_and_stores_nothing(room, who, frame):
    clients = (
        await live_room(room, "coach", who) if who != "coach" else await live_room(room, "coach")
    )
    before = await last_seq(room.session)

    await clients[who].send({**frame, "client_msg_id": "x"})

    error = await clients[who].error()
    assert (error["code"], error["client_msg_id"]) == ("forbidden", "x")
    assert await last_seq(room.session) == before
    await close_all(clients)


async def test_a_prepared_twist_reaches_everyone_with_its_text(room):
    clients = await live_room(room, "coach", "agent", "customer")
    await clients["coach"].send({"type": "inject", "twist": room.twist.pk})
    for client in clients.values():
        twist = await client.event("inject")
        assert (twist["twist"], twist["title"]) == (room.twist.pk, "Recorded")
        assert twist["text"] == "The customer is recording the call."
    await close_all(clients)


async def test_a_twist_of_another_scenario_is_invalid(room):
    clients = await live_room(room, "coach")
    await clients["coach"].send({"type": "inject", "twist": room.twist.pk + 99})
    assert (await clients["coach"].error())["code"] == "invalid"
    await close_all(clients)


async def test_typing_reaches_the_others_and_is_not_stored(room):
    clients = await live_room(room, "coach", "agent", "customer")
    before = await last_seq(room.session)

    await clients["agent"].send({"type": "typing"})

    typing = await clients["customer"].until(lambda f: f["type"] == "typing")
    assert typing["author"]["id"] == room.agent.pk
    assert await last_seq(room.session) == before
    await close_all(clients)


# Guarantees


async def test_a_resent_client_msg_id_returns_the_same_seq_and_stores_once(room):
    clients = await live_room(room, "coach", "agent")
    frame = {"type": "say", "text": "Once only", "client_msg_id": "same"}

    await clients["agent"].send(frame)
    first = await clients["agent"].ack("same")
    await clients["agent"].send(frame)
    second = await clients["agent"].ack("same")

    assert first["seq"] == second["seq"]
    kinds = [kind for _seq, kind in await stored_events(room.session)]
    assert kinds.count("say") == 1
    await close_all(clients)


async def test_resume_replays_every_visible_event_after_the_given_seq_in_order(room):
    clients = await live_room(room, "coach", "agent", "customer")
    await clients["coach"].send({"type": "whisper", "text": "hint"})
    await clients["agent"].send({"type": "say", "text": "one", "client_msg_id": "1"})
    await clients["agent"].ack("1")
    await clients["customer"].send({"type": "say", "text": "two", "client_msg_id": "2"})
    await clients["customer"].event("say", text="two")

    # A fresh connection has had nothing yet: a resume from 0 brings everything.
    customer = await open_in_process(room.customer, room.session.pk)
    await customer.send({"type": "resume", "after_seq": 0})
    await customer.until(lambda f: f["type"] == "event" and f["text"] == "two")
    replayed = customer.events()
    seqs = [event["seq"] for event in replayed]
    assert seqs == sorted(set(seqs))
    assert "whisper" not in {event["kind"] for event in replayed}
    assert [e["text"] for e in replayed if e["kind"] == "say"] == ["one", "two"]
    await customer.close()
    await close_all(clients)


async def test_after_a_resume_each_event_has_come_exactly_once_live_or_replayed(room):
    clients = await live_room(room, "coach", "agent", "customer")
    customer = clients["customer"]
    await clients["agent"].send({"type": "say", "text": "one", "client_msg_id": "1"})
    await customer.event("say", text="one")

    # Everything after 0, though "one" and the start already came live on this connection.
    await customer.send({"type": "resume", "after_seq": 0})
    await clients["agent"].send({"type": "say", "text": "two", "client_msg_id": "2"})
    await customer.event("say", text="two")

    seqs = [event["seq"] for event in customer.events()]
    assert len(seqs) == len(set(seqs))
    assert sorted(seqs) == await visible_seqs(room, "customer")
    await close_all(clients)


@database_sync_to_async
def visible_seqs(room, name) -> list[int]:
    participant = room.session.participants.select_related("session", "user").get(
        user=getattr(room, name)
    )
    events, _last = room_selectors.visible_events(viewer=eventlog.viewer_of(participant))
    return [event.seq for event in events]


# Bad input


BAD_FRAMES = [
    ("malformed JSON", "{not json", "invalid"),
    ("not an object", "[1, 2]", "invalid"),
    ("unknown type", json.dumps({"type": "shout", "text": "hi"}), "invalid"),
    ("missing text", json.dumps({"type": "say"}), "invalid"),
    ("missing action", json.dumps({"type": "control"}), "invalid"),
    ("unknown action", json.dumps({"type": "control", "action": "explode"}), "invalid"),
    ("score out of range", json.dumps({"type": "score", "criterion": 1, "value": 6}), "invalid"),
    ("resume without seq", json.dumps({"type": "resume"}), "invalid"),
    ("text over 4000 characters", json.dumps({"type": "say", "text": "a" * 4001}), "too_large"),
    ("text with a NUL character", json.dumps({"type": "say", "text": "a\u0000b"}), "invalid"),
    ("frame over 16 KB", json.dumps({"type": "typing", "pad": "b" * 17000}), "too_large"),
    ("binary frame", b"\x00\x01", "invalid"),
]


@pytest.mark.parametrize(("case", "frame", "code"), BAD_FRAMES, ids=[c[0] for c in BAD_FRAMES])
async def test_bad_input_gets_an_error_stores_nothing_and_keeps_the_connection(
    room, case, frame, code
):
    clients = await live_room(room, "coach", "agent")
    before = await last_seq(room.session)

    await clients["agent"].send(frame)

    assert (await clients["agent"].error())["code"] == code
    assert await last_seq(room.session) == before
    await clients["agent"].send({"type": "say", "text": "still here", "client_msg_id": "ok"})
    assert (await clients["agent"].ack("ok"))["seq"] == before + 1
    await close_all(clients)


async def test_more_than_ten_frames_a_second_are_rate_limited(room):
    agent = await open_in_process(room.agent, room.session.pk)
    for _ in range(11):
        await agent.send({"type": "typing"})
    error = await agent.error()
    assert error["code"] == "rate_limited"
    await agent.close()


async def test_a_client_that_keeps_flooding_is_closed_with_4408(room):
    agent = await open_in_process(room.agent, room.session.pk)
    for _ in range(40):
        await agent.send({"type": "typing"})
    assert await agent.closed() == 4408
    assert {f["code"] for f in agent.seen if f["type"] == "error"} == {"rate_limited"}


async def test_errors_speak_the_participants_language(room):
    room.agent.language = "fi"
    await database_sync_to_async(room.agent.save)(update_fields=["language"])
    agent = await open_in_process(room.agent, room.session.pk)

    await agent.send({"type": "say", "text": "Liian aikaisin"})

    assert (await agent.error())["detail"] == "Harjoitus ei ole käynnissä."
    await agent.close()
