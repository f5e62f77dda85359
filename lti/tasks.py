"""Grade passback off the request path, on Django's tasks framework (django-tasks).

A score is stored first (``ScoreOutbox``), then posted by the worker; a failed post is
retried later with backoff, by a deferred task on the database queue and by
``manage.py lti_deliver_scores`` where the backend cannot defer (tests), so a platform
that is down loses nothing.
"""

import logging

from django_tasks import task, task_backends

from . import services

logger = logging.getLogger(__name__)

# The project's queue for background work (TASKS in cms/settings/base.py), worked off by
# `manage.py db_worker --backend worker`; tests run it at once.
BACKEND = "worker"


@task(backend=BACKEND)
def score_post(entry_id: int) -> bool:
    delivered = services.score_deliver(entry_id=entry_id)
    if not delivered:
        retry_later(entry_id)
    return delivered


def retry_later(entry_id: int) -> None:
    from .models import ScoreOutbox

    entry = ScoreOutbox.objects.filter(pk=entry_id, delivered_at__isnull=True).first()
    if entry is None or entry.attempts >= len(services.RETRY_DELAYS) + 1:
        return
    if task_backends[BACKEND].supports_defer:
        score_post.using(run_after=entry.next_attempt_at).enqueue(entry_id)


def scores_enqueue(entry_ids: list[int]) -> None:
    for entry_id in entry_ids:
        try:
            score_post.enqueue(entry_id)
        except Exception:  # the queue is down: the outbox keeps the score for the sweep
            logger.exception("lti score %s could not be queued", entry_id)
