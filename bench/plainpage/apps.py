from django.apps import AppConfig


class PlainPageConfig(AppConfig):
    name = "bench.plainpage"
    label = "plainpage"
    default_auto_field = "django.db.models.BigAutoField"
