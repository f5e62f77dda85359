"""Team reads: the dashboard, the trend, the export and the weekly summary.

They run a fixed number of queries whatever the team size and aggregate in the
database (window functions and conditional counts that SQLite and PostgreSQL share).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DateField, F, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from people.models import Membership, Role, Team, display_name

from ..models import (
    ActivityWeek,
    MilestoneAward,
    MilestoneState,
    MilestoneStatus,
    OnboardingDue,
)
from .framework import (
    assessed_levels,
    competencies,
    learners_of,
    milestones,
    targets,
)

TREND_WEEKS = 12


STATES = [status.value for status in MilestoneStatus]
STARTED = [state for state in STATES if state != MilestoneStatus.NOT_STARTED]


def _week_starts(today: date) -> list[datetime]:
    """The local Monday midnights of the last ``TREND_WEEKS`` weeks, oldest first."""
    monday = today - timedelta(days=today.weekday())
    zone = timezone.get_current_timezone()
    return [
        datetime.combine(monday - timedelta(weeks=back), time.min, tzinfo=zone)
        for back in range(TREND_WEEKS - 1, -1, -1)
    ]


def weekly_rows(*, team_ids: list[int], today: date | None = None) -> dict[int, list[dict]]:
    """Each team's weeks as ``trends`` gives them, with the sum and count of the levels
    (``level_sum``, ``level_count``) so that teams can be added up."""
    starts = _week_starts(today or timezone.localdate())
    weeks = {start.date(): index for index, start in enumerate(starts)}
    in_teams = {"learner__memberships__team_id__in": team_ids,
                "learner__memberships__role": Role.LEARNER}  # fmt: skip
    activity: dict = defaultdict(dict)
    for row in (
        ActivityWeek.objects.filter(week__gte=starts[0].date(), week__lte=starts[-1].date())
        .filter(**in_teams)
        .values("week", team=F("learner__memberships__team_id"))
        .annotate(
            total=Sum("statements"),
            active=Count("id", filter=Q(statements__gt=0)),
            level_sum=Sum("level_sum"),
            level_count=Sum("level_count"),
        )
        .order_by()
    ):
        activity[row["team"]][weeks[row["week"]]] = row
    achieved: dict = defaultdict(dict)
    for row in (
        MilestoneAward.objects.filter(**in_teams)
        .filter(awarded_at__gte=starts[0], awarded_at__lt=starts[-1] + timedelta(weeks=1))
        .annotate(week=TruncWeek("awarded_at", output_field=DateField()))  # local Mondays
        .values("week", team=F("learner__memberships__team_id"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        achieved[row["team"]][weeks[row["week"]]] = row
    result = {}
    for team_id in team_ids:
        rows = []
        for index, start in enumerate(starts):
            week = activity[team_id].get(index, {})
            count = week.get("level_count") or 0
            rows.append(
                {
                    "week_start": start.date(),
                    "statements": week.get("total") or 0,
                    "active_learners": week.get("active") or 0,
                    "milestones_achieved": achieved[team_id].get(index, {}).get("n") or 0,
                    "level_sum": week.get("level_sum") or 0,
                    "level_count": count,
                }
            )
        result[team_id] = rows
    return result


def trends(*, team_ids: list[int], today: date | None = None) -> dict[int, list[dict]]:
    """Each team's weekly activity, milestones reached and lead-assessed level over the
    last 12 weeks, from the rollups: two queries for any number of teams."""
    return {
        team_id: [week_summary(week) for week in weeks]
        for team_id, weeks in weekly_rows(team_ids=team_ids, today=today).items()
    }


def week_summary(week: dict) -> dict:
    """A week of ``weekly_rows`` with the average level in place of its sum and count."""
    summary = {k: v for k, v in week.items() if k not in ("level_sum", "level_count")}
    count = week["level_count"]
    summary["average_level"] = round(week["level_sum"] / count, 2) if count else None
    return summary


def team_trend(*, team: Team, today: date | None = None) -> list[dict]:
    """Weekly activity, milestones reached and assessed level for the last 12 weeks."""
    return trends(team_ids=[team.pk], today=today)[team.pk]


def team_overdue(*, team: Team, today: date | None = None) -> list[dict]:
    """Learners of the team whose onboarding is past its due date and not completed."""
    today = today or timezone.localdate()
    rows = (
        OnboardingDue.objects.filter(
            learner_id__in=learners_of(team),
            completed_at__isnull=True,
            due_date__lt=today,
        )
        .filter(Q(team=team) | Q(team__isnull=True))
        .select_related("learner")
        .order_by("due_date", "learner__username")
    )
    return [
        {
            "learner": {
                "id": row.learner_id,
                "username": row.learner.username,
                "name": row.learner.display_name,
            },
            "course_key": row.course_key,
            "course_name": row.course_name,
            "due_date": row.due_date,
            "days_overdue": (today - row.due_date).days,
        }
        for row in rows
    ]


def _members_in_order(team: Team):
    """The team's learners in name order: (user id, username, first name, last name)."""
    return (
        Membership.objects.filter(team=team, role=Role.LEARNER)
        .order_by("user__last_name", "user__first_name", "user__username")
        .values_list("user_id", "user__username", "user__first_name", "user__last_name")
    )


def _team_members(team: Team) -> list[dict]:
    """The team's learners as the dashboard shows them (one query)."""
    return [
        {"id": user_id, "username": username, "name": display_name(first, last, username)}
        for user_id, username, first, last in _members_in_order(team)
    ]


def _milestone_counts(learner_ids: list[int], milestone_ids: list[int]) -> tuple[dict, dict]:
    """Per milestone and per learner: how many are in each state (two queries)."""
    states = MilestoneState.objects.filter(
        learner_id__in=learner_ids, milestone_id__in=milestone_ids
    )
    per_milestone: dict[int, dict] = defaultdict(lambda: dict.fromkeys(STATES, 0))
    for milestone_id, state, count in (
        states.values_list("milestone_id", "state").annotate(n=Count("id")).order_by()
    ):
        per_milestone[milestone_id][state] = count
    per_learner: dict[int, dict] = defaultdict(lambda: dict.fromkeys(STATES, 0))
    for learner_id, state, count in (
        states.values_list("learner_id", "state").annotate(n=Count("id")).order_by()
    ):
        per_learner[learner_id][state] = count
    return per_milestone, per_learner


def team_levels(*, team: Team) -> dict:
    """Members x competencies with baseline, latest and target; the common part of the
    dashboard and the export."""
    members = _team_members(team)
    learner_ids = [member["id"] for member in members]
    latest, first = assessed_levels(learners=learner_ids)
    items = milestones()
    per_milestone, per_learner = _milestone_counts(learner_ids, [m["id"] for m in items])
    return {
        "framework": competencies(),
        "targets": targets(team=team),
        "members": members,
        "latest": latest,
        "baselines": first,
        "milestones": items,
        "per_milestone": per_milestone,
        "per_learner": per_learner,
    }


def team_dashboard(*, team: Team, today: date | None = None) -> dict:
    """What a team's coaches and managers see: a constant number of queries."""
    data = team_levels(team=team)
    framework, goal = data["framework"], data["targets"]
    latest, baselines = data["latest"], data["baselines"]
    no_baseline = {"self": None, "coach": None}
    member_count = len(data["members"])
    members = []
    for member in data["members"]:
        user_id = member["id"]
        levels = {}
        for item in framework:
            key = (user_id, item["id"])
            now = latest.get(key)
            levels[item["slug"]] = {
                "baseline": dict(baselines.get(key, no_baseline)),
                "latest": now["level"] if now else None,
                "target": goal.get(item["id"]),
            }
        counts = data["per_learner"].get(user_id, dict.fromkeys(STATES, 0))
        members.append(
            {
                **member,
                "levels": levels,
                "milestones": {
                    **counts,
                    "not_started": len(data["milestones"]) - sum(counts[s] for s in STARTED),
                },
            }
        )
    milestone_rows = []
    for item in data["milestones"]:
        counts = dict(data["per_milestone"].get(item["id"], dict.fromkeys(STATES, 0)))
        counts["not_started"] = member_count - sum(counts[s] for s in STARTED)
        milestone_rows.append({"id": item["id"], "name": item["name"], "counts": counts})
    return {
        "team": {"id": team.pk, "name": team.name},
        "competencies": [
            {"slug": item["slug"], "name": item["name"], "target": goal.get(item["id"])}
            for item in framework
        ],
        "members": members,
        "milestones": milestone_rows,
        "overdue": team_overdue(team=team, today=today),
        "trend": team_trend(team=team, today=today),
    }


EXPORT_CHUNK = 500


def _chunks(rows, size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def team_export_rows(*, team: Team, today: date | None = None):
    """One row per member and competency, for the CSV export.

    A generator that reads the members in chunks of ``EXPORT_CHUNK`` and the levels,
    milestones and due dates of each chunk: the first rows come before the last
    members are read, and memory holds one chunk whatever the team's size.
    """
    today = today or timezone.localdate()
    framework = competencies()
    goal = targets(team=team)
    milestone_ids = [item["id"] for item in milestones()]
    members = _members_in_order(team)
    for chunk in _chunks(members.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK):
        ids = [row[0] for row in chunk]
        latest, baselines = assessed_levels(learners=ids)
        achieved = dict(
            MilestoneState.objects.filter(
                learner_id__in=ids,
                milestone_id__in=milestone_ids,
                state=MilestoneStatus.ACHIEVED,
            )
            .values_list("learner_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        dues: dict[int, OnboardingDue] = {}
        for due in (
            OnboardingDue.objects.filter(learner_id__in=ids, completed_at__isnull=True)
            .filter(Q(team=team) | Q(team__isnull=True))
            .order_by("-due_date")
        ):
            dues[due.learner_id] = due
        for user_id, username, first_name, last_name in chunk:
            name = display_name(first_name, last_name, username)
            due = dues.get(user_id)
            for item in framework:
                now = latest.get((user_id, item["id"]))
                first = baselines.get((user_id, item["id"]), {"self": None, "coach": None})
                target = goal.get(item["id"])
                level = now["level"] if now else None
                yield {
                    "username": username,
                    "name": name,
                    "competency": item["slug"],
                    "competency_name": item["name"],
                    "baseline_self": first["self"],
                    "baseline_coach": first["coach"],
                    "latest": level,
                    "latest_rater_role": now["rater_role"] if now else None,
                    "latest_at": timezone.localtime(now["assessed_at"]).date() if now else None,
                    "target": target,
                    "gap": (level - target) if level is not None and target is not None else None,
                    "milestones_achieved": achieved.get(user_id, 0),
                    "onboarding_due": due.due_date if due else None,
                    "overdue": bool(due and due.due_date < today),
                }


def overdue_by_learner(*, today: date | None = None) -> dict[int, list[OnboardingDue]]:
    """Every learner's onboarding past its due date and not completed, by learner id
    (one query; each row carries its learner)."""
    today = today or timezone.localdate()
    rows = (
        OnboardingDue.objects.filter(completed_at__isnull=True, due_date__lt=today)
        .select_related("learner")
        .order_by("learner_id", "due_date")
    )
    found: dict[int, list[OnboardingDue]] = defaultdict(list)
    for row in rows:
        found[row.learner_id].append(row)
    return dict(found)


def team_week_summary(*, team: Team, today: date | None = None) -> dict:
    """What a manager reads on Monday: the past week's activity and who is overdue."""
    today = today or timezone.localdate()
    weeks = team_trend(team=team, today=today)
    return {
        "team": team,
        "learners": Membership.objects.filter(team=team, role=Role.LEARNER).count(),
        "last_week": weeks[-2],
        "overdue": team_overdue(team=team, today=today),
    }
