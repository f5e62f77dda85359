"""Rollups: what the dashboards read, kept as statements and assessments are recorded.

``LevelRollup`` holds each learner's latest level and baselines per competency;
``ActivityWeek`` each learner's statements and lead-assessed levels per local week.
Services call ``assessment_recorded``, ``statement_recorded`` and ``statement_voided``
inside the transaction that writes the row, so a rollup is never ahead of or behind
what it sums. ``rebuild`` computes them all again from the records
(``manage.py rebuild_progress_rollups``), for data written around the services.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, DateField, F, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from .models import ActivityWeek, Assessment, LevelRollup, RaterRole, Statement

LEAD_RATERS = (RaterRole.COACH, RaterRole.MANAGER)
ASSESSMENT_FIELDS = ("learner_id", "competency_id", "rater_role", "level", "assessed_at")


def fold_levels(rows) -> tuple[dict, dict]:
    """Latest level and baselines per (learner id, competency id) from assessment rows.

    ``rows`` are ``ASSESSMENT_FIELDS`` tuples in time order (ties by id). Latest: the
    newest assessment by a coach or manager; a self-assessment only while no coach or
    manager has assessed the competency. Observer (peer) assessments never count
    (docs/architecture.md, "Whose level counts"). Baselines: the first self and the
    first coach assessment, as ``{"self": level, "coach": level}``.
    """
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
    return {**by_self, **by_leads}, dict(first)


def assessments_in_order(**filters):
    return (
        Assessment.objects.filter(**filters)
        .order_by("learner_id", "competency_id", "assessed_at", "id")
        .values_list(*ASSESSMENT_FIELDS)
    )


def _level_row(key, latest: dict, first: dict) -> LevelRollup:
    now = latest.get(key)
    baseline = first.get(key, {"self": None, "coach": None})
    return LevelRollup(
        learner_id=key[0],
        competency_id=key[1],
        latest=now["level"] if now else None,
        latest_rater_role=now["rater_role"] if now else "",
        latest_at=now["assessed_at"] if now else None,
        baseline_self=baseline["self"],
        baseline_coach=baseline["coach"],
    )


def week_of(moment: datetime) -> date:
    """The local Monday of ``moment``'s week (the trend's weeks)."""
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def _bump(learner_id: int, moment: datetime, **deltas: int) -> None:
    week = week_of(moment)
    changes = {name: F(name) + delta for name, delta in deltas.items()}
    if ActivityWeek.objects.filter(learner_id=learner_id, week=week).update(**changes):
        return
    try:
        with transaction.atomic():
            ActivityWeek.objects.create(learner_id=learner_id, week=week, **deltas)
    except IntegrityError:  # another transaction created the week first
        ActivityWeek.objects.filter(learner_id=learner_id, week=week).update(**changes)


def assessment_recorded(assessment: Assessment) -> None:
    """Bring the learner's rollups for the assessed competency up to date."""
    key = (assessment.learner_id, assessment.competency_id)
    latest, first = fold_levels(
        assessments_in_order(learner_id=key[0], competency_id=key[1]).select_for_update()
    )
    row = _level_row(key, latest, first)
    LevelRollup.objects.update_or_create(
        learner_id=key[0],
        competency_id=key[1],
        defaults={
            field: getattr(row, field)
            for field in ("latest", "latest_rater_role", "latest_at")
            + ("baseline_self", "baseline_coach")
        },
    )
    if assessment.rater_role in LEAD_RATERS:
        _bump(assessment.learner_id, assessment.assessed_at, level_sum=assessment.level,
              level_count=1)  # fmt: skip


def statement_recorded(statement: Statement) -> None:
    _bump(statement.actor_id, statement.timestamp, statements=1)


def statement_voided(statement: Statement) -> None:
    _bump(statement.actor_id, statement.timestamp, statements=-1)


def rebuild() -> dict[str, int]:
    """Compute every rollup again from the statements and assessments."""
    latest, first = fold_levels(assessments_in_order().iterator(chunk_size=20000))
    weeks: dict[tuple[int, date], dict] = defaultdict(
        lambda: {"statements": 0, "level_sum": 0, "level_count": 0}
    )
    week = TruncWeek("timestamp", output_field=DateField())
    for row in (
        Statement.objects.filter(voided=False)
        .annotate(week=week)
        .values("actor_id", "week")
        .annotate(n=Count("id"))
        .order_by()
        .iterator(chunk_size=20000)
    ):
        weeks[(row["actor_id"], row["week"])]["statements"] = row["n"]
    for row in (
        Assessment.objects.filter(rater_role__in=LEAD_RATERS)
        .annotate(week=TruncWeek("assessed_at", output_field=DateField()))
        .values("learner_id", "week")
        .annotate(total=Sum("level"), n=Count("id"))
        .order_by()
        .iterator(chunk_size=20000)
    ):
        found = weeks[(row["learner_id"], row["week"])]
        found["level_sum"], found["level_count"] = row["total"], row["n"]
    with transaction.atomic():
        LevelRollup.objects.all().delete()
        ActivityWeek.objects.all().delete()
        LevelRollup.objects.bulk_create(
            (_level_row(key, latest, first) for key in set(latest) | set(first)),
            batch_size=5000,
        )
        ActivityWeek.objects.bulk_create(
            (
                ActivityWeek(learner_id=learner, week=monday, **counts)
                for (learner, monday), counts in weeks.items()
            ),
            batch_size=5000,
        )
    return {"levels": LevelRollup.objects.count(), "weeks": ActivityWeek.objects.count()}


def levels_for(learners) -> tuple[dict, dict]:
    """The rollups' latest levels and baselines, shaped like ``fold_levels``'s."""
    latest: dict[tuple[int, int], dict] = {}
    first: dict[tuple[int, int], dict] = {}
    for row in LevelRollup.objects.filter(learner_id__in=learners).values_list(
        "learner_id", "competency_id", "latest", "latest_rater_role", "latest_at",
        "baseline_self", "baseline_coach",
    ):  # fmt: skip
        learner, competency, level, role, at, self_level, coach_level = row
        if level is not None:
            latest[(learner, competency)] = {"level": level, "rater_role": role, "assessed_at": at}
        first[(learner, competency)] = {"self": self_level, "coach": coach_level}
    return latest, first
