"""Background tasks: forwarding to the LRS and sending e-mail, off request and room threads.

They run in ``manage.py db_worker`` from the database queue of the "worker" tasks
backend (``TASKS`` in cms/settings/base.py); tests run them at once. A task that
fails schedules its own retry with a doubling delay (the queue has no retries of
its own), up to ``MAX_ATTEMPTS``; every failure is logged.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)

BACKEND = "worker"
MAX_ATTEMPTS = 8
WORKER_TIMEOUT = 10.0


def retry_delay(attempt: int) -> timedelta:
    """30 s after the first failure, doubling, at most an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempt - 1, 0), 3600))


def enqueue_on_commit(task_, *args, **kwargs) -> None:
    """Queue ``task_`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task_.enqueue(*args, **kwargs), robust=True)


def retry_later(task_, attempt: int, *args, **kwargs) -> bool:
    """Queue another try of ``task_`` after a backoff; False when there is none to make
    (too many attempts, or a backend that cannot run tasks later, as in tests)."""
    if attempt >= MAX_ATTEMPTS or not task_backends[BACKEND].supports_defer:
        return False
    run_after = timezone.now() + retry_delay(attempt)
    task_.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
    return True


@task(backend=BACKEND)
def lrs_forward(attempt: int = 1) -> dict:
    """Send the due outbox entries; while some wait out a backoff, come back for them."""
    from . import lrs

    if not settings.LRS_ENDPOINT:
        return {"sent": 0, "failed": 0}
    # While an entry waits out its backoff the LRS is taken to be down: nothing is
    # tried, and the run that failed has already queued the next try.
    result = lrs.deliver_if_healthy(timeout=WORKER_TIMEOUT) or {"sent": 0, "failed": 0}
    if result["failed"] and attempt < MAX_ATTEMPTS and task_backends[BACKEND].supports_defer:
        due = lrs.next_attempt_at() or timezone.now() + retry_delay(attempt)
        lrs_forward.using(run_after=max(due, timezone.now())).enqueue(attempt=attempt + 1)
    return result


@task(backend=BACKEND)
def reminder_mail_send(*, reminder_id: int, message: dict, attempt: int = 1) -> bool:
    """Send one reminder or summary e-mail; retry with backoff when the mail server fails.

    Giving up removes the ``ReminderSent`` record, so the next ``send_reminders`` run
    sends it again instead of taking it for sent.
    """
    from django.core.mail import EmailMessage

    from .models import ReminderSent

    try:
        EmailMessage(**message).send()
    except Exception:
        retried = attempt < MAX_ATTEMPTS and task_backends[BACKEND].supports_defer
        logger.exception(
            "Could not send reminder %s (attempt %s; %s)",
            reminder_id,
            attempt,
            "retrying later" if retried else "giving up",
        )
        if retried:
            reminder_mail_send.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                reminder_id=reminder_id, message=message, attempt=attempt + 1
            )
        else:
            ReminderSent.objects.filter(pk=reminder_id).delete()
        return False
    return True
