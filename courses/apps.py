from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Onboarding courses")

    def ready(self):
        from people.services import membership_started

        from .services import joiner_enrol

        membership_started.connect(joiner_enrol, dispatch_uid="courses-joiner-enrol")
        self._forget_structure_on_changes()

    def _forget_structure_on_changes(self):
        """The course structures kept by ``courses.selectors`` go stale when a page,
        a locale or a site is saved, deleted, published, unpublished or moved.

        Connected per model (never for every sender, which would turn off Django's
        fast deletes everywhere)."""
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale, Page, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .selectors import forget_structure

        senders = [m for m in apps.get_models() if issubclass(m, Page)] + [Locale, Site]
        for model in senders:
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_structure,
                    sender=model,
                    dispatch_uid=f"courses-structure-{model._meta.label}",
                )
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(forget_structure, dispatch_uid="courses-structure-page")
