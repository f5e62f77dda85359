"""Reads for progress: a learner's levels and milestones, team dashboards, exports.

Team reads run a fixed number of queries whatever the team size and aggregate in the
database (window functions and conditional counts that SQLite and PostgreSQL share).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone, translation
from wagtail.models import Locale

from people.models import Membership, Role, Team

from . import rules, verbs
from .models import (
    Assessment,
    CoachingNote,
    Competency,
    CompetencyTarget,
    Milestone,
    MilestoneAward,
    MilestoneState,
    MilestoneStatus,
    OnboardingDue,
    RaterRole,
    SignOff,
    Statement,
)

TREND_WEEKS = 12
STATES = [status.value for status in MilestoneStatus]


def in_active_language(model, canonical: list) -> dict[int, object]:
    """Map canonical pk to the row in the active language (or the canonical row)."""
    active = Locale.get_active()
    rows = {item.pk: item for item in canonical}
    if canonical and active.pk != canonical[0].locale_id:
        keys = {item.translation_key: item.pk for item in canonical}
        for item in model.objects.filter(locale=active, translation_key__in=keys):
            rows[keys[item.translation_key]] = item
    return rows


def competencies() -> list[dict]:
    """The competency framework in order, named in the active language (two queries)."""
    canonical = list(Competency.objects.filter(locale=Locale.get_default()))
    names = in_active_language(Competency, canonical)
    return [
        {
            "id": item.pk,
            "slug": item.slug,
            "name": names[item.pk].name,
            "description": names[item.pk].description,
            "descriptors": {str(level): names[item.pk].descriptor(level) for level in range(1, 6)},
        }
        for item in canonical
    ]


def milestones() -> list[dict]:
    """Milestones in the default locale with their names in the active language."""
    canonical = list(Milestone.objects.filter(locale=Locale.get_default()))
    names = in_active_language(Milestone, canonical)
    return [
        {
            "id": item.pk,
            "name": names[item.pk].name,
            "description": names[item.pk].description,
            "competency_id": item.competency_id,
            "rules": item.rules,
        }
        for item in canonical
    ]


def targets(*, team: Team | int | None) -> dict[int, int]:
    """Target level per competency id: the team's override wins over the organisation's."""
    team_id = getattr(team, "pk", team)
    found: dict[int, int] = {}
    rows = CompetencyTarget.objects.filter(Q(team__isnull=True) | Q(team_id=team_id))
    for competency_id, _team, level in rows.order_by(
        F("team_id").asc(nulls_first=True)
    ).values_list("competency_id", "team_id", "level"):
        found[competency_id] = level
    return found


def learners_of(team: Team | int) -> QuerySet:
    """A subquery of the ids of the team's learners."""
    return Membership.objects.filter(team=team, role=Role.LEARNER).values("user_id")


LEAD_RATERS = (RaterRole.COACH, RaterRole.MANAGER)


def assessed_levels(*, learners) -> tuple[dict, dict]:
    """Each (learner id, competency id)'s latest level and baselines, in one query.

    Latest: the newest assessment by a coach or manager; a self-assessment only while
    no coach or manager has assessed the competency. Observer (peer) assessments are
    evidence for milestones that ask for them but never the level a lead sees
    (docs/architecture.md, "Whose level counts"). Baselines: the first self-assessment
    and the first coach assessment, as ``{"self": level, "coach": level}``. Rows come
    in time order (ties by id), so the last one seen is the newest and the first one
    seen the earliest: one pass over the rows, no window sorts.
    """
    rows = (
        Assessment.objects.filter(learner_id__in=learners)
        .order_by("learner_id", "competency_id", "assessed_at", "id")
        .values_list("learner_id", "competency_id", "rater_role", "level", "assessed_at")
    )
    by_leads: dict[tuple[int, int], dict] = {}
    by_self: dict[tuple[int, int], dict] = {}
    first: dict[tuple[int, int], dict] = defaultdict(lambda: {"self": None, "coach": None})
    for learner, competency, role, level, at in rows:
        key = (learner, competency)
        newest = {"level": level, "rater_role": role, "assessed_at": at}
        if role == RaterRole.SELF:
            by_self[key] = newest
        elif role in LEAD_RATERS:
            by_leads[key] = newest
        if role in (RaterRole.SELF, RaterRole.COACH):
            baseline = first[key]
            if baseline[role] is None:
                baseline[role] = level
    return {**by_self, **by_leads}, first


def _learner_team(user) -> int | None:
    return (
        Membership.objects.filter(user=user, role=Role.LEARNER)
        .order_by("team__name")
        .values_list("team_id", flat=True)
        .first()
    )


def learner_levels(*, learner, team_id: int | None) -> list[dict]:
    """Baseline, latest and target per competency for one learner."""
    framework = competencies()
    goal = targets(team=team_id)
    ids = [learner.pk]
    latest, first = assessed_levels(learners=ids)
    levels = []
    for item in framework:
        now = latest.get((learner.pk, item["id"]))
        levels.append(
            {
                "competency": item["slug"],
                "name": item["name"],
                "description": item["description"],
                "descriptors": item["descriptors"],
                "baseline": dict(
                    first.get((learner.pk, item["id"]), {"self": None, "coach": None})
                ),
                "latest": now["level"] if now else None,
                "latest_rater_role": now["rater_role"] if now else None,
                "latest_at": now["assessed_at"] if now else None,
                "target": goal.get(item["id"]),
            }
        )
    return levels


def learner_milestones(*, learner) -> list[dict]:
    """Every milestone with the learner's state in it and what is still missing."""
    items = milestones()
    states = {
        row.milestone_id: row
        for row in MilestoneState.objects.filter(
            learner=learner, milestone_id__in=[m["id"] for m in items]
        )
    }
    awards = dict(
        MilestoneAward.objects.filter(learner=learner, revoked_at__isnull=True).values_list(
            "milestone_id", "awarded_at"
        )
    )
    names = {item["id"]: item["name"] for item in competencies()}
    slugs = dict(Competency.objects.filter(locale=Locale.get_default()).values_list("pk", "slug"))
    result = []
    for item in items:
        state = states.get(item["id"])
        details = state.details if state and state.details else rules.unevaluated(item["rules"])
        result.append(
            {
                "id": item["id"],
                "name": item["name"],
                "description": item["description"],
                "competency": slugs.get(item["competency_id"]),
                "state": state.state if state else MilestoneStatus.NOT_STARTED.value,
                "achieved_at": awards.get(item["id"]),
                "missing": rules.missing(details, names),
                "criteria": rules.describe(rules.unevaluated(item["rules"]), names),
            }
        )
    return result


def verb_display(verb: str) -> str:
    display = verbs.DISPLAY.get(verb, {})
    language = translation.get_language() or "fi"
    tag = "fi-FI" if language.startswith("fi") else "en-US"
    return display.get(tag) or display.get("en-US") or verb.rsplit("/", 1)[-1]


def recent_evidence(*, learner, limit: int = 20) -> list[dict]:
    rows = (
        Statement.objects.filter(actor=learner, voided=False)
        .exclude(verb=verbs.VOIDED)
        .select_related("competency")
        .order_by("-timestamp")[:limit]
    )
    return [
        {
            "id": str(row.pk),
            "verb": row.verb,
            "verb_display": verb_display(row.verb),
            "object_type": row.object_type,
            "object_id": row.object_id,
            "object_name": row.object_name,
            "competency": row.competency.slug if row.competency else None,
            "score_raw": row.score_raw,
            "score_scaled": row.score_scaled,
            "success": row.success,
            "timestamp": row.timestamp,
        }
        for row in rows
    ]


def _note_json(note: CoachingNote) -> dict:
    return {
        "id": note.pk,
        "author": note.author.display_name if note.author else None,
        "competency": note.competency.slug if note.competency else None,
        "body": note.body,
        "shared_with_learner": note.shared_with_learner,
        "created_at": note.created_at,
    }


def learner_overview(*, learner, for_lead: bool) -> dict:
    """A learner's progress; ``for_lead`` adds what only coaches and managers see.

    The learner sees the notes shared with them; their coaches and managers see all
    notes, the assessments with their notes, and the sign-offs.
    """
    team_id = _learner_team(learner)
    notes = CoachingNote.objects.filter(learner=learner).select_related("author", "competency")
    if not for_lead:
        notes = notes.filter(shared_with_learner=True)
    overview = {
        "learner": {"id": learner.pk, "username": learner.username, "name": learner.display_name},
        "team": team_id,
        "competencies": learner_levels(learner=learner, team_id=team_id),
        "milestones": learner_milestones(learner=learner),
        "evidence": recent_evidence(learner=learner),
        "notes": [_note_json(note) for note in notes[:50]],
    }
    if for_lead:
        assessments = (
            Assessment.objects.filter(learner=learner)
            .select_related("competency", "rater")
            .order_by("-assessed_at")[:100]
        )
        overview["assessments"] = [
            {
                "id": row.pk,
                "competency": row.competency.slug,
                "rater": row.rater.display_name if row.rater else None,
                "rater_role": row.rater_role,
                "level": row.level,
                "note": row.note,
                "assessed_at": row.assessed_at,
            }
            for row in assessments
        ]
        overview["signoffs"] = [
            {
                "id": row.pk,
                "milestone": row.milestone_id,
                "coach": row.coach.display_name if row.coach else None,
                "note": row.note,
                "signed_at": row.signed_at,
                "withdrawn_at": row.withdrawn_at,
            }
            for row in SignOff.objects.filter(learner=learner).select_related("coach")
        ]
    return overview


def rater_roles_for(*, user, learner) -> set[str]:
    """The rater roles ``user`` may assess ``learner`` in (one query).

    Oneself: self. A coach or manager of a team where the learner is a learner: coach
    or manager. Anyone else in such a team: observer.
    """
    roles: set[str] = set()
    if user.pk == learner.pk:
        roles.add(RaterRole.SELF.value)
    team_roles = Membership.objects.filter(
        user=user,
        team__memberships__user=learner,
        team__memberships__role=Role.LEARNER,
    ).values_list("role", flat=True)
    for role in team_roles:
        if role == Role.COACH:
            roles.update({RaterRole.COACH.value, RaterRole.OBSERVER.value})
        elif role == Role.MANAGER:
            roles.update({RaterRole.MANAGER.value, RaterRole.OBSERVER.value})
        elif user.pk != learner.pk:
            roles.add(RaterRole.OBSERVER.value)
    return roles


def coaches_learner(*, user, learner) -> bool:
    return Membership.objects.filter(
        user=user,
        role=Role.COACH,
        team__memberships__user=learner,
        team__memberships__role=Role.LEARNER,
    ).exists()


def _week_starts(today: date) -> list[datetime]:
    """The local Monday midnights of the last ``TREND_WEEKS`` weeks, oldest first."""
    monday = today - timedelta(days=today.weekday())
    zone = timezone.get_current_timezone()
    return [
        datetime.combine(monday - timedelta(weeks=back), time.min, tzinfo=zone)
        for back in range(TREND_WEEKS - 1, -1, -1)
    ]


def _weekly(queryset, field: str, starts: list[datetime], **aggregates) -> list[dict]:
    """Aggregate ``queryset`` per week in one query, grouped by a week number.

    The week number is a CASE over the week starts (computed here, in local time), so
    the grouping is plain SQL on SQLite and PostgreSQL alike.
    """
    end = starts[-1] + timedelta(weeks=1)
    week = Case(
        *[
            When(**{f"{field}__gte": start}, then=Value(index))
            for index, start in reversed(list(enumerate(starts)))
        ],
        output_field=IntegerField(),
    )
    rows = (
        queryset.filter(**{f"{field}__gte": starts[0], f"{field}__lt": end})
        .annotate(week=week)
        .values("week")
        .annotate(**aggregates)
        .order_by()
    )
    found = {row["week"]: row for row in rows}
    return [
        {name: found.get(index, {}).get(name) for name in aggregates}
        for index in range(len(starts))
    ]


def team_trend(*, team: Team, today: date | None = None) -> list[dict]:
    """Weekly activity, milestones reached and assessed level for the last 12 weeks."""
    starts = _week_starts(today or timezone.localdate())
    learners = learners_of(team)
    activity = _weekly(
        Statement.objects.filter(actor_id__in=learners, voided=False),
        "timestamp",
        starts,
        statements=Count("id"),
        active_learners=Count("actor_id", distinct=True),
    )
    achieved = _weekly(
        MilestoneAward.objects.filter(learner_id__in=learners),
        "awarded_at",
        starts,
        milestones_achieved=Count("id"),
    )
    levels = _weekly(
        Assessment.objects.filter(learner_id__in=learners, rater_role__in=LEAD_RATERS),
        "assessed_at",
        starts,
        average_level=Avg("level"),
    )
    return [
        {
            "week_start": start.date(),
            "statements": activity[i]["statements"] or 0,
            "active_learners": activity[i]["active_learners"] or 0,
            "milestones_achieved": achieved[i]["milestones_achieved"] or 0,
            "average_level": round(levels[i]["average_level"], 2)
            if levels[i]["average_level"] is not None
            else None,
        }
        for i, start in enumerate(starts)
    ]


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


def _team_members(team: Team) -> list:
    return list(
        Membership.objects.filter(team=team, role=Role.LEARNER)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def _milestone_counts(team: Team, milestone_ids: list[int]) -> tuple[dict, dict]:
    """Per milestone and per learner: how many are in each state (two queries)."""
    states = MilestoneState.objects.filter(
        learner_id__in=learners_of(team), milestone_id__in=milestone_ids
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
    framework = competencies()
    goal = targets(team=team)
    members = _team_members(team)
    learners = learners_of(team)
    latest, first = assessed_levels(learners=learners)
    items = milestones()
    per_milestone, per_learner = _milestone_counts(team, [m["id"] for m in items])
    return {
        "framework": framework,
        "targets": goal,
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
    member_count = len(data["members"])
    members = []
    for membership in data["members"]:
        user = membership.user
        levels = {}
        for item in framework:
            now = data["latest"].get((user.pk, item["id"]))
            levels[item["slug"]] = {
                "baseline": dict(
                    data["baselines"].get((user.pk, item["id"]), {"self": None, "coach": None})
                ),
                "latest": now["level"] if now else None,
                "target": goal.get(item["id"]),
            }
        counts = data["per_learner"].get(user.pk, dict.fromkeys(STATES, 0))
        members.append(
            {
                "id": user.pk,
                "username": user.username,
                "name": user.display_name,
                "levels": levels,
                "milestones": {
                    **counts,
                    "not_started": len(data["milestones"])
                    - sum(counts[s] for s in STATES if s != MilestoneStatus.NOT_STARTED),
                },
            }
        )
    milestone_rows = []
    for item in data["milestones"]:
        counts = dict(data["per_milestone"].get(item["id"], dict.fromkeys(STATES, 0)))
        counts["not_started"] = member_count - sum(
            counts[s] for s in STATES if s != MilestoneStatus.NOT_STARTED
        )
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


def team_export_rows(*, team: Team, today: date | None = None):
    """One row per member and competency, for the CSV export."""
    data = team_levels(team=team)
    today = today or timezone.localdate()
    dues: dict[int, OnboardingDue] = {}
    for due in (
        OnboardingDue.objects.filter(learner_id__in=learners_of(team), completed_at__isnull=True)
        .filter(Q(team=team) | Q(team__isnull=True))
        .order_by("-due_date")
    ):
        dues[due.learner_id] = due
    for membership in data["members"]:
        user = membership.user
        achieved = data["per_learner"].get(user.pk, {}).get(MilestoneStatus.ACHIEVED, 0)
        due = dues.get(user.pk)
        for item in data["framework"]:
            now = data["latest"].get((user.pk, item["id"]))
            first = data["baselines"].get((user.pk, item["id"]), {"self": None, "coach": None})
            target = data["targets"].get(item["id"])
            latest = now["level"] if now else None
            yield {
                "username": user.username,
                "name": user.display_name,
                "competency": item["slug"],
                "competency_name": item["name"],
                "baseline_self": first["self"],
                "baseline_coach": first["coach"],
                "latest": latest,
                "latest_rater_role": now["rater_role"] if now else None,
                "latest_at": timezone.localtime(now["assessed_at"]).date() if now else None,
                "target": target,
                "gap": (latest - target) if latest is not None and target is not None else None,
                "milestones_achieved": achieved,
                "onboarding_due": due.due_date if due else None,
                "overdue": bool(due and due.due_date < today),
            }


def statements_for(*, actor=None, team: Team | None = None) -> QuerySet:
    """Statements of one person, or of a team's learners; voided ones are left out."""
    rows = Statement.objects.filter(voided=False).select_related("actor", "competency")
    if team is not None:
        rows = rows.filter(actor_id__in=learners_of(team))
    else:
        rows = rows.filter(actor=actor)
    return rows.order_by("-stored", "-timestamp")


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
