"""Forwarding statements to an external learning record store (LRS).

``record_statement`` writes an outbox entry in the same transaction as the statement
when ``LRS_ENDPOINT`` is set, so an entry exists exactly when the statement does.
Delivery posts the due entries as one xAPI batch; a failure pushes each entry's next
attempt back exponentially (30 s, 1 min, 2 min, ... at most an hour). After a commit
delivery is tried at once unless the LRS failed recently; ``manage.py lrs_outbox``
shows the queue, retries it, or keeps retrying as a worker.
"""

import base64
import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import xapi
from .models import LrsOutboxEntry

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
LEASE = timedelta(minutes=2)
INLINE_TIMEOUT = 3.0


class LrsError(Exception):
    pass


def backoff(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failed tries: doubling from 30 s, at most 1 h."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def statements_url() -> str:
    return settings.LRS_ENDPOINT.rstrip("/") + "/statements"


def post(statements: list[dict], *, timeout: float) -> None:
    request = urllib.request.Request(
        statements_url(),
        data=json.dumps(statements).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Experience-API-Version": xapi.VERSION,
        },
    )
    if settings.LRS_USERNAME or settings.LRS_PASSWORD:
        token = f"{settings.LRS_USERNAME}:{settings.LRS_PASSWORD}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(token).decode())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        # 409: the LRS already holds these statement ids, which is what we wanted.
        if error.code != 409:
            raise LrsError(
                f"HTTP {error.code}: {error.read(500).decode(errors='replace')}"
            ) from error
    except (OSError, ValueError) as error:
        raise LrsError(str(error) or error.__class__.__name__) from error


def _claim(*, force: bool, limit: int) -> list[LrsOutboxEntry]:
    """Take up to ``limit`` due entries, leasing them so another worker skips them."""
    now = timezone.now()
    with transaction.atomic():
        due = LrsOutboxEntry.objects.filter(sent_at__isnull=True)
        if not force:
            due = due.filter(next_attempt_at__lte=now)
        ids = list(
            due.select_for_update(skip_locked=True)
            .order_by("created_at")
            .values_list("id", flat=True)[:limit]
        )
        LrsOutboxEntry.objects.filter(id__in=ids).update(next_attempt_at=now + LEASE)
    return list(
        LrsOutboxEntry.objects.filter(id__in=ids)
        .select_related("statement__actor", "statement__competency")
        .order_by("created_at")
    )


def deliver(*, force: bool = False, limit: int = BATCH_SIZE, timeout: float = 10.0) -> dict:
    """Send due outbox entries (all pending ones with ``force``). Returns counts."""
    sent = failed = 0
    if not settings.LRS_ENDPOINT:
        return {"sent": 0, "failed": 0}
    while True:
        batch = _claim(force=force, limit=limit)
        if not batch:
            break
        try:
            post([xapi.statement_json(entry.statement) for entry in batch], timeout=timeout)
        except LrsError as error:
            now = timezone.now()
            for entry in batch:
                entry.attempts += 1
                entry.next_attempt_at = now + backoff(entry.attempts)
                entry.last_error = str(error)[:1000]
            LrsOutboxEntry.objects.bulk_update(batch, ["attempts", "next_attempt_at", "last_error"])
            failed += len(batch)
            logger.warning("LRS delivery failed for %s statements: %s", len(batch), error)
            break
        LrsOutboxEntry.objects.filter(id__in=[entry.id for entry in batch]).update(
            sent_at=timezone.now(), last_error=""
        )
        sent += len(batch)
        if len(batch) < limit:
            break
    return {"sent": sent, "failed": failed}


def deliver_if_healthy() -> dict | None:
    """Try delivery right after a commit, unless the LRS failed recently.

    While an entry waits out its backoff the LRS is taken to be down and requests
    do not wait on it; the outbox command (or a later commit) catches up.
    """
    waiting = LrsOutboxEntry.objects.filter(
        sent_at__isnull=True, attempts__gt=0, next_attempt_at__gt=timezone.now()
    ).exists()
    if waiting:
        return None
    return deliver(timeout=INLINE_TIMEOUT)


def summary() -> dict:
    pending = LrsOutboxEntry.objects.filter(sent_at__isnull=True)
    oldest = pending.order_by("created_at").first()
    failing = pending.filter(attempts__gt=0)
    last = failing.order_by("next_attempt_at").first()
    return {
        "endpoint": settings.LRS_ENDPOINT or None,
        "pending": pending.count(),
        "failing": failing.count(),
        "sent": LrsOutboxEntry.objects.filter(sent_at__isnull=False).count(),
        "oldest_pending": oldest.created_at if oldest else None,
        "next_attempt_at": last.next_attempt_at if last else None,
        "last_error": last.last_error if last else "",
    }
