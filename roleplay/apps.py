from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoleplayConfig(AppConfig):
    name = "roleplay"
    verbose_name = _("Role-play")

    def ready(self):
        # Each session kind declares itself to the registry the room asks.
        from . import kinds

        kinds.load()
