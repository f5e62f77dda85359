"""An id in a JSON body or a query that no database row can have (20 digits, zero,
negative) is a 400 naming the field, never a server error."""

import pytest
from rest_framework.test import APIClient

from tests.roleplay.conftest import make_room

pytestmark = pytest.mark.django_db

HUGE = 99999999999999999999


@pytest.fixture
def coach(make_member, team):
    return make_member(team, "coach")


def _client(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    "url, body, field",
    [
        ("/api/teams/{team}/enrollments/", {"course": HUGE}, "course"),
        ("/api/reflections/", {"lesson": HUGE, "block": "b", "text": "t"}, "lesson"),
        ("/api/progress/assessments/", {"learner": HUGE, "competency": "x", "level": 3}, "learner"),
        ("/api/progress/signoffs/", {"learner": 1, "milestone": HUGE}, "milestone"),
        ("/api/progress/notes/", {"learner": HUGE, "body": "b"}, "learner"),
        ("/api/roleplay/sessions/", {"scenario": HUGE, "team": HUGE}, "scenario"),
        ("/api/roleplay/sessions/", {"kind": "review", "recording": HUGE}, "recording"),
    ],
)
def test_a_20_digit_id_in_a_body_is_a_400_naming_the_field(coach, team, url, body, field):
    response = _client(coach).post(url.format(team=team.pk), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert response.json()["detail"]


def test_a_zero_id_in_a_body_is_a_400(coach, team):
    response = _client(coach).post(
        f"/api/teams/{team.pk}/enrollments/", {"course": 0}, format="json"
    )
    assert response.status_code == 400
    assert "course" in response.json()["errors"]


def test_a_20_digit_number_in_the_statements_query_is_a_400(coach, team):
    for query in (f"team={HUGE}", f"offset={HUGE}", f"limit={HUGE}"):
        response = _client(coach).get(f"/api/progress/statements/?{query}")
        assert response.status_code == 400, (query, response.content)
        assert query.split("=")[0] in response.json()["errors"]


def test_a_20_digit_after_seq_in_the_transcript_query_is_a_400():
    room = make_room()
    coach, session = room.coach, room.session
    response = _client(coach).get(
        f"/api/roleplay/sessions/{session.pk}/transcript/?after_seq={HUGE}"
    )
    assert response.status_code == 400
    assert "after_seq" in response.json()["errors"]
