from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo organisation and its content, seeded by ``seed_demo``.

    An app of its own so that the product apps hold product code only: demo imports
    every app, and no app imports demo.
    """

    name = "demo"
    verbose_name = _("Demo content")
