"""The head-of-service overview: every team someone manages, side by side.

Read from the rollups and grouped by team in the database, so the number of queries
is the same for two teams or four hundred, and none of them scans statements.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from people.models import Membership, Role, Team

from ..models import CompetencyTarget, LevelRollup, MilestoneState, MilestoneStatus, OnboardingDue
from .framework import competencies, milestones
from .teams import STATES, week_summary, weekly_rows

IN_TEAMS = "learner__memberships__team_id"


def _targets(team_ids: list[int]) -> dict[int, dict[int, int]]:
    """Per team, the target per competency: a team's own row wins (one query)."""
    organisation: dict[int, int] = {}
    own: dict[int, dict[int, int]] = defaultdict(dict)
    for competency_id, team_id, level in CompetencyTarget.objects.filter(
        Q(team__isnull=True) | Q(team_id__in=team_ids)
    ).values_list("competency_id", "team_id", "level"):
        if team_id is None:
            organisation[competency_id] = level
        else:
            own[team_id][competency_id] = level
    return {team_id: {**organisation, **own[team_id]} for team_id in team_ids}


def _learners_in(team_ids: list[int]) -> dict:
    return {IN_TEAMS + "__in": team_ids, "learner__memberships__role": Role.LEARNER}


def _standing(average: float | None, target: int | None) -> str:
    """The band of a team's average level against the target (as the team heatmap's)."""
    if average is None or target is None:
        return "none"
    if average >= target:
        return "met"
    return "near" if target - average <= 1 else "far"


def organisation_overview(*, team_ids: list[int], today: date | None = None) -> dict:
    """Each team's levels against its targets, overdue onboarding, milestone states
    and 12-week trend; teams in name order."""
    today = today or timezone.localdate()
    teams = list(Team.objects.filter(pk__in=team_ids).order_by("name").values("id", "name"))
    ids = [team["id"] for team in teams]
    framework = competencies()
    items = milestones()
    goals = _targets(ids)
    sizes = dict(
        Membership.objects.filter(team_id__in=ids, role=Role.LEARNER)
        .values_list("team_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    levels: dict = defaultdict(dict)
    for row in (
        LevelRollup.objects.filter(latest__isnull=False, **_learners_in(ids))
        .values("competency_id", team=F(IN_TEAMS))
        .annotate(assessed=Count("id"), average=Avg("latest"))
        .order_by()
    ):
        levels[row["team"]][row["competency_id"]] = row
    at_target: dict = defaultdict(lambda: defaultdict(int))
    for team_id, competency_id, latest, count in (
        LevelRollup.objects.filter(latest__isnull=False, **_learners_in(ids))
        .values_list(IN_TEAMS, "competency_id", "latest")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if latest >= goals[team_id].get(competency_id, 6):
            at_target[team_id][competency_id] += count
    overdue = {
        row["in_team"]: row
        for row in OnboardingDue.objects.filter(
            Q(team_id=F(IN_TEAMS)) | Q(team__isnull=True),
            completed_at__isnull=True,
            due_date__lt=today,
            **_learners_in(ids),
        )
        .values(in_team=F(IN_TEAMS))
        .annotate(learners=Count("learner_id", distinct=True), dues=Count("id"))
        .order_by()
    }
    states: dict = defaultdict(lambda: dict.fromkeys(STATES, 0))
    for team_id, state, count in (
        MilestoneState.objects.filter(
            milestone_id__in=[m["id"] for m in items], **_learners_in(ids)
        )
        .values_list(IN_TEAMS, "state")
        .annotate(n=Count("id"))
        .order_by()
    ):
        states[team_id][state] = count
    weekly = weekly_rows(team_ids=ids, today=today)
    rows = []
    for team in teams:
        team_id, learners = team["id"], sizes.get(team["id"], 0)
        counts = dict(states[team_id])
        counts[MilestoneStatus.NOT_STARTED] = learners * len(items) - sum(
            counts[s] for s in STATES if s != MilestoneStatus.NOT_STARTED
        )
        cells = []
        for item in framework:
            found = levels[team_id].get(item["id"], {})
            average = round(float(found["average"]), 2) if found else None
            target = goals[team_id].get(item["id"])
            cells.append(
                {
                    "competency": item["slug"],
                    "target": target,
                    "average": average,
                    "assessed": found.get("assessed", 0),
                    "at_target": at_target[team_id][item["id"]],
                    "band": _standing(average, target),
                }
            )
        late = overdue.get(team_id, {})
        rows.append(
            {
                "id": team_id,
                "name": team["name"],
                "learners": learners,
                "levels": cells,
                "overdue": {"learners": late.get("learners", 0), "dues": late.get("dues", 0)},
                "milestones": counts,
                "trend": [week_summary(week) for week in weekly[team_id]],
            }
        )
    organisation = [
        week_summary(
            {
                "week_start": weeks[0]["week_start"],
                **{
                    name: sum(week[name] for week in weeks)
                    for name in ("statements", "active_learners", "milestones_achieved")
                    + ("level_sum", "level_count")
                },
            }
        )
        for weeks in zip(*weekly.values(), strict=True)
    ]
    return {
        "trend": organisation,
        "competencies": [{"slug": item["slug"], "name": item["name"]} for item in framework],
        "teams": rows,
        "totals": {
            "teams": len(rows),
            "learners": sum(row["learners"] for row in rows),
            "overdue_learners": sum(row["overdue"]["learners"] for row in rows),
            "milestones_achieved": sum(row["milestones"][MilestoneStatus.ACHIEVED] for row in rows),
        },
    }
