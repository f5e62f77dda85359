"""The framework every progress read starts from: competencies, milestones, targets
and the assessed levels, named in the active language.

The competencies and milestones (and their translations) are the same for every
viewer and change only when an editor saves or deletes one, so each process keeps
them per locale (``core.kept``); ``forget_framework`` is connected to those models'
signals in ``ProgressConfig``. Targets and everything a learner did are read fresh.
"""

from django.db.models import F, Q, QuerySet
from django.utils import translation

from core.kept import Kept
from core.translation import active_locale, default_locale, in_active_language
from people.models import Membership, Role, Team

from .. import rollups, verbs
from ..models import (
    Competency,
    CompetencyTarget,
    Milestone,
)

_framework = Kept("progress:framework-token", size=64)
forget_framework = _framework.forget  # a competency or milestone was saved or deleted


def _kept(kind: str, build):
    """``build()``, kept per process for the active and the default locale.

    Readers share the value: callers read it and never change it."""
    return _framework.get((kind, active_locale().pk, default_locale().pk), build)


def competencies() -> list[dict]:
    """The competency framework in order, named in the active language (kept per
    process; two queries when it is built)."""
    return _kept("competencies", _competencies)


def milestones() -> list[dict]:
    """Milestones in the default locale with their names in the active language (kept
    per process; two queries when they are built)."""
    return _kept("milestones", _milestones)


def _competencies() -> list[dict]:
    canonical = list(Competency.objects.filter(locale=default_locale()))
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


def _milestones() -> list[dict]:
    canonical = list(Milestone.objects.filter(locale=default_locale()))
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


def verb_display(verb: str) -> str:
    display = verbs.DISPLAY.get(verb, {})
    language = translation.get_language() or "fi"
    tag = "fi-FI" if language.startswith("fi") else "en-US"
    return display.get(tag) or display.get("en-US") or verb.rsplit("/", 1)[-1]


def learners_of(team: Team | int) -> QuerySet:
    """A subquery of the ids of the team's learners."""
    return Membership.objects.filter(team=team, role=Role.LEARNER).values("user_id")


def assessed_levels(*, learners) -> tuple[dict, dict]:
    """Each (learner id, competency id)'s latest level and baselines, in one query.

    Read from the rollups (``progress.rollups``): latest is the level whose rater
    counts (docs/architecture.md, "Whose level counts"); baselines are
    ``{"self": level, "coach": level}``.
    """
    return rollups.levels_for(learners)
