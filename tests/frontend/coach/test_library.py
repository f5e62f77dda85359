"""The scenario library: what a coach sees, the filters, who may open it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import add_scenario

pytestmark = pytest.mark.django_db

URL = "/en/coach/"


def test_a_coach_sees_each_scenario_with_channel_difficulty_and_competencies(room, client_for):
    page = client_for(room.coach).get(URL).content.decode()
    assert "The angry customer" in page
    assert "Phone" in page
    assert "Hard" in page
    assert "Empathy, Ownership" in page


def test_the_library_links_to_starting_a_session_with_the_scenario(room, client_for):
    page = client_for(room.coach).get(URL).content.decode()
    assert f"/en/coach/sessions/new/?scenario={room.scenario.pk}" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("channel=chat", "A chat about delivery", "The angry customer"),
        ("difficulty=3", "The angry customer", "A chat about delivery"),
        ("competency=empathy", "The angry customer", "A chat about delivery"),
    ],
)
def test_filters_show_only_matching_scenarios(room, client_for, query, shown, hidden):
    add_scenario("A chat about delivery")
    page = client_for(room.coach).get(f"{URL}?{query}").content.decode()
    assert shown in page
    assert f"<h3>{hidden}</h3>" not in page


def test_an_unknown_filter_value_is_ignored_rather_than_an_error(room, client_for):
    response = client_for(room.coach).get(f"{URL}?channel=carrier-pigeon")
    assert response.status_code == 200
    assert "The angry customer" in response.content.decode()


def test_the_coach_sees_their_sessions_with_a_link_to_the_room(room, client_for):
    page = client_for(room.coach).get(URL).content.decode()
    assert f"/en/coach/sessions/{room.session.pk}/room/" in page


def test_a_learner_who_coaches_no_team_may_not_open_the_library(room, client_for):
    assert client_for(room.agent).get(URL).status_code == 403


def test_a_visitor_who_is_not_signed_in_is_sent_to_log_in(room, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_library_is_in_finnish_under_fi(room, client_for):
    page = client_for(room.coach).get("/fi/coach/").content.decode()
    assert "Skenaariokirjasto" in page


def test_the_library_costs_the_same_queries_for_one_scenario_or_many(room, client_for):
    client = client_for(room.coach)
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(4):
        add_scenario(f"Scenario {_}")
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(one)


def test_the_library_stays_within_its_query_budget(room, client_for, django_assert_max_num_queries):
    client = client_for(room.coach)
    for _ in range(3):
        add_scenario(f"Scenario {_}")
    with django_assert_max_num_queries(12):
        client.get(URL)
