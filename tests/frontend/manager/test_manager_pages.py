"""The team dashboard and the drill-down: what a team's managers and coaches see, and
that nobody else sees anything."""

import pytest
from django.utils import timezone

from demo.progress import seed_competencies
from people.models import Team
from progress import rollups
from progress.models import Assessment, OnboardingDue
from tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aurora(demo):
    return Team.objects.get(name="Asiakaspalvelu Aurora")


def test_the_dashboard_shows_each_learner_against_each_competency(aurora, person, client_as):
    page = client_as(person("manager")).get(f"/en/teams/{aurora.pk}/").content.decode()
    assert "Team dashboard: Asiakaspalvelu Aurora" in page
    assert '<svg class="heatmap" role="img" aria-labelledby="hm-title hm-desc"' in page
    assert "Competency levels of Asiakaspalvelu Aurora against the targets" in page
    assert "Eero Mäkinen, Empathy: 2 levels below target (latest 2, target 4)" in page


def test_the_heatmap_reads_without_colour(aurora, person, client_as):
    page = client_as(person("manager")).get(f"/en/teams/{aurora.pk}/").content.decode()
    assert 'fill="url(#hm-far)"' in page
    assert ">2/4<" in page
    assert "two or more levels below target" in page
    assert "Show the levels as a table" in page


def test_the_dashboard_lists_overdue_onboarding(aurora, person, client_as):
    page = client_as(person("manager")).get(f"/en/teams/{aurora.pk}/").content.decode()
    # the real course, named as it is enrolled on (one due date, from the enrolment)
    assert "Kohtaamisen taito" in page
    assert "5 days overdue" in page


def test_the_trend_covers_twelve_weeks_with_a_table(aurora, person, client_as):
    response = client_as(person("manager")).get(f"/en/teams/{aurora.pk}/")
    page = response.content.decode()
    assert "Active learners per week" in page
    assert "Average assessed level per week (1–5)" in page
    assert len(response.context["trend"]["bars"]) == 12
    assert "Show the weeks as a table" in page


def test_the_dashboard_links_the_csv_export(aurora, person, client_as):
    page = client_as(person("manager")).get(f"/en/teams/{aurora.pk}/").content.decode()
    assert f'href="/api/progress/teams/{aurora.pk}/export.csv" download' in page


def test_a_coach_of_the_team_sees_the_dashboard(aurora, person, client_as):
    assert client_as(person("coach")).get(f"/en/teams/{aurora.pk}/").status_code == 200


@pytest.mark.parametrize("username", ["learner", "manager2", "coach2"])
def test_anyone_else_gets_not_found(aurora, person, client_as, username):
    assert client_as(person(username)).get(f"/en/teams/{aurora.pk}/").status_code == 404


def test_an_unknown_team_is_not_found_either(person, client_as):
    assert client_as(person("manager")).get("/en/teams/999999/").status_code == 404


def test_a_visitor_is_asked_to_log_in(aurora, client):
    response = client.get(f"/en/teams/{aurora.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_drill_down_shows_one_learners_levels_and_milestones(aurora, person, client_as):
    eero = person("learner2")
    page = client_as(person("manager")).get(f"/en/teams/{aurora.pk}/learners/{eero.pk}/")
    text = page.content.decode()
    assert "Eero Mäkinen" in text
    assert "Competency levels of Eero Mäkinen" in text
    assert "2 levels below target" in text
    assert "Still missing:" in text


def test_the_drill_down_refuses_a_learner_of_another_team(aurora, person, client_as):
    other = person("learner4")
    response = client_as(person("manager")).get(f"/en/teams/{aurora.pk}/learners/{other.pk}/")
    assert response.status_code == 404


def test_the_drill_down_refuses_a_non_learner_of_the_team(aurora, person, client_as):
    coach = person("coach")
    response = client_as(person("manager")).get(f"/en/teams/{aurora.pk}/learners/{coach.pk}/")
    assert response.status_code == 404


def test_the_dashboard_speaks_finnish(aurora, person, client_as):
    page = client_as(person("manager")).get(f"/fi/teams/{aurora.pk}/").content.decode()
    assert "Tiimin tilannekuva: Asiakaspalvelu Aurora" in page
    assert "Lataa CSV-tiedostona" in page


def test_my_teams_lists_the_teams_i_lead(demo, person, client_as):
    page = client_as(person("manager")).get("/en/teams/").content.decode()
    assert "Asiakaspalvelu Aurora" in page
    assert "Myymälä Kajo" not in page


def team_of(size: int, competencies) -> tuple:
    team = TeamFactory()
    manager = UserFactory()
    MembershipFactory(user=manager, team=team, role="manager")
    now = timezone.now()
    for _n in range(size):
        learner = UserFactory()
        MembershipFactory(user=learner, team=team, role="learner")
        for competency in competencies.values():
            Assessment.objects.create(
                learner=learner,
                competency=competency,
                rater=manager,
                rater_role="manager",
                level=3,
                assessed_at=now,
            )
        OnboardingDue.objects.create(
            learner=learner, team=team, due_date=timezone.localdate().replace(year=2020)
        )
    rollups.rebuild()  # rows written around the services
    return team, manager


# Session and user, the membership check, locale lookups and the dashboard's fixed
# reads (framework, targets, members, levels, baselines, milestones, overdue, trend).
MAX_QUERIES = 36


@pytest.mark.parametrize("size", [3, 40])
def test_the_dashboard_needs_a_fixed_number_of_queries(
    client_as, django_assert_max_num_queries, size
):
    team, manager = team_of(size, seed_competencies())
    client = client_as(manager)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(f"/en/teams/{team.pk}/").status_code == 200


def test_a_larger_team_costs_no_more_queries(client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    competencies = seed_competencies()
    counts = []
    for size in (3, 40):
        team, manager = team_of(size, competencies)
        client = client_as(manager)
        client.get(f"/en/teams/{team.pk}/")  # the locales are kept from the first request
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/en/teams/{team.pk}/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
