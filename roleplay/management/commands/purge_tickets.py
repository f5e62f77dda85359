"""``manage.py purge_tickets``: forget spent WebSocket tickets that have expired anyway.

Every ticket spent leaves a row, so that it cannot be used twice; once the ticket is
too old to be accepted, the row serves nothing. Run it from a scheduler, daily is fine.
"""

from django.core.management.base import BaseCommand

from roleplay.room.tickets import tickets_purge


class Command(BaseCommand):
    help = "Delete the records of spent role-play tickets that have expired."

    def handle(self, *args, **options):
        removed = tickets_purge()
        self.stdout.write(f"Removed {removed} expired ticket record(s).")
