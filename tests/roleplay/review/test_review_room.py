"""A review session: the coach's playback reaches every reviewer through the event
log, everyone marks moments, and the debrief lists them on the recording's timeline
with the rubric averages, ready to save as a lesson example."""

import json

import pytest
from channels.db import database_sync_to_async
from rest_framework.test import APIClient

from roleplay.models import LessonExample, Recording
from roleplay.review import services as review_services
from roleplay.room import sessions
from tests.roleplay.clients import api, open_in_process
from tests.roleplay.practice import make_practice

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reviewing(transactional_db):
    practice = make_practice()
    rubric = practice.scenario.rubric
    recording = Recording.objects.create(
        team=practice.team, title="Cold call", kind="chat", transcript="Customer: Hello?"
    )
    session = review_services.review_create(
        recording=recording, rubric=rubric, coach=practice.coach
    )
    for name in ("learner", "peer"):
        sessions.participant_set(
            session=session, user=getattr(practice, name), role="observer", by=practice.coach
        )
    practice.session, practice.criteria = session, list(rubric.criteria.order_by("pk"))
    return practice


async def room(reviewing):
    clients = {
        name: await open_in_process(getattr(reviewing, name), reviewing.session.pk)
        for name in ("coach", "learner", "peer")
    }
    await clients["coach"].send({"type": "control", "action": "start"})
    for client in clients.values():
        await client.event("control", action="start")
    return clients


async def test_the_coachs_playback_reaches_every_reviewer(reviewing):
    clients = await room(reviewing)
    await clients["coach"].send({"type": "playback", "action": "seek", "position": 42.5})
    await clients["coach"].send({"type": "playback", "action": "play", "position": 42.5})
    for client in clients.values():
        seek = await client.event("playback", action="seek")
        play = await client.event("playback", action="play")
        assert (seek["position"], play["position"]) == (42.5, 42.5)
    for client in clients.values():
        await client.close()


async def test_only_the_coach_controls_playback(reviewing):
    clients = await room(reviewing)
    await clients["peer"].send({"type": "playback", "action": "pause", "position": 3})
    assert (await clients["peer"].error())["code"] == "forbidden"
    for client in clients.values():
        await client.close()


async def test_the_debrief_lists_moments_in_timeline_order_with_rubric_averages(reviewing):
    clients = await room(reviewing)
    first, second = reviewing.criteria
    await clients["peer"].send({"type": "mark", "position": 75, "text": "Promised a call-back"})
    await clients["learner"].send(
        {"type": "mark", "position": 12, "text": "Here the customer felt heard"}
    )
    await clients["learner"].send({"type": "score", "criterion": first.pk, "value": 4})
    await clients["peer"].send({"type": "score", "criterion": first.pk, "value": 3})
    for name in ("peer", "learner"):
        await clients["coach"].event(
            "mark",
            role="observer",
            author={
                "id": getattr(reviewing, name).pk,
                "name": getattr(reviewing, name).display_name,
            },
        )
    await clients["coach"].until(lambda f: len(clients["coach"].events("score")) == 2)
    await clients["coach"].send({"type": "control", "action": "end"})
    await clients["coach"].event("control", action="end")
    for client in clients.values():
        await client.close()

    @database_sync_to_async
    def debrief():
        return (
            api(reviewing.coach)
            .get(f"/api/roleplay/sessions/{reviewing.session.pk}/debrief/")
            .json()
        )

    body = await debrief()
    assert [(m["at"], m["note"]) for m in body["moments"]] == [
        ("0:12", "Here the customer felt heard"),
        ("1:15", "Promised a call-back"),
    ]
    assert [(c["id"], c["average"], c["raters"]) for c in body["criteria"]] == [
        (first.pk, 3.5, 2),
        (second.pk, None, 0),
    ]

    @database_sync_to_async
    def save():
        return api(reviewing.coach).post(
            f"/api/roleplay/sessions/{reviewing.session.pk}/lesson-example/"
        )

    saved = await save()
    assert saved.status_code == 201
    assert saved.json()["transcript_rows"][0] == {
        "at": "0:12",
        "speaker": "agent",
        "text": "Here the customer felt heard",
    }
    assert await database_sync_to_async(LessonExample.objects.count)() == 1


NOTES = "The peer talks over the customer: raise it gently."


async def test_the_coachs_notes_reach_the_coach_and_no_reviewer(reviewing):
    from tests.factories import MembershipFactory, UserFactory

    other_coach = await database_sync_to_async(UserFactory)(first_name="Other", last_name="Coach")
    await database_sync_to_async(MembershipFactory)(
        user=other_coach, team=reviewing.team, role="coach"
    )
    url = f"/api/roleplay/sessions/{reviewing.session.pk}/debrief/"
    clients = await room(reviewing)

    @database_sync_to_async
    def write_notes():
        return api(reviewing.coach).patch(url, {"coach_notes": NOTES}, format="json")

    assert (await write_notes()).json() == {"coach_notes": NOTES}
    await clients["coach"].send({"type": "mark", "position": 5, "text": "Listen here"})
    await clients["coach"].send({"type": "control", "action": "end"})
    for client in clients.values():
        await client.event("control", action="end")
        await client.close()

    @database_sync_to_async
    def debrief_of(user):
        return api(user).get(url).json()

    @database_sync_to_async
    def page_of(user):
        page = APIClient()
        page.force_login(user)
        response = page.get(f"/en/coach/reviews/{reviewing.session.pk}/debrief/")
        assert response.status_code == 200
        return response.content.decode()

    assert (await debrief_of(reviewing.coach))["coach_notes"] == NOTES
    assert NOTES in await page_of(reviewing.coach)
    for reviewer in (reviewing.learner, reviewing.peer, other_coach):
        assert (await debrief_of(reviewer))["coach_notes"] is None
        assert NOTES not in await page_of(reviewer)
    for name in ("learner", "peer"):
        assert NOTES not in json.dumps(clients[name].seen)
