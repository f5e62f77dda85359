"""The framework every progress read starts from: competencies, milestones, targets
and the assessed levels, named in the active language."""

from collections import defaultdict

from django.db.models import F, Q, QuerySet
from django.utils import translation
from wagtail.models import Locale

from core.translation import in_active_language
from people.models import Membership, Role, Team

from .. import verbs
from ..models import (
    Assessment,
    Competency,
    CompetencyTarget,
    Milestone,
    RaterRole,
)


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


def verb_display(verb: str) -> str:
    display = verbs.DISPLAY.get(verb, {})
    language = translation.get_language() or "fi"
    tag = "fi-FI" if language.startswith("fi") else "en-US"
    return display.get(tag) or display.get("en-US") or verb.rsplit("/", 1)[-1]


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
