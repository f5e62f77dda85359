"""The REST side of role-play: scenarios, sessions, participants, tickets,
transcript and debrief, each authorised on the object."""

import pytest
from rest_framework.test import APIClient

from roleplay import services

from .conftest import make_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(db):
    return make_room()


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(room, tail=""):
    return f"/api/roleplay/sessions/{room.session.pk}/{tail}"


def play_and_end(room):
    coach = services.viewer_of(room.session.participants.get(user=room.coach))
    agent = services.viewer_of(room.session.participants.get(user=room.agent))
    observer = services.viewer_of(room.session.participants.get(user=room.observer))
    services.session_control(viewer=coach, action="start")
    services.event_say(viewer=agent, text="Hello")
    services.event_whisper(viewer=coach, text="Slow down")
    services.event_score(viewer=observer, criterion_id=room.criteria[0].pk, value=3, note="ok")
    services.event_score(viewer=coach, criterion_id=room.criteria[0].pk, value=5)
    services.session_control(viewer=coach, action="end")


def test_scenarios_list_title_channel_difficulty_and_competencies(room):
    response = client_for(room.agent).get("/api/roleplay/scenarios/")
    assert response.status_code == 200
    [scenario] = response.json()
    assert scenario["id"] == room.scenario.pk
    assert (scenario["title"], scenario["channel"], scenario["difficulty"]) == (
        "The angry customer",
        "phone",
        3,
    )
    assert {c["slug"] for c in scenario["competencies"]} == {"empathy", "ownership"}


def test_a_coach_schedules_a_session_for_their_team(room):
    response = client_for(room.coach).post(
        "/api/roleplay/sessions/", {"scenario": room.scenario.pk, "team": room.team.pk}
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["my_role"]) == ("scheduled", "coach")
    assert body["participants"] == [
        {"id": room.coach.pk, "name": room.coach.display_name, "role": "coach"}
    ]


def test_a_learner_cannot_schedule_a_session(room):
    response = client_for(room.agent).post(
        "/api/roleplay/sessions/", {"scenario": room.scenario.pk, "team": room.team.pk}
    )
    assert response.status_code == 403
    assert response.json()["detail"]


def test_my_sessions_are_the_ones_i_take_part_in(room):
    mine = client_for(room.agent).get("/api/roleplay/sessions/").json()
    assert [(s["id"], s["my_role"]) for s in mine] == [(room.session.pk, "agent")]
    assert client_for(room.bystander).get("/api/roleplay/sessions/").json() == []


def test_the_agent_never_reads_what_the_customer_really_needs(room):
    agent_view = client_for(room.agent).get(url(room)).json()["scenario"]
    customer_view = client_for(room.customer).get(url(room)).json()["scenario"]
    coach_view = client_for(room.coach).get(url(room)).json()["scenario"]

    assert "real_need" not in agent_view["persona"]
    assert "customer_notes" not in agent_view
    assert customer_view["persona"]["real_need"] == "To be heard."
    assert "coach_notes" not in customer_view
    assert coach_view["coach_notes"] and coach_view["twists"][0]["title"] == "Recorded"


def test_someone_outside_the_team_cannot_read_a_session(room):
    response = client_for(room.outsider).get(url(room))
    assert response.status_code == 403


def test_an_unknown_session_is_404_with_detail():
    from tests.factories import UserFactory

    response = client_for(UserFactory()).get("/api/roleplay/sessions/999999/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_coach_adds_a_participant(room):
    response = client_for(room.coach).post(
        url(room, "participants/"), {"user": room.bystander.pk, "role": "observer"}
    )
    assert response.status_code == 201
    assert response.json() == {
        "id": room.bystander.pk,
        "name": room.bystander.display_name,
        "role": "observer",
    }


def test_a_second_agent_is_refused_with_detail(room):
    response = client_for(room.coach).post(
        url(room, "participants/"),
        {"user": room.bystander.pk, "role": "agent"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The session already has an agent."


def test_a_participant_gets_a_sixty_second_ticket(room):
    response = client_for(room.agent).post(url(room, "tickets/"))
    assert response.status_code == 201
    body = response.json()
    assert body["expires_in"] == 60
    assert services.ticket_redeem(ticket=body["ticket"]) == (room.session.pk, room.agent.pk)


def test_a_non_participant_gets_no_ticket(room):
    assert client_for(room.bystander).post(url(room, "tickets/")).status_code == 403


def test_the_transcript_shows_what_the_caller_may_see(room):
    play_and_end(room)
    customer = client_for(room.customer).get(url(room, "transcript/")).json()
    coach = client_for(room.coach).get(url(room, "transcript/")).json()

    assert "whisper" not in {e["kind"] for e in customer["events"]}
    assert "whisper" in {e["kind"] for e in coach["events"]}
    # After the end, the scores are everyone's.
    assert len([e for e in customer["events"] if e["kind"] == "score"]) == 2


def test_the_debrief_opens_after_the_end(room):
    response = client_for(room.agent).get(url(room, "debrief/"))
    assert response.status_code == 409
    assert response.json()["detail"]


def test_the_debrief_shows_averages_by_rater_role_timeline_and_questions(room):
    play_and_end(room)
    client_for(room.coach).patch(
        url(room, "debrief/"), {"coach_notes": "Good pace.", "coach_notes_released": True}
    )

    debrief = client_for(room.agent).get(url(room, "debrief/")).json()

    first = debrief["criteria"][0]
    assert first["averages"] == {"coach": 5, "observer": 3}
    assert first["competency"]["slug"] == "empathy"
    assert [(s["value"], s["rater_role"]) for s in debrief["timeline"]] == [
        (3, "observer"),
        (5, "coach"),
    ]
    assert all(s["at_seq"] < s["seq"] for s in debrief["timeline"])
    assert debrief["coach_notes"] == "Good pace."
    assert debrief["debrief_questions"] == ["What did you notice?"]


def test_the_agent_writes_a_self_reflection_after_the_end(room):
    play_and_end(room)
    response = client_for(room.agent).patch(
        url(room, "debrief/"), {"reflection": "I rushed the start."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["reflection"] == "I rushed the start."


def test_only_the_agent_writes_the_self_reflection(room):
    play_and_end(room)
    response = client_for(room.observer).patch(url(room, "debrief/"), {"reflection": "x"})
    assert response.status_code == 403
