"""Progress pages and endpoints for people with nothing recorded yet.

A learner who has just joined a new team has no milestone state, nor do coaches,
managers and editors (they are no learners). Each of them, and each lead looking at
such a learner, gets the page with every milestone "not started" and its conditions
listed as missing, not a server error.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from progress.models import MilestoneState
from tests.factories import UserFactory
from tests.progress.conftest import condition, group

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestones(make_milestone, competencies):
    trust, empathy = competencies["building-trust"], competencies["empathy"]
    return [
        make_milestone(
            condition("completed", object_type="course", object_id=""),
            condition("quiz_passed", competency=trust.pk, min_percent=80),
            match="any",
            name="Knows our promise",
        ),
        make_milestone(
            condition("quiz_passed", competency=empathy.pk, min_percent=80),
            group(
                "any",
                condition(
                    "roleplays_scored",
                    competency=empathy.pk,
                    count=2,
                    rater_role="coach",
                    min_level=4,
                ),  # fmt: skip
                condition("signed_off"),
            ),
            name="Empathy in practice",
        ),
    ]


@pytest.fixture
def newcomers(milestones, make_member, team):
    """A new team: a learner with no records, its coach and manager; an editor."""
    people = {role: make_member(team, role) for role in ("learner", "coach", "manager")}
    people["editor"] = UserFactory()
    people["editor"].groups.add(Group.objects.get_or_create(name="Editors")[0])
    assert not MilestoneState.objects.exists()
    return {"team": team, **people}


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["learner", "coach", "manager", "editor"])
def test_my_progress_answers_for_someone_with_no_milestone_state(newcomers, role):
    client = signed_in(newcomers[role])
    response = client.get("/api/progress/me/")
    assert response.status_code == 200, response.content[:300]
    milestones = {item["name"]: item for item in response.json()["milestones"]}
    assert {item["state"] for item in milestones.values()} == {"not_started"}
    # "any": one line naming both ways; "all": each unmet condition on its own.
    assert milestones["Knows our promise"]["missing"] == [
        "Complete a course or pass a quiz on Building trust with at least 80 %"
    ]
    assert len(milestones["Empathy in practice"]["missing"]) == 2
    page = client.get("/en/learn/progress/")
    assert page.status_code == 200
    assert "Complete a course or pass a quiz on Building trust" in page.content.decode()


@pytest.mark.parametrize("lead", ["coach", "manager"])
def test_a_lead_sees_a_new_learner_with_no_records(newcomers, lead):
    client = signed_in(newcomers[lead])
    learner, team = newcomers["learner"], newcomers["team"]
    response = client.get(f"/api/progress/learners/{learner.pk}/")
    assert response.status_code == 200, response.content[:300]
    assert [m["state"] for m in response.json()["milestones"]] == ["not_started"] * 2
    page = client.get(f"/en/teams/{team.pk}/learners/{learner.pk}/")
    assert page.status_code == 200
    assert "Knows our promise" in page.content.decode()
    assert client.get(f"/en/teams/{team.pk}/").status_code == 200
    assert client.get(f"/api/progress/teams/{team.pk}/dashboard/").status_code == 200


def test_a_lead_sees_a_team_with_no_learners(milestones, make_member, team):
    manager = make_member(team, "manager")
    client = signed_in(manager)
    dashboard = client.get(f"/api/progress/teams/{team.pk}/dashboard/")
    assert dashboard.status_code == 200
    assert dashboard.json()["members"] == []
    assert client.get(f"/en/teams/{team.pk}/").status_code == 200
    export = client.get(f"/api/progress/teams/{team.pk}/export.csv")
    assert export.status_code == 200
