from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import LessonExample, Rubric, Scenario


class ScenarioViewSet(SnippetViewSet):
    """Scenarios editors write for live role-plays."""

    model = Scenario
    icon = "group"
    menu_label = _("Scenarios")
    list_display = ["title", "channel", "difficulty", "locale"]
    list_filter = ["channel", "difficulty"]
    search_fields = ["title"]


class RubricViewSet(SnippetViewSet):
    """Rubrics: what observers and coaches score, criterion by criterion."""

    model = Rubric
    icon = "list-ol"
    menu_label = _("Rubrics")
    list_display = ["title", "locale"]
    search_fields = ["title"]


class LessonExampleViewSet(SnippetViewSet):
    """What coaches saved from recording reviews: moments and averages for editors to
    paste into a lesson's call-recording block."""

    model = LessonExample
    icon = "media"
    menu_label = _("Lesson examples")
    list_display = ["title", "created_at"]


class RolePlayGroup(SnippetViewSetGroup):
    """Role-play content under one menu item in the Wagtail admin."""

    items = (ScenarioViewSet, RubricViewSet, LessonExampleViewSet)
    menu_icon = "group"
    menu_label = _("Role-play")
    menu_name = "roleplay"


register_snippet(RolePlayGroup)
