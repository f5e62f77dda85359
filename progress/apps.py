from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Progress and attitude coaching")

    def ready(self):
        self._forget_framework_on_changes()

    def _forget_framework_on_changes(self):
        """The competencies and milestones kept by ``progress.selectors.framework`` go
        stale when one of them (in any locale) is saved or deleted.

        Connected per model (never for every sender, which would turn off Django's
        fast deletes everywhere)."""
        from django.db.models.signals import post_delete, post_save

        from .models import Competency, Milestone
        from .selectors.framework import forget_framework

        for model in (Competency, Milestone):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_framework,
                    sender=model,
                    dispatch_uid=f"progress-framework-{model._meta.label}",
                )
