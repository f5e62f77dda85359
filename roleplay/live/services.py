"""Writes of live role-play: scheduling a session with its people, and reporting the
agent's final scores to progress when it ends."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from people import permissions
from people.models import Team

from ..models import (
    EventKind,
    Participant,
    ParticipantRole,
    RolePlaySession,
    RubricCriterion,
    Scenario,
    SessionEvent,
)
from ..reporting import Score, session_agent, session_report
from ..room.errors import RolePlayError
from ..room.sessions import participant_set


def session_create(*, scenario: Scenario, team: Team, coach, scheduled_at=None) -> RolePlaySession:
    """A scheduled role-play of ``scenario`` for ``team``, led by ``coach``."""
    if not permissions.is_coach_of(coach, team):
        raise RolePlayError("forbidden", _("Only a coach of the team can schedule a role-play."))
    with transaction.atomic():
        session = RolePlaySession.objects.create(
            scenario=scenario, team=team, coach=coach, scheduled_at=scheduled_at
        )
        Participant.objects.create(session=session, user=coach, role=ParticipantRole.COACH)
    return session


def session_start(
    *, scenario: Scenario, team: Team, coach, roles: Iterable[tuple], scheduled_at=None
) -> RolePlaySession:
    """Schedule a role-play with its people, ``roles`` being ``(user, role)`` pairs, in
    one transaction: a refused person schedules nothing."""
    with transaction.atomic():
        session = session_create(
            scenario=scenario, team=team, coach=coach, scheduled_at=scheduled_at
        )
        for user, role in roles:
            participant_set(session=session, user=user, role=role, by=coach)
    return session


def session_report_progress(*, session: RolePlaySession) -> int:
    """Tell progress the agent's final scores (each rater's last score per criterion)
    and the completion. Statement ids are deterministic: running it twice records
    nothing new. Returns the number of final scores."""
    agent = session_agent(session)
    if agent is None:
        return 0
    finals: dict[tuple[int | None, int], SessionEvent] = {}
    for event in SessionEvent.objects.filter(session=session, kind=EventKind.SCORE).order_by("seq"):
        finals[(event.author_id, event.data["criterion"])] = event
    criteria = {c.pk: c for c in RubricCriterion.objects.filter(pk__in={key[1] for key in finals})}
    scores = [
        Score(
            competency_id=criteria[criterion_id].competency_id,
            value=event.data["value"],
            key=f"{rater_id}:{criterion_id}",
            context={
                "rater_role": event.data.get("rater_role", event.role),
                "rater": rater_id,
                "criterion": criterion_id,
            },
            timestamp=event.created_at,
        )
        for (rater_id, criterion_id), event in finals.items()
        if criterion_id in criteria
    ]
    session_report(
        session=session,
        agent=agent,
        scores=scores,
        completed_at=session.ended_at,
        score_ids="roleplay-score",
        completion_ids="roleplay-session",
    )
    return len(finals)
