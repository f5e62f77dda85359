"""Compute the progress rollups (levels, weekly activity) again from the records."""

from django.core.management.base import BaseCommand

from progress import rollups


class Command(BaseCommand):
    help = "Rebuild the progress rollups the dashboards read from statements and assessments."

    def handle(self, *args, **options):
        counts = rollups.rebuild()
        self.stdout.write(
            f"{counts['levels']} learner levels, {counts['weeks']} learner weeks rebuilt."
        )
