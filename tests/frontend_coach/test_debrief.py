"""The debrief page: scores by rater role and on the timeline, notes, questions and
the agent's self-reflection; who may read and write what."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roleplay import services
from roleplay.models import RolePlaySession

from .conftest import play_and_end, viewer

pytestmark = pytest.mark.django_db


def url(room):
    return f"/en/coach/sessions/{room.session.pk}/debrief/"


def debrief_page(room, client_for, name):
    response = client_for(getattr(room, name)).get(url(room))
    assert response.status_code == 200
    return response.content.decode()


def cell(page, criterion, rater_role):
    row = re.search(rf'<tr data-criterion="{criterion.pk}">(.*?)</tr>', page, re.S).group(1)
    found = re.search(rf'data-rater-role="{rater_role}">(.*?)</td>', row, re.S)
    return " ".join(found.group(1).split())


def test_before_the_end_the_debrief_says_it_is_not_open_yet(room, client_for):
    response = client_for(room.agent).get(url(room))
    assert response.status_code == 409
    assert "The debrief opens when the role-play has ended." in response.content.decode()


def test_averages_count_each_raters_final_score_by_rater_role(room, client_for):
    play_and_end(room)
    page = debrief_page(room, client_for, "agent")
    assert cell(page, room.criteria[0], "observer").startswith("4 / 5")
    assert cell(page, room.criteria[0], "coach").startswith("5 / 5")
    assert "not scored" in cell(page, room.criteria[1], "observer")


def test_each_score_sits_after_the_line_its_rater_had_seen(room, client_for):
    play_and_end(room)
    page = debrief_page(room, client_for, "coach")
    customer_line = page.index("I am furious about this fee.")
    first_score = page.index("data-score ")
    assert customer_line < first_score
    assert page.count("data-score ") == 3
    assert "Late" in page


def test_a_whisper_stays_out_of_the_customers_debrief(room, client_for):
    play_and_end(room)
    assert "Name the feeling first." not in debrief_page(room, client_for, "customer")
    assert "Name the feeling first." in debrief_page(room, client_for, "agent")


def test_the_debrief_shows_the_scenarios_questions(room, client_for):
    play_and_end(room)
    assert "What did you notice?" in debrief_page(room, client_for, "observer")


def test_the_agent_writes_a_self_reflection(room, client_for):
    play_and_end(room)
    client = client_for(room.agent)
    response = client.post(url(room), {"reflection": "I rushed the apology."})
    assert response.status_code == 302
    assert RolePlaySession.objects.get(pk=room.session.pk).agent_reflection == (
        "I rushed the apology."
    )
    assert "I rushed the apology." in debrief_page(room, client_for, "coach")


def test_only_the_agent_gets_the_reflection_form(room, client_for):
    play_and_end(room)
    assert "data-reflection-form" in debrief_page(room, client_for, "agent")
    assert "data-reflection-form" not in debrief_page(room, client_for, "observer")


def test_someone_else_cannot_write_the_agents_reflection(room, client_for):
    play_and_end(room)
    response = client_for(room.observer).post(url(room), {"reflection": "Not mine to write."})
    assert response.status_code == 403


def test_the_coach_saves_notes_that_the_agent_reads_once_released(room, client_for):
    play_and_end(room)
    client_for(room.coach).post(url(room), {"coach_notes": "Great recovery after the twist."})
    assert "Great recovery after the twist." not in debrief_page(room, client_for, "agent")
    client_for(room.coach).post(url(room), {"release": "1"})
    assert "Great recovery after the twist." in debrief_page(room, client_for, "agent")


def test_a_team_manager_may_read_the_debrief(room, client_for):
    play_and_end(room)
    assert "What did you notice?" in debrief_page(room, client_for, "manager")


def test_someone_outside_the_team_may_not_read_the_debrief(room, client_for):
    play_and_end(room)
    assert client_for(room.outsider).get(url(room)).status_code == 403


def test_the_debrief_costs_the_same_queries_for_a_short_or_long_session(room, client_for):
    play_and_end(room)
    client = client_for(room.coach)
    client.get(url(room))
    with CaptureQueriesContext(connection) as short:
        client.get(url(room))
    RolePlaySession.objects.filter(pk=room.session.pk).update(state="live")
    agent, observer = viewer(room, "agent"), viewer(room, "observer")
    for n in range(10):
        services.event_say(viewer=agent, text=f"Line {n}")
        services.event_score(viewer=observer, criterion_id=room.criteria[1].pk, value=2)
    services.session_control(viewer=viewer(room, "coach"), action="end")
    with CaptureQueriesContext(connection) as long:
        client.get(url(room))
    assert len(long) == len(short)


def test_the_debrief_stays_within_its_query_budget(room, client_for, django_assert_max_num_queries):
    play_and_end(room)
    client = client_for(room.agent)
    with django_assert_max_num_queries(16):
        client.get(url(room))
