"""A coach starts a session: team, scenario and a person for each role."""

import pytest

from roleplay.models import Participant, RolePlaySession

pytestmark = pytest.mark.django_db

URL = "/en/coach/sessions/new/"


def choice(room, user):
    return f"{room.team.pk}:{user.pk}"


def form_data(room, **changes):
    data = {
        "team": room.team.pk,
        "scenario": room.scenario.pk,
        "agent": choice(room, room.agent),
        "customer": choice(room, room.customer),
        "observers": [choice(room, room.observer)],
    }
    return {**data, **changes}


def roles_of(session):
    return {p.user_id: p.role for p in Participant.objects.filter(session=session)}


def test_the_form_offers_the_scenario_chosen_in_the_library(room, client_for):
    page = client_for(room.coach).get(f"{URL}?scenario={room.scenario.pk}").content.decode()
    assert f'<option value="{room.scenario.pk}" selected>' in page


def test_a_coach_starts_a_session_and_is_taken_to_its_room(room, client_for):
    response = client_for(room.coach).post(URL, form_data(room))
    session = RolePlaySession.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/en/coach/sessions/{session.pk}/room/"
    assert roles_of(session) == {
        room.coach.pk: "coach",
        room.agent.pk: "agent",
        room.customer.pk: "customer",
        room.observer.pk: "observer",
    }


def test_the_coach_can_play_the_customer_themself(room, client_for):
    client_for(room.coach).post(URL, form_data(room, customer=choice(room, room.coach)))
    session = RolePlaySession.objects.latest("pk")
    assert roles_of(session)[room.coach.pk] == "customer"


def test_the_agent_cannot_also_be_the_customer(room, client_for):
    before = RolePlaySession.objects.count()
    response = client_for(room.coach).post(URL, form_data(room, customer=choice(room, room.agent)))
    assert response.status_code == 200
    assert "The customer must be someone other than the agent." in response.content.decode()
    assert RolePlaySession.objects.count() == before


def test_an_observer_cannot_also_have_a_speaking_role(room, client_for):
    response = client_for(room.coach).post(
        URL, form_data(room, observers=[choice(room, room.agent)])
    )
    assert "An observer cannot also be the agent or the customer." in response.content.decode()


def test_people_from_outside_the_team_are_refused(room, client_for):
    before = RolePlaySession.objects.count()
    response = client_for(room.coach).post(
        URL, form_data(room, agent=f"{room.team.pk}:{room.outsider.pk}")
    )
    assert response.status_code == 200
    assert RolePlaySession.objects.count() == before


def test_a_learner_cannot_start_a_session(room, client_for):
    assert client_for(room.agent).post(URL, form_data(room)).status_code == 403
