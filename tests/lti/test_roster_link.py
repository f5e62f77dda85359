"""The LMS roster page is found from the team dashboard, by those who may sync it:
the coaches and managers of a team that an LMS course is mapped_team to."""

import pytest
from django.test import Client

from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def dashboard(user, team, language="en"):
    client = Client()
    client.force_login(user)
    response = client.get(f"/{language}/teams/{team.pk}/")
    return response.status_code, response.content.decode()


def roster_link(team) -> str:
    return f'href="/lti/teams/{team.pk}/roster/"'


@pytest.mark.parametrize("role", ["coach", "manager"])
def test_a_leader_of_an_lms_linked_team_finds_the_roster_on_its_dashboard(
    make_member, mapped_team, role
):
    leader = make_member(mapped_team, role)
    status, page = dashboard(leader, mapped_team)
    assert status == 200
    assert roster_link(mapped_team) in page
    assert "Team roster from the learning platform" in page
    follow = Client()
    follow.force_login(leader)
    assert follow.get(f"/lti/teams/{mapped_team.pk}/roster/").status_code == 200


def test_the_link_speaks_finnish_on_the_finnish_dashboard(make_member, mapped_team):
    _status, page = dashboard(make_member(mapped_team, "coach"), mapped_team, "fi")
    assert roster_link(mapped_team) in page
    assert "Tiimin jäsenet oppimisalustalta" in page


def test_a_team_no_lms_course_is_mapped_to_has_no_roster_link(make_member, team):
    status, page = dashboard(make_member(team, "coach"), team)
    assert status == 200
    assert "/lti/" not in page


def test_a_coach_of_another_team_sees_no_link_to_this_teams_roster(make_member, mapped_team):
    other = TeamFactory()
    coach = make_member(other, "coach")
    status, page = dashboard(coach, other)
    assert status == 200 and "/lti/" not in page
    assert dashboard(coach, mapped_team)[0] == 404


def test_a_learner_of_the_linked_team_is_shown_no_roster(make_member, mapped_team):
    learner = make_member(mapped_team, "learner")
    assert dashboard(learner, mapped_team)[0] == 404
    client = Client()
    client.force_login(learner)
    home = client.get("/en/", follow=True).content.decode()
    assert "/lti/" not in home
