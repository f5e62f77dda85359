from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnerPagesConfig(AppConfig):
    """The learner's pages: onboarding path, progress, role-plays."""

    name = "frontend.learner"
    label = "frontend_learner"
    verbose_name = _("Learner pages")
