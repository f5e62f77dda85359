"""Manage the organisation's credential signing keys (docs/operations.md).

``list`` shows them; ``generate`` makes the first key if there is none (issuing also
does that on first use); ``rotate`` makes a new key sign and retires the others,
which stay published at /.well-known/jwks.json so credentials they signed still verify.
"""

from django.core.management.base import BaseCommand

from progress import credentials
from progress.models import CredentialKey


class Command(BaseCommand):
    help = "List, generate or rotate the keys that sign Open Badges credentials."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "generate", "rotate"])

    def handle(self, *args, action, **options):
        if action == "generate":
            key = credentials.credential_key_current()
            self.stdout.write(f"Signing key: {key.kid}")
        elif action == "rotate":
            key = credentials.credential_key_rotate()
            self.stdout.write(f"New signing key: {key.kid}; older keys retired, still published.")
        for key in CredentialKey.objects.order_by("-created_at"):
            state = f"retired {key.retired_at:%Y-%m-%d %H:%M}" if key.retired_at else "signing"
            count = key.credentials.count()
            self.stdout.write(f"{key.kid}  {state}  {count} credentials")
