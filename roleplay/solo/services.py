"""Writes of solo practice: opening one, the scripted customer's lines, the agent's
reply choices, ending early, and reporting the automatic debrief to progress."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people import permissions
from people.models import Team

from ..kinds import kind_of
from ..models import (
    EventKind,
    Participant,
    ParticipantRole,
    RolePlaySession,
    Scenario,
    SessionEvent,
    SessionState,
)
from ..reporting import Score, session_agent, session_report
from ..room.audience import Viewer
from ..room.errors import RolePlayError
from ..room.eventlog import Recorded, require_state, store_event, submit
from ..scenarios.intents import intent_competencies
from .selectors import KIND, last_customer_line, levels_of, script_of
from .turns import Turn, next_line


def solo_session_create(*, scenario: Scenario, learner, team: Team | None = None):
    """A solo practice of ``scenario`` for ``learner``, live at once."""
    if not scenario.solo:
        raise RolePlayError("invalid", _("This scenario has no script for solo practice."))
    if team is None:
        team_ids = permissions.team_ids(learner)
        team = Team.objects.filter(pk__in=team_ids).order_by("pk").first()
    if team is None or not permissions.is_member_of(learner, team):
        raise RolePlayError("forbidden", _("Solo practice is for members of a team."))
    with transaction.atomic():
        session = RolePlaySession.objects.create(
            kind=KIND,
            scenario=scenario,
            team=team,
            coach=None,
            state=SessionState.LIVE,
            started_at=timezone.now(),
        )
        Participant.objects.create(session=session, user=learner, role=ParticipantRole.AGENT)
    return session


def solo_customer_say(*, turn: Turn, heard: list[str]) -> list[Recorded]:
    """Store the customer's answer to ``turn`` (and the end, at an end node). Stores
    nothing if the turn is stale: the agent said more, or it was answered already."""
    with transaction.atomic():
        session = (
            RolePlaySession.objects.select_for_update(of=("self",))
            .select_related("scenario")
            .get(pk=turn.session_id)
        )
        if session.state != SessionState.LIVE:
            return []
        last = last_customer_line(session.pk)
        last_agent = (
            SessionEvent.objects.filter(
                session=session, kind=EventKind.SAY, role=ParticipantRole.AGENT
            )
            .order_by("-seq")
            .values_list("seq", flat=True)
            .first()
        ) or 0
        if turn.node is None:
            if last is not None:
                return []
        elif last is None or last.data.get("node") != turn.node.key:
            return []
        elif last_agent != turn.last_agent_seq:
            return []  # the agent said more: the next round answers all of it
        following = next_line(turn, heard)
        data: dict[str, Any] = {"node": following.key, "mood": following.mood}
        data["end"] = following.end
        data["choices"] = following.public()
        if turn.node is not None:
            data["reply_to"] = turn.last_agent_seq
            data["heard"] = {"node": turn.node.key, "intents": heard, "choice": turn.choice}
        stored = [
            store_event(
                session,
                author=None,
                author_name=turn.persona,
                role=ParticipantRole.CUSTOMER,
                kind=EventKind.SAY,
                text=following.text,
                data=data,
            )
        ]
        if following.end:
            stored.append(_end(session))
    return [Recorded.of(event) for event in stored]


def _end(session: RolePlaySession) -> SessionEvent:
    event = store_event(
        session,
        author=None,
        author_name=session.scenario.persona_name,
        role=ParticipantRole.CUSTOMER,
        kind=EventKind.CONTROL,
        data={"action": "end", "state": SessionState.ENDED},
        state=SessionState.ENDED,
    )
    solo_report_progress(session=session)
    return event


def solo_choose(*, viewer: Viewer, choice: int, client_msg_id: str | None = None) -> Recorded:
    """The agent picks one of the reply choices of the customer's current line."""

    def build(participant):
        session = participant.session
        if participant.role != ParticipantRole.AGENT:
            raise RolePlayError("invalid", _("Reply choices belong to solo practice."))
        require_state(session, {SessionState.LIVE})
        last = last_customer_line(session.pk)
        node = script_of(session).nodes.get(last.data.get("node", "")) if last else None
        if node is None or not 0 <= choice < len(node.choices):
            raise RolePlayError("invalid", _("The customer's line has no such reply choice."))
        return store_event(
            session,
            author=participant.user,
            role=participant.role,
            kind=EventKind.SAY,
            text=node.choices[choice].text,
            data={"choice": choice},
            client_msg_id=client_msg_id,
        )

    return submit(viewer, client_msg_id, build)


def solo_control(*, viewer: Viewer, action: str, client_msg_id: str | None = None) -> Recorded:
    """A solo practice is live from the start; the learner may only end it early."""

    def build(participant):
        session = participant.session
        if participant.role != ParticipantRole.AGENT or action not in kind_of(KIND).controls:
            raise RolePlayError(
                "forbidden", _("A solo practice is live from the start; you can only end it.")
            )
        require_state(session, {SessionState.LIVE})
        event = store_event(
            session,
            author=participant.user,
            role=participant.role,
            kind=EventKind.CONTROL,
            data={"action": "end", "state": SessionState.ENDED},
            client_msg_id=client_msg_id,
            state=SessionState.ENDED,
        )
        solo_report_progress(session=session)
        return event

    return submit(viewer, client_msg_id, build)


def solo_report_progress(*, session: RolePlaySession) -> int:
    """One ``SCORED`` statement per behaviour the script expected (rater ``system``,
    ``session_kind: "solo"``) and one ``COMPLETED``; ids are deterministic."""
    agent = session_agent(session)
    if agent is None:
        return 0
    competencies = intent_competencies()
    now = session.ended_at or timezone.now()
    levels = levels_of(session)
    scores = [
        Score(
            competency_id=competencies[intent],
            value=level,
            key=intent,
            context={"rater_role": "system", "rater": None, "criterion": None, "intent": intent},
            timestamp=now,
        )
        for intent, level in levels.items()
        if intent in competencies
    ]
    session_report(
        session=session,
        agent=agent,
        scores=scores,
        completed_at=now,
        score_ids="roleplay-solo",
        completion_ids="roleplay-solo",
    )
    return len(levels)
