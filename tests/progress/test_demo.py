"""The demo seed gives the Aurora team a dashboard worth looking at, and is idempotent."""

import pytest

from demo import people as people_demo
from demo import progress as demo
from people.models import Team, User
from progress.models import Assessment, Milestone, MilestoneState, SignOff, Statement

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        model.objects.count()
        for model in (Milestone, Statement, Assessment, MilestoneState, SignOff)
    )


def test_seeding_twice_changes_nothing(committed):
    committed(people_demo.seed)
    committed(demo.seed)
    first = counts()
    committed(demo.seed)
    assert counts() == first


def test_the_aurora_dashboard_is_not_empty(committed, api):
    committed(people_demo.seed)
    committed(demo.seed)
    team = Team.objects.get(name="Asiakaspalvelu Aurora")
    data = (
        api(User.objects.get(username="manager"))
        .get(f"/api/progress/teams/{team.pk}/dashboard/")
        .json()
    )
    assert sum(m["counts"]["achieved"] for m in data["milestones"]) >= 1
    assert any(member["levels"]["empathy"]["latest"] for member in data["members"])
    assert data["overdue"] and sum(week["statements"] for week in data["trend"]) > 0
