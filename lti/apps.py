from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LtiConfig(AppConfig):
    """Kohtaamo as an LTI 1.3 tool: launches, deep links, grades and rosters."""

    name = "lti"
    verbose_name = _("LMS connections (LTI)")

    def ready(self) -> None:
        # progress must not know about lti (import-linter holds that), so grade
        # passback listens to the statements progress stores instead of being called.
        from . import signals

        signals.connect()
