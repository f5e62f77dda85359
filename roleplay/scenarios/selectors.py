"""Reads of scenarios and rubrics, in the reader's language and cut to their role."""

from typing import Any

from wagtail.models import Locale

from core.translation import in_active_language
from progress.models import Competency

from ..models import ParticipantRole, Rubric, RubricCriterion, Scenario
from ..room.audience import Viewer


def scenarios_for_active_language():
    """Scenarios in the active language, or in the default one when none are translated."""
    base = Scenario.objects.prefetch_related("competencies").order_by("difficulty", "title")
    active = Locale.get_active()
    localized = base.filter(locale=active)
    return localized if localized.exists() else base.filter(locale=Locale.get_default())


def rubrics_for_active_language() -> list[Rubric]:
    """Rubrics in the reader's language, or in the default one when none are translated."""
    base = Rubric.objects.order_by("title")
    localized = list(base.filter(locale=Locale.get_active()))
    return localized or list(base.filter(locale=Locale.get_default()))


def _competencies(canonical: list[Competency]) -> list[dict[str, Any]]:
    """Each competency's id, slug and name in the active language (one query)."""
    shown = in_active_language(Competency, canonical)
    return [{"id": c.pk, "slug": c.slug, "name": shown[c.pk].name} for c in canonical]


def rubric_criteria(rubric_id: int | None) -> list[dict[str, Any]]:
    """The rubric's criteria with their competencies named in the active language
    (three queries, however many criteria)."""
    if rubric_id is None:
        return []
    criteria = list(
        RubricCriterion.objects.filter(rubric_id=rubric_id).select_related("competency")
    )
    competencies = _competencies([criterion.competency for criterion in criteria])
    return [
        {
            "id": criterion.pk,
            "name": criterion.name,
            "competency": competency,
            "levels": {str(level): criterion.descriptor(level) for level in range(1, 6)},
        }
        for criterion, competency in zip(criteria, competencies, strict=True)
    ]


def criteria_of(scenario: Scenario) -> list[dict[str, Any]]:
    return rubric_criteria(scenario.rubric_id)


def scenario_for(*, scenario: Scenario, viewer: Viewer) -> dict[str, Any]:
    """The scenario as this role may read it: the agent never sees what the customer
    really needs, nor the actor's or the coach's private notes."""
    data = {
        "id": scenario.pk,
        "title": scenario.title,
        "channel": scenario.channel,
        "difficulty": scenario.difficulty,
        "competencies": _competencies(list(scenario.competencies.all())),
        "agent_brief": scenario.agent_brief,
        "persona": {"name": scenario.persona_name},
        "criteria": criteria_of(scenario),
    }
    if viewer.role != ParticipantRole.AGENT:
        data["persona"].update(
            situation=scenario.persona_situation,
            emotional_state=scenario.persona_emotion,
            real_need=scenario.persona_need,
        )
    if viewer.is_coach or viewer.role == ParticipantRole.CUSTOMER:
        data["customer_notes"] = scenario.customer_notes
    if viewer.is_coach:
        data["coach_notes"] = scenario.coach_notes
        data["twists"] = [
            {"id": twist.pk, "title": twist.title, "text": twist.text}
            for twist in scenario.twists.all()
        ]
        data["debrief_questions"] = [q.text for q in scenario.debrief_questions.all()]
    return data
