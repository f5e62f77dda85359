"""``manage.py lti_deliver_scores``: queue again every score whose next try is due.

The sweep for backends that cannot defer a task, and after an outage of the queue.
"""

from django.core.management.base import BaseCommand

from lti.services import scores_due
from lti.tasks import scores_enqueue


class Command(BaseCommand):
    help = "Queue the LTI scores that are waiting for another try."

    def handle(self, *args, **options):
        due = scores_due()
        scores_enqueue(due)
        self.stdout.write(f"{len(due)} score(s) queued")
