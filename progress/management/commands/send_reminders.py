"""Send the reminder e-mails that are due; safe to run as often as a scheduler likes."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from progress import notifications


class Command(BaseCommand):
    help = (
        "E-mail overdue-onboarding reminders to learners and weekly summaries to managers. "
        "Each is sent at most once per ISO week per person; run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="on", help="Act as if today were this date (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--only", choices=["overdue", "summaries"], help="Send only one kind of message."
        )

    def handle(self, *args, on=None, only=None, **options):
        try:
            today = _parse(on)
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        if only != "summaries":
            sent = notifications.overdue_reminders_send(today=today)
            self.stdout.write(f"Overdue-onboarding reminders sent: {sent}")
        if only != "overdue":
            sent = notifications.weekly_summaries_send(today=today)
            self.stdout.write(f"Weekly summaries sent: {sent}")


def _parse(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
