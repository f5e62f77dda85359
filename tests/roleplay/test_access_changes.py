"""Authorisation follows changes at once: a role changed in the lobby, a coach demoted
in the team, a learner moved out of the team. Real consumers through the project's
ASGI application; the changes are made through the services, as the API makes them."""

import pytest
from channels.db import database_sync_to_async
from rest_framework.test import APIClient

from people import services as people_services
from roleplay import access, services
from roleplay.models import Participant

from .clients import connect_in_process, open_in_process
from .conftest import make_room

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def room(transactional_db):
    return make_room()


@database_sync_to_async
def set_role(room, user, role):
    services.participant_set(session=room.session, user=user, role=role, by=room.coach)


@database_sync_to_async
def add_second_coach(room):
    from tests.factories import MembershipFactory, UserFactory

    coach2 = UserFactory(first_name="Second", last_name="Coach")
    MembershipFactory(user=coach2, team=room.team, role="coach")
    services.participant_set(session=room.session, user=coach2, role="coach", by=room.coach)
    return coach2


async def test_an_agent_moved_to_observer_in_the_lobby_is_closed_and_sees_no_more_whispers(room):
    coach = await open_in_process(room.coach, room.session.pk)
    agent = await open_in_process(room.agent, room.session.pk)
    await coach.send({"type": "whisper", "text": "first hint", "client_msg_id": "w1"})
    await agent.event("whisper", text="first hint")

    await set_role(room, room.agent, "observer")

    assert await agent.closed() == access.CLOSE_ROLE_CHANGED
    await coach.send({"type": "whisper", "text": "second hint", "client_msg_id": "w2"})
    await coach.ack("w2")
    again = await open_in_process(room.agent, room.session.pk)
    assert again.welcome["role"] == "observer"
    await again.send({"type": "resume", "after_seq": 0})
    await coach.send({"type": "control", "action": "start", "client_msg_id": "go"})
    await again.event("control", action="start")
    assert again.events("whisper") == []  # neither replayed nor live
    await again.close()
    await coach.close()


async def test_a_replay_under_a_changed_role_is_refused_even_if_the_announcement_was_lost(room):
    coach = await open_in_process(room.coach, room.session.pk)
    agent = await open_in_process(room.agent, room.session.pk)
    await coach.send({"type": "whisper", "text": "hint", "client_msg_id": "w1"})
    await agent.event("whisper")
    # Changed behind the hub's back, as if the channel layer had dropped the notice.
    await database_sync_to_async(
        Participant.objects.filter(session=room.session, user=room.agent).update
    )(role="observer")

    await agent.send({"type": "resume", "after_seq": 0})

    assert await agent.closed() == access.CLOSE_ROLE_CHANGED
    assert len(agent.events("whisper")) == 1  # the live one, before the change
    await coach.close()


async def test_a_coach_moved_to_observer_in_the_lobby_no_longer_sees_live_scores(room):
    coach2 = await add_second_coach(room)
    second = await open_in_process(coach2, room.session.pk)

    await set_role(room, coach2, "observer")

    assert await second.closed() == access.CLOSE_ROLE_CHANGED
    second = await open_in_process(coach2, room.session.pk)
    coach = await open_in_process(room.coach, room.session.pk)
    observer = await open_in_process(room.observer, room.session.pk)
    await coach.send({"type": "control", "action": "start"})
    await second.event("control", action="start")
    await observer.send({"type": "score", "criterion": room.criteria[0].pk, "value": 4})
    await coach.event("score")
    await coach.send({"type": "inject", "text": "The line crackles.", "client_msg_id": "t"})
    await second.event("inject")
    assert second.events("score") == []
    for client in (second, coach, observer):
        await client.close()


async def test_a_coach_demoted_in_the_team_during_the_session_stops_seeing_scores(room):
    coach2 = await add_second_coach(room)
    coach = await open_in_process(room.coach, room.session.pk)
    second = await open_in_process(coach2, room.session.pk)
    observer = await open_in_process(room.observer, room.session.pk)
    await coach.send({"type": "control", "action": "start"})
    await second.event("control", action="start")

    await database_sync_to_async(people_services.membership_set)(
        user=coach2, team=room.team, role="learner"
    )

    assert await second.closed() == access.CLOSE_ROLE_CHANGED
    second = await open_in_process(coach2, room.session.pk)
    await observer.send({"type": "score", "criterion": room.criteria[0].pk, "value": 2})
    await coach.event("score")
    await second.send({"type": "resume", "after_seq": 0})
    await coach.send({"type": "whisper", "text": "for the agent", "client_msg_id": "w"})
    await coach.ack("w")
    await coach.send({"type": "inject", "text": "A second caller.", "client_msg_id": "t"})
    await second.event("inject")
    assert second.events("score") == [] and second.events("whisper") == []
    await second.send({"type": "whisper", "text": "I still coach?", "client_msg_id": "x"})
    assert (await second.error())["code"] == "forbidden"
    for client in (second, coach, observer):
        await client.close()


async def test_a_learner_moved_out_of_the_team_is_closed_and_cannot_come_back(room):
    agent = await open_in_process(room.agent, room.session.pk)

    await database_sync_to_async(people_services.membership_remove)(user=room.agent, team=room.team)

    assert await agent.closed() == access.CLOSE_NO_LONGER_ALLOWED
    again = await connect_in_process(room.agent, room.session.pk)
    assert await again.closed() == services.CLOSE_NOT_PARTICIPANT


def test_a_leaver_can_read_nothing_of_the_session_nor_get_a_ticket(room):
    people_services.membership_remove(user=room.customer, team=room.team)
    api = APIClient()
    api.force_authenticate(room.customer)
    base = f"/api/roleplay/sessions/{room.session.pk}/"

    for tail in ("", "participants/", "transcript/", "debrief/"):
        assert api.get(base + tail).status_code == 403, tail
    assert api.post(base + "tickets/").status_code == 403
    assert api.patch(base + "debrief/", {}, format="json").status_code == 403
    assert api.get("/api/roleplay/sessions/").json() == []
    for page in ("room", "debrief"):
        page_client = APIClient()
        page_client.force_login(room.customer)
        assert page_client.get(f"/en/coach/sessions/{room.session.pk}/{page}/").status_code == 403
