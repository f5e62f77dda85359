"""The head-of-service overview: every team a manager manages, for managers only, at a
cost that does not grow with the organisation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from demo.progress import seed_competencies
from people.models import Team
from tests.factories import MembershipFactory
from tests.frontend.manager.test_manager_pages import team_of

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_demo_manager_sees_both_his_teams_and_drills_down(demo, person, client_as):
    aurora = Team.objects.get(name="Asiakaspalvelu Aurora")
    page = client_as(person("manager")).get("/en/teams/overview/").content.decode()
    assert "Overview of my teams" in page
    assert f'href="/en/teams/{aurora.pk}/"' in page
    assert "Tiimi Uusi" in page
    assert "Myymälä Kajo" not in page
    assert "at target" in page
    finnish = client_as(person("manager")).get("/fi/teams/overview/").content.decode()
    assert "Tiimien yleiskuva" in finnish
    teams = client_as(person("manager")).get("/en/teams/").content.decode()
    assert 'href="/en/teams/overview/"' in teams


def test_the_overview_api_gives_each_team_and_the_organisation(demo, person):
    data = api_as(person("manager")).get("/api/progress/overview/").json()
    names = [team["name"] for team in data["teams"]]
    assert names == ["Asiakaspalvelu Aurora", "Tiimi Uusi"]
    aurora = data["teams"][0]
    assert aurora["learners"] == 3 and len(aurora["trend"]) == 12 and len(data["trend"]) == 12
    empathy = next(cell for cell in aurora["levels"] if cell["competency"] == "empathy")
    assert empathy["target"] == 4 and empathy["assessed"] >= 1
    milestones = len(
        api_as(person("manager"))
        .get(f"/api/progress/teams/{aurora['id']}/dashboard/")
        .json()["milestones"]
    )
    assert sum(aurora["milestones"].values()) == 3 * milestones
    assert aurora["milestones"]["achieved"] >= 1
    assert data["totals"]["learners"] == 4


@pytest.mark.parametrize("username", ["coach", "learner", "editor"])
def test_who_manages_no_team_gets_403_and_no_page(demo, person, client_as, username):
    response = api_as(person(username)).get("/api/progress/overview/")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert client_as(person(username)).get("/en/teams/overview/").status_code == 404


def _count(client, url: str) -> int:
    client.get(url)  # what a process keeps (locales, framework) is read the first time
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_overview_and_a_team_dashboard_cost_the_same_queries_in_a_larger_organisation():
    competencies = seed_competencies()
    overview, dashboard = [], []
    for extra in (1, 6):
        team, manager = team_of(5, competencies)
        for _ in range(extra):
            other, _other_manager = team_of(4, competencies)
            MembershipFactory(user=manager, team=other, role="manager")
        client = APIClient()
        client.force_authenticate(manager)
        overview.append(_count(client, "/api/progress/overview/"))
        dashboard.append(_count(client, f"/api/progress/teams/{team.pk}/dashboard/"))
        assert len(client.get("/api/progress/overview/").json()["teams"]) == extra + 1
    assert overview[0] == overview[1]
    assert dashboard[0] == dashboard[1]
