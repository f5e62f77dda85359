from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.people import DEMO_PASSWORD, EDITOR, TEAMS

# Each app seeds its own demo content; the order follows the flow of knowledge.
SEEDERS = [
    "demo.people",
    "demo.progress",
    "demo.cms",
    "demo.roleplay",
    "demo.courses",
]


class Command(BaseCommand):
    help = "Create or refresh the demo organisation, its people and content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off (the demo accounts share a published password).",
        )

    def handle(self, *args, **options):
        if not settings.SEED_DEMO_ALLOWED and not options["force"]:
            raise CommandError(
                "Refusing to seed the demo: DEBUG is off, and the demo accounts share the "
                "password published in the README. Use DEBUG=true on a laptop, or --force "
                "if you really want demo accounts here."
            )
        with transaction.atomic():
            for module in SEEDERS:
                import_module(module).seed()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for team, people in TEAMS.items():
            names = ", ".join(f"{username} ({role})" for username, *_rest, role, _l in people)
            self.stdout.write(f"  {team}: {names}")
        self.stdout.write(f"  Content editor: {EDITOR[0]}")
