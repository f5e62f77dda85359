"""Practising alone, as the learner sees it: the list of scripted scenarios, starting
a practice, the room, and the automatic debrief with model answers. Others never see
a learner's practice."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.roleplay_scripts import SCRIPTS
from roleplay.models import RolePlaySession, Scenario, SessionKind, SessionState
from roleplay.solo import selectors as solo_selectors
from roleplay.solo import services as solo_services
from roleplay.solo import turns
from tests.frontend.practice import viewer

pytestmark = pytest.mark.django_db


def config_of(page: str) -> dict:
    found = re.search(r'<script id="room-config" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def play_to_the_end(session, learner, choices: list[int]):
    """The customer opens; the learner picks each of ``choices`` in turn, and the
    customer answers each (the room's scripted customer does the same)."""
    for choice in [None, *choices]:
        if choice is not None:
            solo_services.solo_choose(viewer=viewer(session, learner), choice=choice)
        turn = solo_selectors.solo_pending_turn(session_id=session.pk)
        solo_services.solo_customer_say(turn=turn, heard=turns.hear(turn))
    session.refresh_from_db()
    return session


# The practice list (the seeded demo: three of five scenarios have a script)


def test_the_learner_navigation_leads_to_practising_alone(person, client_for):
    page = client_for(person("learner")).get("/en/learn/").content.decode()
    assert '<a href="/en/learn/practice/">Practise alone</a>' in page


def test_only_scenarios_with_a_script_are_offered_for_practice(person, client_for):
    page = client_for(person("learner")).get("/en/learn/practice/").content.decode()
    assert page.count("Start practising") == len(SCRIPTS)
    assert "You have not practised alone yet." in page


def test_the_practice_page_speaks_finnish(person, client_for):
    page = client_for(person("learner")).get("/fi/learn/practice/").content.decode()
    assert "<h1>Harjoittele yksin</h1>" in page
    assert page.count("Aloita harjoitus") == len(SCRIPTS)


def test_starting_a_practice_opens_its_room(person, client_for):
    learner = person("learner")
    scenario = next(s for s in Scenario.objects.all() if s.solo)
    response = client_for(learner).post("/en/learn/practice/start/", {"scenario": scenario.pk})
    session = RolePlaySession.objects.get(kind=SessionKind.SOLO)
    assert response["Location"] == f"/en/learn/practice/{session.pk}/"
    assert session.participants.get().user == learner
    page = client_for(learner).get(response["Location"]).content.decode()
    config = config_of(page)
    assert (config["kind"], config["state"]) == ("solo", "live")
    assert config["strings"]["persona"] == scenario.persona_name
    assert 'role="log" aria-live="polite"' in page
    assert "Pick a reply" in page


def test_a_practice_is_started_only_by_a_post(person, client_for):
    assert client_for(person("learner")).get("/en/learn/practice/start/").status_code == 405


def test_an_unknown_scenario_cannot_be_practised(person, client_for):
    response = client_for(person("learner")).post("/en/learn/practice/start/", {"scenario": 0})
    assert response.status_code == 404


def test_a_scenario_without_a_script_says_why_it_cannot_be_practised(person, client_for):
    scenario = next(s for s in Scenario.objects.all() if not s.solo)
    response = client_for(person("learner")).post(
        "/en/learn/practice/start/", {"scenario": scenario.pk}, follow=True
    )
    assert "This scenario has no script for solo practice." in response.content.decode()
    assert not RolePlaySession.objects.filter(kind=SessionKind.SOLO).exists()


def test_the_practice_list_costs_the_same_queries_with_many_practices(
    person, client_for, django_assert_max_num_queries
):
    learner = person("learner")
    client = client_for(learner)
    scenarios = [s for s in Scenario.objects.filter(locale__language_code="en") if s.solo]
    solo_services.solo_session_create(scenario=scenarios[0], learner=learner)
    client.get("/en/learn/practice/")
    with CaptureQueriesContext(connection) as one:
        client.get("/en/learn/practice/")
    for scenario in scenarios * 4:
        solo_services.solo_session_create(scenario=scenario, learner=learner)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/en/learn/practice/").content.decode()
    still_open = (
        RolePlaySession.objects.filter(kind=SessionKind.SOLO, participants__user=learner)
        .exclude(state=SessionState.ENDED)
        .count()
    )
    # the list shows the newest twenty
    assert still_open > len(scenarios) and page.count("Continue: ") == min(still_open, 20)
    assert len(many) == len(one)
    with django_assert_max_num_queries(12):
        client.get("/en/learn/practice/")


def test_a_person_in_no_team_is_told_on_the_practice_page_why_they_cannot_practise(
    person, client_as
):
    from tests.factories import UserFactory

    scenario = next(s for s in Scenario.objects.all() if s.solo)
    response = client_as(UserFactory()).post(
        "/en/learn/practice/start/", {"scenario": scenario.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/en/learn/practice/"
    assert response.status_code == 200
    assert "Solo practice is for members of a team." in response.content.decode()
    assert not RolePlaySession.objects.filter(kind=SessionKind.SOLO).exists()
