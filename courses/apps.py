from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Onboarding courses")

    def ready(self):
        from people.services import membership_started

        from .services import joiner_enrol

        membership_started.connect(joiner_enrol, dispatch_uid="courses-joiner-enrol")
