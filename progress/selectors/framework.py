"""The framework every progress read starts from: competencies, milestones, targets
and the assessed levels, named in the active language."""

from django.db.models import F, Q, QuerySet
from django.utils import translation

from core.translation import default_locale, in_active_language
from people.models import Membership, Role, Team

from .. import rollups, verbs
from ..models import (
    Competency,
    CompetencyTarget,
    Milestone,
)


def competencies() -> list[dict]:
    """The competency framework in order, named in the active language (two queries)."""
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


def milestones() -> list[dict]:
    """Milestones in the default locale with their names in the active language."""
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
