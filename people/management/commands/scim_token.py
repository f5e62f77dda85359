"""``manage.py scim_token create NAME`` / ``revoke NAME``: tokens for the directory's client."""

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from people.models import ScimToken
from people.scim import services


class Command(BaseCommand):
    help = "Create (printing it once) or revoke a bearer token for SCIM provisioning."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "revoke"])
        parser.add_argument("name", help="Who the token is for, e.g. entra-id")

    def handle(self, *args, action: str, name: str, **options):
        if action == "create":
            try:
                _token, raw = services.scim_token_create(name=name)
            except IntegrityError as exc:
                raise CommandError(f"A SCIM token named {name!r} already exists.") from exc
            # The only time the token is shown: only its digest is stored.
            self.stdout.write(raw)
            return
        try:
            services.scim_token_revoke(name=name)
        except ScimToken.DoesNotExist as exc:
            raise CommandError(f"No SCIM token named {name!r}.") from exc
        self.stdout.write(f"Revoked SCIM token {name!r}.")
