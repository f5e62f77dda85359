"""LMS registrations in the Wagtail admin: platforms and which team each LMS course is;
and the link to a team's LMS roster on the team dashboard (the ``team_dashboard_links``
hook of ``frontend.manager``, which may not import lti).

https://docs.wagtail.org/en/stable/topics/snippets/customising.html
https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import selectors
from .models import ContextTeam, Platform

TOOL_URLS_HELP = _(
    "Give the LMS these URLs of Kohtaamo: login initiation /lti/login/, redirect and "
    "target link /lti/launch/, public keyset /lti/jwks/ (see docs/operations.md)."
)


class PlatformViewSet(SnippetViewSet):
    """One registration of Kohtaamo in an LMS (Moodle, Canvas, ...)."""

    model = Platform
    icon = "link"
    menu_label = _("LMS platforms")
    list_display = ["name", "issuer", "client_id"]
    search_fields = ["name", "issuer", "client_id"]
    panels = [
        HelpPanel(content=TOOL_URLS_HELP),
        FieldPanel("name"),
        FieldPanel("issuer"),
        FieldPanel("client_id"),
        FieldPanel("auth_login_url"),
        FieldPanel("auth_token_url"),
        FieldPanel("auth_audience"),
        FieldPanel("key_set_url"),
        FieldPanel("deployment_ids"),
    ]


class ContextTeamViewSet(SnippetViewSet):
    """Which Kohtaamo team an LMS course stands for: launches from it join that team."""

    model = ContextTeam
    icon = "group"
    menu_label = _("LMS course mappings")
    list_display = ["platform", "context_id", "context_title", "team"]
    search_fields = ["context_id", "context_title"]
    panels = [
        FieldPanel("platform"),
        FieldPanel("context_id"),
        FieldPanel("context_title"),
        FieldPanel("team"),
    ]


class LmsViewSetGroup(SnippetViewSetGroup):
    items = (PlatformViewSet, ContextTeamViewSet)
    menu_icon = "link"
    menu_label = _("LMS connections")
    menu_name = "lms-connections"


register_snippet(LmsViewSetGroup)


@hooks.register("team_dashboard_links")
def lms_roster_link(*, user, team) -> list[tuple[str, str]]:
    """The roster page, for those who may sync it, of a team an LMS course is mapped to."""
    if not selectors.may_sync_roster(user=user, team_id=team.pk):
        return []
    if not ContextTeam.objects.filter(team=team).exists():
        return []
    return [(_("Team roster from the learning platform"), reverse("lti:roster", args=[team.pk]))]
