from django.core.management.base import BaseCommand
from wagtail.models import Locale

from progress.models import Milestone
from progress.services import milestone_reevaluate


class Command(BaseCommand):
    help = "Evaluate every milestone (or the given ids) for every learner again."

    def add_arguments(self, parser):
        parser.add_argument("milestone_ids", nargs="*", type=int)

    def handle(self, *args, milestone_ids=(), **options):
        milestones = Milestone.objects.filter(locale=Locale.get_default())
        if milestone_ids:
            milestones = milestones.filter(pk__in=milestone_ids)
        for milestone in milestones:
            count = milestone_reevaluate(milestone=milestone)
            self.stdout.write(f"{milestone}: {count} learners")
