"""Reads for lti: what an instructor can link, where a link leads, and whose LMS
roster a person may sync."""

from dataclasses import dataclass

from django.urls import reverse
from wagtail.models import Locale

from courses.models import CoursePage, LessonPage, ModulePage
from people import permissions
from roleplay.models import Scenario

from .models import ContextTeam, TargetKind

PAGE_MODELS = {
    TargetKind.COURSE: CoursePage,
    TargetKind.MODULE: ModulePage,
    TargetKind.LESSON: LessonPage,
}


@dataclass
class Target:
    kind: str
    key: str
    title: str
    depth: int = 0

    @property
    def kind_label(self) -> str:
        return str(TargetKind(self.kind).label)

    @property
    def param(self) -> str:
        return f"{self.kind}:{self.key}"


def linkable_targets(*, locale: Locale | None = None) -> list[Target]:
    """Courses with their modules and lessons, in tree order, then solo scenarios."""
    locale = locale or Locale.get_active()
    targets = []
    for course in CoursePage.objects.live().filter(locale=locale).order_by("path"):
        targets.append(Target(TargetKind.COURSE, str(course.translation_key), course.title))
        for page in course.get_descendants().live().specific().order_by("path"):
            kind = TargetKind.MODULE if isinstance(page, ModulePage) else TargetKind.LESSON
            if isinstance(page, ModulePage | LessonPage):
                targets.append(
                    Target(kind, str(page.translation_key), page.title, page.depth - course.depth)
                )
    for scenario in Scenario.objects.filter(locale=locale).order_by("title"):
        if scenario.solo:
            targets.append(
                Target(TargetKind.SCENARIO, str(scenario.translation_key), scenario.title)
            )
    return targets


def target_parse(value: str) -> Target | None:
    """The target a link's custom parameter names, or None if it names nothing."""
    kind, _sep, key = (value or "").partition(":")
    if kind not in TargetKind.values or not key:
        return None
    found = _target_object(kind, key)
    if found is None:
        return None
    return Target(kind, key, found.title)


def _target_object(kind: str, key: str, locale: Locale | None = None):
    model = PAGE_MODELS.get(kind, Scenario)
    try:
        objects = model.objects.filter(translation_key=key)
    except Exception:  # a key that is not a UUID
        return None
    if model is not Scenario:
        objects = objects.live()
    try:
        active = locale or Locale.get_active()
        return objects.filter(locale=active).first() or objects.first()
    except Exception:
        return None


def target_url(*, target: Target, request=None) -> str:
    """Where a launch on ``target`` lands: the page itself, or the practice start."""
    found = _target_object(target.kind, target.key)
    if found is None:
        return reverse("learner:home")
    if target.kind == TargetKind.SCENARIO:
        return reverse("lti:practice", args=[found.pk])
    return found.get_url(request=request)


def target_page(*, target: Target):
    return _target_object(target.kind, target.key)


def roster_mappings(*, team_id: int) -> list[ContextTeam]:
    """The LMS courses mapped to the team, with their platforms."""
    return list(ContextTeam.objects.select_related("platform", "team").filter(team_id=team_id))


def may_sync_roster(*, user, team_id: int) -> bool:
    """The team's coaches and managers bring it in step with its LMS courses."""
    return permissions.leads(user, team_id)
