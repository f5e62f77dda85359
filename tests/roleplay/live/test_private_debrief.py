"""Private by default: the agent's self-reflection is the agent's and the session
coach's; the coach's notes are the coach's until the coach releases them to the agent.
Managers never read a self-reflection. The API and the pages alike."""

import pytest
from django.test import Client

from roleplay.room import eventlog
from roleplay.room import services as room_services
from roleplay.solo import services as solo_services
from tests.factories import MembershipFactory, UserFactory
from tests.roleplay.clients import api
from tests.roleplay.conftest import make_room
from tests.roleplay.practice import make_practice

pytestmark = pytest.mark.django_db

NOTES = "Rushed the apology; great next step."
REFLECTION = "I was nervous when she mentioned her mother."


@pytest.fixture
def room(db):
    room = make_room()
    room.manager = UserFactory(first_name="Manager", last_name="Test")
    MembershipFactory(user=room.manager, team=room.team, role="manager")
    room.coach2 = UserFactory(first_name="Other", last_name="Coach")
    MembershipFactory(user=room.coach2, team=room.team, role="coach")
    return room


def url(room) -> str:
    return f"/api/roleplay/sessions/{room.session.pk}/debrief/"


def end_with_notes_and_reflection(room):
    coach = eventlog.viewer_of(room.session.participants.get(user=room.coach))
    room_services.session_control(viewer=coach, action="start")
    room_services.session_control(viewer=coach, action="end")
    assert (
        api(room.coach).patch(url(room), {"coach_notes": NOTES}, format="json").status_code == 200
    )
    assert (
        api(room.agent).patch(url(room), {"reflection": REFLECTION}, format="json").status_code
        == 200
    )


def private_parts(room, name):
    body = api(getattr(room, name)).get(url(room)).json()
    return body["coach_notes"], body["reflection"]


def test_only_the_agent_and_the_sessions_coach_read_the_self_reflection(room):
    end_with_notes_and_reflection(room)

    seen = {
        name: private_parts(room, name)
        for name in ("coach", "agent", "customer", "observer", "manager", "coach2")
    }

    assert seen == {
        "coach": (NOTES, REFLECTION),
        "agent": (None, REFLECTION),  # the notes are not released yet
        "customer": (None, None),
        "observer": (None, None),
        "manager": (None, None),
        "coach2": (None, None),  # a coach of the team, but not this session's
    }


def test_released_notes_reach_the_agent_and_nobody_else(room):
    end_with_notes_and_reflection(room)

    response = api(room.coach).patch(url(room), {"coach_notes_released": True}, format="json")

    assert response.json()["coach_notes_released"] is True
    assert private_parts(room, "agent") == (NOTES, REFLECTION)
    assert private_parts(room, "observer") == (None, None)
    assert private_parts(room, "manager") == (None, None)
    api(room.coach).patch(url(room), {"coach_notes_released": False}, format="json")
    assert private_parts(room, "agent") == (None, REFLECTION)


def test_only_the_sessions_coach_releases_the_notes(room):
    end_with_notes_and_reflection(room)
    for name in ("agent", "observer", "coach2"):
        response = api(getattr(room, name)).patch(
            url(room), {"coach_notes_released": True}, format="json"
        )
        assert response.status_code == 403, name


def test_an_empty_patch_during_the_session_returns_no_notes_to_anyone_else(room):
    room_services.participant_join(
        viewer=eventlog.viewer_of(room.session.participants.get(user=room.coach))
    )
    api(room.coach).patch(url(room), {"coach_notes": NOTES}, format="json")

    for name in ("agent", "customer", "observer", "manager"):
        assert api(getattr(room, name)).patch(url(room), {}, format="json").json() == {
            "coach_notes": None
        }, name
    assert api(room.coach).patch(url(room), {}, format="json").json() == {"coach_notes": NOTES}


def test_the_debrief_pages_keep_the_reflection_and_notes_private(room):
    end_with_notes_and_reflection(room)
    page = f"/en/coach/sessions/{room.session.pk}/debrief/"
    learner_page = f"/en/learn/role-plays/{room.session.pk}/"

    def text(user, path):
        client = Client()
        client.force_login(user)
        return client.get(path).content.decode()

    for user in (room.observer, room.customer, room.manager):
        assert REFLECTION not in text(user, page)
        assert NOTES not in text(user, page)
    assert NOTES not in text(room.agent, learner_page)

    coach = Client()
    coach.force_login(room.coach)
    assert "data-release-notes-form" in coach.get(page).content.decode()
    assert coach.post(page, {"release": "1"}).status_code == 302

    assert NOTES in text(room.agent, learner_page)
    assert NOTES in text(room.agent, page)
    assert NOTES not in text(room.observer, page)


def test_a_manager_never_reads_a_solo_practices_reflection(db):
    practice = make_practice()
    manager = UserFactory()
    MembershipFactory(user=manager, team=practice.team, role="manager")
    agent = eventlog.viewer_of(practice.session.participants.get(user=practice.learner))

    solo_services.solo_control(viewer=agent, action="end")
    path = f"/api/roleplay/sessions/{practice.session.pk}/debrief/"
    assert (
        api(practice.learner).patch(path, {"reflection": REFLECTION}, format="json").status_code
        == 200
    )

    assert api(practice.learner).get(path).json()["reflection"] == REFLECTION
    assert api(manager).get(path).json()["reflection"] is None
    assert api(practice.coach).get(path).json()["reflection"] is None
