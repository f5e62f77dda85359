from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Competency, Milestone
from .services import milestone_reevaluate


class CompetencyViewSet(SnippetViewSet):
    """Competencies in the Wagtail admin."""

    model = Competency
    icon = "pick"
    menu_label = _("Competencies")
    list_display = ["name", "slug", "locale"]
    search_fields = ["name", "description"]


class MilestoneViewSet(SnippetViewSet):
    """Milestones and their criteria; the default-locale row's criteria are evaluated."""

    model = Milestone
    icon = "flag"
    menu_label = _("Milestones")
    list_display = ["name", "competency", "locale"]
    search_fields = ["name", "description"]


class CoachingViewSetGroup(SnippetViewSetGroup):
    """Attitude coaching under one menu item: the framework and its milestones."""

    items = (CompetencyViewSet, MilestoneViewSet)
    menu_icon = "pick"
    menu_label = _("Attitude coaching")
    menu_name = "attitude-coaching"


register_snippet(CoachingViewSetGroup)


def _reevaluate(request, instance):
    # Changed criteria change every learner's state; evaluated after the save commits.
    if isinstance(instance, Milestone) and instance.locale_id == Locale.get_default().pk:
        transaction.on_commit(lambda: milestone_reevaluate(milestone=instance))


hooks.register("after_create_snippet", _reevaluate)
hooks.register("after_edit_snippet", _reevaluate)
