from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachPagesConfig(AppConfig):
    """The coach's pages: scenario library, the live room console, debriefs."""

    name = "frontend.coach"
    label = "frontend_coach"
    verbose_name = _("Coach pages")
