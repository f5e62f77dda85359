"""A scheduled role-play opens its lobby at its time: learners wait before it, the
coach may come in early, and the rule is the clock of the request (no job runs)."""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.utils import timezone

from roleplay.live import lobby
from roleplay.models import SessionEvent, SessionState
from roleplay.room import closecodes, errors
from roleplay.room.eventlog import viewer_of
from tests.roleplay.clients import connect_in_process, open_in_process
from tests.roleplay.conftest import make_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled():
    room = make_room()
    room.at = timezone.now().replace(microsecond=0) + timedelta(hours=2)
    room.session.scheduled_at = room.at
    room.session.save(update_fields=["scheduled_at"])
    return room


def test_learners_wait_until_the_scheduled_time_and_the_coach_may_open_early(scheduled):
    session, at = scheduled.session, scheduled.at
    second_before = at - timedelta(seconds=1)

    assert not lobby.is_open(session, is_coach=False, now=second_before)
    assert lobby.seconds_until_open(session, now=at - timedelta(minutes=5)) == 300
    assert lobby.is_open(session, is_coach=True, now=second_before)
    assert lobby.is_open(session, is_coach=False, now=at)
    assert lobby.seconds_until_open(session, now=at) == 0


def test_an_early_learner_gets_not_open_with_the_time_and_a_started_session_admits_everyone(
    scheduled,
):
    session = scheduled.session
    agent = viewer_of(session.participants.get(user=scheduled.agent))
    with pytest.raises(errors.RolePlayError) as refused:
        lobby.admits(viewer=agent)
    assert refused.value.code == "not_open"
    assert timezone.localtime(scheduled.at).strftime("%H:%M") in refused.value.detail

    coach = viewer_of(session.participants.get(user=scheduled.coach))
    lobby.admits(viewer=coach)

    session.state = SessionState.LIVE
    session.save(update_fields=["state"])
    lobby.admits(viewer=agent)


def test_a_session_without_a_time_is_open():
    room = make_room()
    assert lobby.is_open(room.session, is_coach=False)


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_room_page_shows_a_learner_the_waiting_page_with_the_time_and_the_coach_the_room(
    scheduled,
):
    url = f"/en/coach/sessions/{scheduled.session.pk}/room/"
    waiting = client_for(scheduled.agent).get(url)
    assert waiting.status_code == 200
    page = waiting.content.decode()
    assert "data-lobby-wait" in page and "data-roleplay-room" not in page
    assert timezone.localtime(scheduled.at).strftime("%H:%M") in page
    seconds = int(page.split('data-seconds="')[1].split('"')[0])
    assert 7100 < seconds <= 7200

    coach_page = client_for(scheduled.coach).get(url).content.decode()
    assert "data-roleplay-room" in coach_page

    scheduled.session.scheduled_at = timezone.now() - timedelta(seconds=1)
    scheduled.session.save(update_fields=["scheduled_at"])
    assert "data-roleplay-room" in client_for(scheduled.agent).get(url).content.decode()


def test_the_waiting_page_speaks_finnish(scheduled):
    client = Client(HTTP_ACCEPT_LANGUAGE="fi")
    client.force_login(scheduled.agent)
    page = client.get(f"/fi/coach/sessions/{scheduled.session.pk}/room/").content.decode()
    assert "Harjoitustilanne avautuu" in page
    assert "Aikaa avautumiseen" in page


@pytest.mark.django_db(transaction=True)
async def test_an_early_learners_socket_is_told_and_closed_while_the_coach_comes_in(
    transactional_db,
):
    room = await database_sync_to_async(make_room)()
    room.session.scheduled_at = timezone.now() + timedelta(hours=2)
    await database_sync_to_async(room.session.save)(update_fields=["scheduled_at"])

    early = await connect_in_process(room.agent, room.session.pk)
    assert early.seen[0]["type"] == "error"
    assert early.seen[0]["code"] == "not_open"
    assert await early.closed() == closecodes.CLOSE_NOT_OPEN
    assert not await database_sync_to_async(
        SessionEvent.objects.filter(session=room.session, author=room.agent).exists
    )()

    coach = await open_in_process(room.coach, room.session.pk)
    await coach.close()
