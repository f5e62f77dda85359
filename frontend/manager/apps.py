from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManagerPagesConfig(AppConfig):
    """The manager's pages: team dashboard, drill-down to one learner, CSV."""

    name = "frontend.manager"
    label = "frontend_manager"
    verbose_name = _("Manager pages")
