from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        from django.urls import register_converter

        from .converters import IdConverter

        register_converter(IdConverter, "id")
        self._forget_locales_on_changes()

    def _forget_locales_on_changes(self):
        """The locales kept by ``core.translation`` go stale when one is saved or deleted."""
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale

        from core.translation import forget_locales

        for signal in (post_save, post_delete):
            signal.connect(forget_locales, sender=Locale, dispatch_uid="core-locales")
