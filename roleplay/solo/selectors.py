"""Reads of solo practice: the customer's pending turn, the automatic debrief and the
learner's practice pages (each at a fixed number of queries)."""

from typing import Any

from ..models import (
    EventKind,
    ParticipantRole,
    RolePlaySession,
    SessionEvent,
    SessionKind,
    SessionState,
)
from ..room import access
from ..room.audience import Viewer
from ..scenarios import intents as intent_names
from ..scenarios.script import Script
from ..scenarios.selectors import scenarios_for_active_language
from .turns import Turn

KIND = SessionKind.SOLO


def script_of(session: RolePlaySession) -> Script:
    return session.scenario.solo_script()


def last_customer_line(session_id: int) -> SessionEvent | None:
    return (
        SessionEvent.objects.filter(
            session_id=session_id, kind=EventKind.SAY, role=ParticipantRole.CUSTOMER
        )
        .order_by("-seq")
        .first()
    )


def solo_pending_turn(*, session_id: int) -> Turn | None:
    """The turn the customer owes, or None when there is nothing to answer."""
    session = (
        RolePlaySession.objects.select_related("scenario__locale")
        .filter(pk=session_id, kind=KIND)
        .first()
    )
    if session is None or session.state != SessionState.LIVE:
        return None
    script = script_of(session)
    base = {
        "session_id": session.pk,
        "persona": session.scenario.persona_name,
        "language": session.scenario.locale.language_code,
        "script": script,
    }
    last = last_customer_line(session.pk)
    if last is None:
        return Turn(**base, node=None)
    node = script.nodes.get(last.data.get("node", ""))
    if node is None or node.end:
        return None
    agent_lines = list(
        SessionEvent.objects.filter(
            session_id=session.pk, kind=EventKind.SAY, role=ParticipantRole.AGENT, seq__gt=last.seq
        ).order_by("seq")
    )
    if not agent_lines:
        return None
    choice = agent_lines[-1].data.get("choice")
    return Turn(
        **base,
        node=node,
        text="\n".join(event.text for event in agent_lines),
        last_agent_seq=agent_lines[-1].seq,
        choice=choice if isinstance(choice, int) and choice < len(node.choices) else None,
    )


# The automatic debrief


def _turns(session: RolePlaySession) -> list[dict[str, Any]]:
    """Each agent reply the customer answered: where it was said, what it showed and
    what a good reply would have shown there."""
    script = script_of(session)
    events = {
        event.seq: event
        for event in SessionEvent.objects.filter(session=session, kind=EventKind.SAY)
    }
    turns = []
    for event in sorted(events.values(), key=lambda e: e.seq):
        heard = event.data.get("heard")
        if event.role != ParticipantRole.CUSTOMER or not heard:
            continue
        node = script.nodes.get(heard["node"])
        if node is None:
            continue
        shown = [i for i in heard.get("intents", []) if i in intent_names.INTENTS]
        said = [
            e.text
            for seq, e in sorted(events.items())
            if e.role == ParticipantRole.AGENT
            and seq <= event.data.get("reply_to", 0)
            and seq > max((t["reply_to"] for t in turns), default=0)
        ]
        turns.append(
            {
                "node": node.key,
                "customer": node.text,
                "mood": node.mood,
                "said": "\n".join(said),
                "reply_to": event.data.get("reply_to", 0),
                "choice": heard.get("choice"),
                "shown": shown,
                "expected": list(node.expected),
                "missed": [i for i in node.expected if i not in shown],
                "model_answer": node.model_answer,
            }
        )
    return turns


def _named(intents: list[str]) -> list[dict[str, str]]:
    return [{"intent": i, "name": intent_names.intent_label(i)} for i in intents]


def levels_of(session: RolePlaySession) -> dict[str, int]:
    """Per behaviour expected at least once: 1 + 4 x the share of the turns that
    expected it where it was shown (1–5)."""
    return _levels(_turns(session))


def _levels(turns: list[dict[str, Any]]) -> dict[str, int]:
    expected: dict[str, int] = {}
    hits: dict[str, int] = {}
    for turn in turns:
        for intent in turn["expected"]:
            expected[intent] = expected.get(intent, 0) + 1
            hits[intent] = hits.get(intent, 0) + (intent in turn["shown"])
    return {
        intent: 1 + round(4 * hits[intent] / count) for intent, count in expected.items() if count
    }


def solo_debrief(*, session: RolePlaySession, viewer: Viewer | None = None) -> dict[str, Any]:
    """Which behaviours the learner showed and missed, turn by turn with the model
    answers, and the level each expected behaviour reached. The reflection is the
    learner's alone: a ``viewer`` other than them (a manager) does not read it; without
    one it is the learner's own page."""
    turns = _turns(session)
    shown = {i for turn in turns for i in turn["shown"]}
    expected = {i for turn in turns for i in turn["expected"]}
    order = intent_names.INTENTS
    levels = _levels(turns)
    return {
        "session": session.pk,
        "kind": session.kind,
        "state": session.state,
        "scenario": {"id": session.scenario_id, "title": session.scenario.title},
        "completed": SessionEvent.objects.filter(
            session=session, kind=EventKind.SAY, role=ParticipantRole.CUSTOMER, data__end=True
        ).exists(),
        "shown": _named([i for i in order if i in shown]),
        "missed": _named([i for i in order if i in expected and i not in shown]),
        "levels": [
            {
                "intent": i,
                "name": intent_names.intent_label(i),
                "competency": intent_names.COMPETENCY_OF_INTENT[i],
                "level": levels[i],
            }
            for i in order
            if i in levels
        ],
        "turns": [
            {**turn, "shown": _named(turn["shown"]), "missed": _named(turn["missed"])}
            for turn in turns
        ],
        "reflection": session.agent_reflection
        if viewer is None
        else access.debrief_private_fields(session, viewer)["reflection"],
        "debrief_questions": [q.text for q in session.scenario.debrief_questions.all()],
    }


# The learner's pages


def solo_scenarios() -> list:
    """Scenarios in the reader's language that have a script for solo practice."""
    return [scenario for scenario in scenarios_for_active_language() if scenario.solo]


def solo_sessions_of(*, learner, limit: int = 20) -> list[RolePlaySession]:
    """The learner's own solo practices, newest first."""
    return list(
        RolePlaySession.objects.filter(
            kind=KIND,
            participants__user=learner,
            participants__role=ParticipantRole.AGENT,
        )
        .select_related("scenario")
        .order_by("-created_at")[:limit]
    )


def solo_session_of(*, session_id: int, learner) -> RolePlaySession | None:
    """A solo practice of ``learner`` (None for anyone else's, or another kind)."""
    return (
        RolePlaySession.objects.filter(
            pk=session_id,
            kind=KIND,
            participants__user=learner,
            participants__role=ParticipantRole.AGENT,
        )
        .select_related("scenario__locale", "team")
        .first()
    )
