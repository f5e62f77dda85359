from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ClaimMapping


class ClaimMappingViewSet(SnippetViewSet):
    """Which sign-in claim values (the company's groups) give which team and role.

    Applied at every single sign-on; the same rules give the role of a SCIM group's
    members when the value is the group's name or external id.
    """

    model = ClaimMapping
    icon = "group"
    menu_label = _("Teams from sign-in")
    menu_name = "claim-mappings"
    menu_order = 800
    add_to_admin_menu = True
    list_display = ["claim", "value", "team", "role"]
    list_filter = ["team", "role"]
    search_fields = ["value"]


register_snippet(ClaimMappingViewSet)
