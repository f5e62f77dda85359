"""Telling progress what a role-play showed: one adapter for every session kind.

A kind hands over its evidence as ``Score``s (a 1–5 value for a competency, who or
what rated it) when the session ends; the adapter records one ``SCORED`` statement per
score and one ``COMPLETED`` for the session, for the agent, with the object type and
the statement ids ``progress`` defines. The ids are deterministic
(``progress.services.statement_id_for``): reporting a session twice records nothing new.
The vocabulary is in docs/architecture.md (the statement table).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from progress import objects, verbs
from progress.services import record_statement, statement_id_for

from .models import Participant, ParticipantRole, RolePlaySession

SCORE_MIN, SCORE_MAX = 1, 5


@dataclass(frozen=True)
class Score:
    """One piece of evidence: ``context`` says who rated (``rater_role``, ``rater``)
    and on what (``criterion``, or a solo practice's ``intent``); ``key`` makes the
    statement's id unique within the session."""

    competency_id: int
    value: int
    key: str
    context: dict[str, Any]
    timestamp: datetime | None


def session_agent(session: RolePlaySession):
    """The user in the agent's role (the learner the evidence is about), or None."""
    agent = (
        Participant.objects.select_related("user")
        .filter(session=session, role=ParticipantRole.AGENT)
        .first()
    )
    return agent.user if agent is not None else None


def session_report(
    *,
    session: RolePlaySession,
    agent,
    scores: Iterable[Score],
    completed_at: datetime | None,
    score_ids: str,
    completion_ids: str,
) -> int:
    """Record the scores and the completion of ``session`` for ``agent``; the number of
    score statements. ``score_ids`` and ``completion_ids`` name the id spaces (kept per
    kind as they were first recorded, so that a retry finds the statements)."""
    common = {"scenario": session.scenario_id, "session_kind": session.kind}
    title = session.scenario.title
    count = 0
    for score in scores:
        record_statement(
            actor=agent,
            verb=verbs.SCORED,
            object_type=objects.ROLEPLAY_SESSION,
            object_id=session.pk,
            object_name=title,
            result={
                "score_raw": score.value,
                "score_min": SCORE_MIN,
                "score_max": SCORE_MAX,
                "score_scaled": score.value / SCORE_MAX,
            },
            competency=score.competency_id,
            context={**score.context, **common},
            timestamp=score.timestamp,
            statement_id=statement_id_for(score_ids, f"{session.pk}:{score.key}"),
        )
        count += 1
    record_statement(
        actor=agent,
        verb=verbs.COMPLETED,
        object_type=objects.ROLEPLAY_SESSION,
        object_id=session.pk,
        object_name=title,
        result={"completion": True},
        context=common,
        timestamp=completed_at,
        statement_id=statement_id_for(completion_ids, f"{session.pk}:completed"),
    )
    return count
