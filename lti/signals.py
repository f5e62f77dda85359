"""Completions and solo-practice results, heard from progress's statements.

progress knows nothing of lti; listening to ``Statement`` rows as they are saved keeps
it that way. Scores are queued after the statement's transaction commits.
"""

from functools import partial

from django.db import transaction
from django.db.models import Avg
from django.db.models.signals import post_save

from .models import TargetKind

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
SCORED = "http://adlnet.gov/expapi/verbs/scored"
# Line items Kohtaamo creates count to 100 (deep_link_resource in views.py).
SCORE_MAXIMUM = 100.0
PAGE_KINDS = {"lesson": TargetKind.LESSON, "module": TargetKind.MODULE, "course": TargetKind.COURSE}


def _gradable(statement) -> tuple[str, str, float] | None:
    """(kind, key, score in 0..1) of a statement a gradebook should hear of, else None."""
    if statement.verb != COMPLETED or statement.voided:
        return None
    if statement.object_type in PAGE_KINDS:
        return PAGE_KINDS[statement.object_type], statement.object_id, 1.0
    context = statement.context or {}
    if statement.object_type == "roleplay-session" and context.get("session_kind") == "solo":
        from roleplay.models import Scenario

        key = (
            Scenario.objects.filter(pk=context.get("scenario"))
            .values_list("translation_key", flat=True)
            .first()
        )
        if key is None:
            return None
        scored = (
            type(statement)
            .objects.filter(
                actor_id=statement.actor_id,
                verb=SCORED,
                object_type="roleplay-session",
                object_id=statement.object_id,
                voided=False,
            )
            .aggregate(mean=Avg("score_scaled"))["mean"]
        )
        return TargetKind.SCENARIO, str(key), float(scored if scored is not None else 1.0)
    return None


def statement_saved(sender, instance, created, **kwargs) -> None:
    if not created:
        return
    gradable = _gradable(instance)
    if gradable is None:
        return
    transaction.on_commit(partial(_queue, instance, *gradable), robust=True)


def _queue(statement, kind: str, key: str, score: float) -> None:
    from . import services, tasks

    ids = services.scores_queue(
        user_id=statement.actor_id,
        kind=kind,
        key=key,
        statement_id=statement.pk,
        score=round(score * SCORE_MAXIMUM, 2),
        maximum=SCORE_MAXIMUM,
        timestamp=statement.timestamp,
    )
    tasks.scores_enqueue(ids)


def connect() -> None:
    post_save.connect(
        statement_saved, sender="progress.Statement", dispatch_uid="lti-statement-saved"
    )
