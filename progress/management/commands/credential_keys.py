"""Manage the organisation's credential signing keys (docs/operations.md).

``list`` shows them; ``generate`` makes the first key if there is none (issuing also
does that on first use); ``rotate`` makes a new key sign and retires the others,
which stay published at /.well-known/jwks.json so credentials they signed still verify;
``withdraw --kid KID`` is for a key that may have leaked: it is unpublished, what it
signed is revoked, and the credentials that still stand are signed again.
"""

from django.core.management.base import BaseCommand, CommandError

from progress import credentials
from progress.models import CredentialKey


class Command(BaseCommand):
    help = "List, generate or rotate the keys that sign Open Badges credentials."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "generate", "rotate", "withdraw"])
        parser.add_argument("--kid", help="withdraw: the id of the key that may have leaked")

    def handle(self, *args, action, kid=None, **options):
        if action == "generate":
            key = credentials.credential_key_current()
            self.stdout.write(f"Signing key: {key.kid}")
        elif action == "rotate":
            key = credentials.credential_key_rotate()
            self.stdout.write(f"New signing key: {key.kid}; older keys retired, still published.")
        elif action == "withdraw":
            if not CredentialKey.objects.filter(kid=kid or "").exists():
                raise CommandError("Give --kid, the id of a key (see `credential_keys list`).")
            count = credentials.credential_key_withdraw(kid=kid)
            self.stdout.write(f"Withdrawn {kid}; its credentials revoked, {count} issued again.")
        for key in CredentialKey.objects.order_by("-created_at"):
            state = "signing"
            if key.withdrawn_at:
                state = f"withdrawn {key.withdrawn_at:%Y-%m-%d %H:%M}"
            elif key.retired_at:
                state = f"retired {key.retired_at:%Y-%m-%d %H:%M}"
            count = key.credentials.count()
            self.stdout.write(f"{key.kid}  {state}  {count} credentials")
