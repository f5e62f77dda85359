"""Forwarding statements to an external learning record store (LRS).

``record_statement`` writes an outbox entry in the same transaction as the statement
when ``LRS_ENDPOINT`` is set, so an entry exists exactly when the statement does.
Delivery posts the due entries as one xAPI batch; a failure pushes each entry's next
attempt back exponentially (30 s, 1 min, 2 min, ... at most an hour). After a commit
the ``progress.tasks.lrs_forward`` task is queued and the worker (``manage.py
db_worker``) delivers, unless the LRS failed recently; ``manage.py lrs_outbox`` shows
the queue and retries it by hand.
"""

import base64
import json
import logging
import urllib.error
import urllib.parse
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


def frozen(statement) -> str:
    """The statement's xAPI JSON as the text that is sent, now and on every resend."""
    return json.dumps(xapi.statement_json(statement), ensure_ascii=False, separators=(",", ":"))


def _request(url: str, *, data: bytes | None = None, method: str = "GET"):
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"X-Experience-API-Version": xapi.VERSION},
    )
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if settings.LRS_USERNAME or settings.LRS_PASSWORD:
        token = f"{settings.LRS_USERNAME}:{settings.LRS_PASSWORD}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(token).decode())
    return request


class Conflict(LrsError):
    """409: the LRS holds a statement with one of these ids that differs from ours."""


def post(payloads: list[str], *, timeout: float) -> None:
    """POST statements (their frozen texts) as one batch; raise ``LrsError`` unless stored."""
    body = ("[" + ",".join(payloads) + "]").encode()
    try:
        with urllib.request.urlopen(
            _request(statements_url(), data=body, method="POST"), timeout=timeout
        ) as response:
            response.read()
    except urllib.error.HTTPError as error:
        text = f"HTTP {error.code}: {error.read(500).decode(errors='replace')}"
        raise (Conflict if error.code == 409 else LrsError)(text) from error
    except (OSError, ValueError) as error:
        raise LrsError(str(error) or error.__class__.__name__) from error


def is_stored(statement_id, *, timeout: float) -> bool:
    """Whether the LRS holds a statement with this id (GET ?statementId=)."""
    url = statements_url() + "?" + urllib.parse.urlencode({"statementId": str(statement_id)})
    try:
        with urllib.request.urlopen(_request(url), timeout=timeout) as response:
            found = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return False
        text = error.read(500).decode(errors="replace")
        raise LrsError(f"HTTP {error.code} on GET: {text}") from error
    except (OSError, ValueError) as error:
        raise LrsError(str(error) or error.__class__.__name__) from error
    if not isinstance(found, dict):
        return False
    # xAPI answers the statement itself; some LRSs (Ralph) a result with a list.
    candidates = found.get("statements", [found])
    return any(isinstance(c, dict) and c.get("id") == str(statement_id) for c in candidates)


def _payload(entry: LrsOutboxEntry) -> str:
    if not entry.payload:
        # Entries written before payloads were frozen: freeze them at their first send.
        entry.payload = frozen(entry.statement)
        LrsOutboxEntry.objects.filter(pk=entry.pk).update(payload=entry.payload)
    return entry.payload


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


def _mark_sent(entries: list[LrsOutboxEntry]) -> None:
    LrsOutboxEntry.objects.filter(id__in=[entry.id for entry in entries]).update(
        sent_at=timezone.now(), last_error=""
    )


def _mark_failed(entries: list[LrsOutboxEntry], error: Exception) -> None:
    now = timezone.now()
    for entry in entries:
        entry.attempts += 1
        entry.next_attempt_at = now + backoff(entry.attempts)
        entry.last_error = str(error)[:1000]
    LrsOutboxEntry.objects.bulk_update(entries, ["attempts", "next_attempt_at", "last_error"])


def _resolve_one_by_one(batch: list[LrsOutboxEntry], *, timeout: float) -> tuple[list, list]:
    """After a 409 on a batch: send each statement alone; a 409 on one alone is checked
    with a GET. Returns (stored entries, failed entries with their errors kept)."""
    stored, failed = [], []
    for entry in batch:
        try:
            try:
                post([_payload(entry)], timeout=timeout)
            except Conflict as conflict:
                if not is_stored(entry.statement_id, timeout=timeout):
                    raise LrsError(
                        f"{conflict}; and the LRS has no statement with this id"
                    ) from conflict
                # The LRS holds a statement under this id that differs from ours (one
                # sent before payloads were frozen): it is stored, so it is not resent.
                logger.warning(
                    "LRS holds a differing statement %s: %s", entry.statement_id, conflict
                )
        except LrsError as error:
            _mark_failed([entry], error)
            failed.append(entry)
            continue
        stored.append(entry)
    _mark_sent(stored)
    return stored, failed


def deliver(*, force: bool = False, limit: int = BATCH_SIZE, timeout: float = 10.0) -> dict:
    """Send due outbox entries (all pending ones with ``force``). Returns counts.

    Each statement ends this either confirmed stored (``sent_at``) or pending with its
    error and a later attempt: a 409 on a batch is resolved statement by statement.
    """
    sent = failed = 0
    if not settings.LRS_ENDPOINT:
        return {"sent": 0, "failed": 0}
    while True:
        batch = _claim(force=force, limit=limit)
        if not batch:
            break
        try:
            post([_payload(entry) for entry in batch], timeout=timeout)
        except Conflict:
            stored, not_stored = _resolve_one_by_one(batch, timeout=timeout)
            sent += len(stored)
            failed += len(not_stored)
            if not_stored:
                break
            continue
        except LrsError as error:
            _mark_failed(batch, error)
            failed += len(batch)
            logger.warning("LRS delivery failed for %s statements: %s", len(batch), error)
            break
        _mark_sent(batch)
        sent += len(batch)
        if len(batch) < limit:
            break
    return {"sent": sent, "failed": failed}


def deliver_if_healthy(*, timeout: float = INLINE_TIMEOUT) -> dict | None:
    """Try delivery right after a commit, unless the LRS failed recently.

    While an entry waits out its backoff the LRS is taken to be down and requests
    do not wait on it; the outbox command (or a later commit) catches up.
    """
    waiting = LrsOutboxEntry.objects.filter(
        sent_at__isnull=True, attempts__gt=0, next_attempt_at__gt=timezone.now()
    ).exists()
    if waiting:
        return None
    return deliver(timeout=timeout)


def next_attempt_at():
    """When the earliest entry still waiting for the LRS is next due (None: none waits)."""
    return (
        LrsOutboxEntry.objects.filter(sent_at__isnull=True)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


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
