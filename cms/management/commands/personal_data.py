"""``manage.py personal_data export|erase --user USERNAME``: a person's data, for an admin.

``export`` prints the JSON (or writes it to ``--output``); ``erase`` asks for the
username again unless ``--no-input`` is given.
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cms.privacy import personal_data_erase, personal_data_export


class Command(BaseCommand):
    help = "Export or erase one person's personal data."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--user", required=True, help="the person's username")
        parser.add_argument("--output", help="export: write the JSON to this file")
        parser.add_argument("--no-input", action="store_true", help="erase without asking")

    def handle(self, *args, action, user, output=None, no_input=False, **options):
        try:
            person = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user called {user!r}.") from None
        if action == "export":
            text = json.dumps(personal_data_export(person), ensure_ascii=False, indent=2)
            if output:
                with open(output, "w", encoding="utf-8") as file:
                    file.write(text + "\n")
                self.stdout.write(f"Wrote {output}")
            else:
                self.stdout.write(text)
            return
        if not no_input and input(f"Type {user} to erase their data for good: ") != user:
            raise CommandError("Nothing erased.")
        personal_data_erase(person)
        self.stdout.write(f"Erased the personal data of {user}; the account is now anonymised.")
