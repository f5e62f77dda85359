"""``manage.py purge_call_recordings``: delete call recordings older than
``ROLEPLAY_RECORDING_RETENTION_DAYS`` (their chunks, merged files and the team review
copies made of them). Run it daily from cron or a systemd timer (docs/operations.md).
"""

from django.core.management.base import BaseCommand

from roleplay.callrecording.services import call_recordings_purge


class Command(BaseCommand):
    help = "Delete call recordings older than ROLEPLAY_RECORDING_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Keep this many days instead of the setting."
        )

    def handle(self, *args, days=None, **options):
        removed = call_recordings_purge(days=days)
        self.stdout.write(f"Removed {removed} call recording(s).")
