"""``manage.py lti_rotate_key``: sign with a new key; the old one stays published a while."""

from django.core.management.base import BaseCommand

from lti.keys import tool_key_rotate


class Command(BaseCommand):
    help = "Make a new LTI signing key and retire the current one."

    def handle(self, *args, **options):
        key = tool_key_rotate()
        self.stdout.write(f"New LTI signing key {key.kid}")
