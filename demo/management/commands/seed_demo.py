from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.people import DEMO_PASSWORD, EDITOR, TEAMS

# Each app seeds its own demo content; the order follows the flow of knowledge.
SEEDERS = [
    "demo.people",
    "demo.progress",
    "demo.cms",
    "demo.roleplay",
    "demo.courses",
    "demo.history",
]


class Command(BaseCommand):
    help = "Create or refresh the demo organisation, its people and content (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for module in SEEDERS:
                import_module(module).seed()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for team, people in TEAMS.items():
            names = ", ".join(f"{username} ({role})" for username, *_rest, role, _l in people)
            self.stdout.write(f"  {team}: {names}")
        self.stdout.write(f"  Content editor: {EDITOR[0]}")
