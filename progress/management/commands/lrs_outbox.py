import time

from django.core.management.base import BaseCommand, CommandError

from progress import lrs


class Command(BaseCommand):
    help = (
        "Show the queue of statements waiting for the external LRS; with --retry send "
        "the due ones (--all: every pending one, ignoring the backoff); with --loop "
        "keep sending every N seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--retry", action="store_true", help="Send the entries that are due.")
        parser.add_argument(
            "--all", action="store_true", help="With --retry: send every pending entry now."
        )
        parser.add_argument(
            "--loop", type=float, metavar="SECONDS", help="Keep retrying every SECONDS."
        )

    def handle(self, *args, retry=False, all=False, loop=None, **options):
        failed = 0
        while True:
            if retry or loop:
                result = lrs.deliver(force=all)
                failed = result["failed"]
                self.stdout.write(f"sent {result['sent']}, failed {result['failed']}")
            if not loop:
                break
            time.sleep(loop)
        self.show(lrs.summary())
        if failed:
            # Non-zero, so that a scheduler or monitor sees that deliveries failed.
            raise CommandError(f"{failed} statements could not be delivered; they stay queued.")

    def show(self, summary: dict) -> None:
        if not summary["endpoint"]:
            self.stdout.write(self.style.WARNING("LRS_ENDPOINT is not set: nothing is forwarded."))
        for key in ("endpoint", "pending", "failing", "sent", "oldest_pending", "next_attempt_at"):
            self.stdout.write(f"{key:16} {summary[key] if summary[key] is not None else '-'}")
        if summary["last_error"]:
            self.stdout.write(f"{'last_error':16} {summary['last_error']}")
