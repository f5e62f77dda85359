"""The team dashboard and CSV export: content, and a constant number of queries."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import Membership, Role, User
from progress import rollups, verbs
from progress.models import (
    Assessment,
    MilestoneAward,
    MilestoneState,
    OnboardingDue,
    Statement,
)
from progress.services import competency_target_set
from tests.factories import TeamFactory
from tests.progress.conftest import condition

pytestmark = pytest.mark.django_db


def populate(team, size: int, competencies, milestone) -> list[User]:
    """A team of ``size`` learners with assessments, statements and milestone states."""
    prefix = f"t{team.pk}-"
    users = User.objects.bulk_create(
        [User(username=f"{prefix}{i}", first_name="Äijä", last_name=f"{i:04}") for i in range(size)]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, team=team, role=Role.LEARNER) for u in users]
    )
    now = timezone.now()
    empathy = competencies["empathy"]
    Assessment.objects.bulk_create(
        [
            Assessment(
                learner=u,
                competency=empathy,
                rater_role=role,
                level=level,
                assessed_at=now - timedelta(days=days),
            )  # fmt: skip
            for u in users
            for role, level, days in (("self", 2, 40), ("coach", 3, 30), ("coach", 4, 3))
        ]
    )
    Statement.objects.bulk_create(
        [
            Statement(
                actor=u,
                verb=verbs.COMPLETED,
                object_type="lesson",
                object_id=str(n),
                timestamp=now - timedelta(days=7 * n),
            )  # fmt: skip
            for u in users
            for n in range(3)
        ]
    )
    rollups.rebuild()  # rows written around the services
    MilestoneState.objects.bulk_create(
        [MilestoneState(learner=u, milestone=milestone, state="achieved") for u in users[::2]]
    )
    OnboardingDue.objects.bulk_create(
        [OnboardingDue(learner=u, due_date=date.today() - timedelta(days=3)) for u in users[:2]]
    )
    return users


@pytest.fixture
def milestone(make_milestone):
    return make_milestone(condition("signed_off"), name="Owns the case")


@pytest.fixture
def dashboard_team(make_member, competencies, milestone):
    team = TeamFactory()
    manager = make_member(team, "manager")
    competency_target_set(competency=competencies["empathy"], level=4)
    populate(team, 4, competencies, milestone)
    return team, manager


def test_dashboard_shows_latest_level_against_target_per_member(api, dashboard_team):
    team, manager = dashboard_team
    data = api(manager).get(f"/api/progress/teams/{team.pk}/dashboard/").json()
    assert len(data["members"]) == 4
    assert data["members"][0]["levels"]["empathy"] == {
        "baseline": {"self": 2, "coach": 3},
        "latest": 4,
        "target": 4,
    }
    assert {c["slug"]: c["target"] for c in data["competencies"]}["empathy"] == 4


def test_dashboard_counts_members_in_each_milestone_state(api, dashboard_team):
    team, manager = dashboard_team
    data = api(manager).get(f"/api/progress/teams/{team.pk}/dashboard/").json()
    assert data["milestones"][0]["counts"] == {
        "not_started": 2,
        "in_progress": 0,
        "achieved": 2,
        "needs_revision": 0,
    }


def test_dashboard_lists_learners_whose_onboarding_is_overdue(api, dashboard_team):
    team, manager = dashboard_team
    overdue = api(manager).get(f"/api/progress/teams/{team.pk}/dashboard/").json()["overdue"]
    assert [row["days_overdue"] for row in overdue] == [3, 3]


def test_dashboard_trend_covers_twelve_weeks_of_activity(api, dashboard_team):
    team, manager = dashboard_team
    trend = api(manager).get(f"/api/progress/teams/{team.pk}/dashboard/").json()["trend"]
    assert len(trend) == 12
    assert sum(week["statements"] for week in trend) == 12
    assert trend[-1]["active_learners"] == 4
    assert date.fromisoformat(trend[0]["week_start"]).weekday() == 0


def test_a_milestone_reached_just_after_local_monday_midnight_counts_in_that_week(
    api, dashboard_team, milestone
):
    """Helsinki's Monday 00:30 is Sunday in UTC: the trend's weeks are local weeks."""
    team, manager = dashboard_team
    learner = team.memberships.filter(role=Role.LEARNER).first().user
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    zone = timezone.get_current_timezone()
    just_after = datetime.combine(monday, time(0, 30), tzinfo=zone)
    assert just_after.astimezone(UTC).date() < monday
    MilestoneAward.objects.create(learner=learner, milestone=milestone, awarded_at=just_after)
    trend = api(manager).get(f"/api/progress/teams/{team.pk}/dashboard/").json()["trend"]
    assert trend[-1]["week_start"] == monday.isoformat()
    assert trend[-1]["milestones_achieved"] == 1
    assert sum(week["milestones_achieved"] for week in trend) == 1


def test_export_has_a_header_and_one_row_per_member_and_competency(api, dashboard_team):
    team, manager = dashboard_team
    response = api(manager).get(
        f"/api/progress/teams/{team.pk}/export.csv", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.getvalue().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["username", "name", "competency key"]
    assert len(rows) == 1 + 4 * 8
    empathy = next(row for row in rows[1:] if row[2] == "empathy")
    assert "Äijä" in empathy[1]
    assert (empathy[4], empathy[5], empathy[6], empathy[9], empathy[10]) == (
        "2",
        "3",
        "4",
        "4",
        "0",
    )


def _read(response) -> None:
    if response.streaming:
        b"".join(response.streaming_content)


def count_queries(client, url: str) -> int:
    _read(client.get(url))  # what a process keeps (locales, framework) is read the first time
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        _read(response)  # the export reads its rows while it streams them
    return len(queries)


# The dashboard: the team and the viewer's role in it (2), the targets, members, levels,
# milestone counts per milestone and per learner, overdue onboarding, weekly activity
# and awards (8). The export: the team and the role (2), the targets and members (2),
# and the levels, achieved milestones and due dates of each chunk of members (3). The
# competencies, milestones and their translations, like the locales, are kept per
# process (``progress.selectors.framework``) until an editor changes one.
MOST_QUERIES = {"dashboard/": 10, "export.csv": 7}


@pytest.mark.parametrize("path", ["dashboard/", "export.csv"])
def test_queries_do_not_grow_with_the_team(api, make_member, competencies, milestone, path):
    counts = {}
    for size in (5, 200):
        team = TeamFactory()
        manager = make_member(team, "manager")
        populate(team, size, competencies, milestone)
        counts[size] = count_queries(api(manager), f"/api/progress/teams/{team.pk}/{path}")
    assert counts[5] == counts[200] <= MOST_QUERIES[path]


def test_an_editors_change_to_the_framework_shows_on_the_next_dashboard(
    api, dashboard_team, competencies, make_milestone
):
    team, manager = dashboard_team
    client = api(manager)
    url = f"/api/progress/teams/{team.pk}/dashboard/"

    def shown() -> tuple[dict, list]:
        data = client.get(url).json()
        names = {item["slug"]: item["name"] for item in data["competencies"]}
        return names, [item["name"] for item in data["milestones"]]

    names, milestones = shown()
    assert "Listens first" not in names.values()
    assert milestones == ["Owns the case"]

    empathy = competencies["empathy"]
    empathy.name = "Listens first"
    empathy.save()
    added = make_milestone(condition("signed_off"), name="Calms the caller", sort_order=9)
    names, milestones = shown()
    assert names["empathy"] == "Listens first"
    assert milestones == ["Owns the case", "Calms the caller"]

    added.delete()
    assert shown()[1] == ["Owns the case"]
