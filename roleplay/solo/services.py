"""Solo practice: the learner is the agent and the server plays the scripted customer.

The customer's lines go into the same event log as a live role-play (``say`` events
with the customer role and no author), so ``seq``, audience, replay and resume work
unchanged. A turn is every agent line since the customer's last one; the consumer asks
``solo_pending_turn`` what to answer, has the intent matcher listen (in a worker thread),
shows the customer typing, and stores the answer with ``solo_customer_say``, which
stores nothing when the agent has said more meanwhile (the next round answers all of
it). Reaching an end node ends the session and reports the automatic debrief to
progress as ``system`` scores.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from people import permissions
from people.models import Team
from progress import verbs
from progress.models import Competency
from progress.services import record_statement

from . import intents as intent_names
from .audience import Viewer
from .models import (
    EventKind,
    Participant,
    ParticipantRole,
    RolePlaySession,
    Scenario,
    SessionEvent,
    SessionKind,
    SessionState,
)
from .script import Node, Script
from .services import (
    Recorded,
    RolePlayError,
    _require_state,
    _submit,
    store_event,
)


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
            kind=SessionKind.SOLO,
            scenario=scenario,
            team=team,
            coach=None,
            state=SessionState.LIVE,
            started_at=timezone.now(),
        )
        Participant.objects.create(session=session, user=learner, role=ParticipantRole.AGENT)
    return session


@dataclass(frozen=True)
class Turn:
    """What the scripted customer answers: ``node`` is where the agent replied (None
    for the opening line), ``text`` every agent line since the customer's last one."""

    session_id: int
    persona: str
    language: str
    script: Script
    node: Node | None
    text: str = ""
    last_agent_seq: int = 0
    choice: int | None = None


def _script_of(session: RolePlaySession) -> Script:
    return session.scenario.solo_script()


def _last_customer_line(session_id: int) -> SessionEvent | None:
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
        .filter(pk=session_id, kind=SessionKind.SOLO)
        .first()
    )
    if session is None or session.state != SessionState.LIVE:
        return None
    script = _script_of(session)
    base = {
        "session_id": session.pk,
        "persona": session.scenario.persona_name,
        "language": session.scenario.locale.language_code,
        "script": script,
    }
    last = _last_customer_line(session.pk)
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


def hear(turn: Turn) -> list[str]:
    """The behaviours the agent's reply shows (no database: runs in a worker thread)."""
    if turn.node is None:
        return []
    if turn.choice is not None:
        return list(turn.node.choices[turn.choice].intents)
    matcher = intent_names.matcher()
    return matcher.match(turn.text, language=turn.language, context=turn.node.text)


def typing_seconds(text: str) -> float:
    """A natural pause before a line appears: longer lines take longer to type."""
    typing = settings.ROLEPLAY_SOLO_TYPING
    return min(typing["max"], typing["min"] + typing["per_char"] * len(text))


def next_line(turn: Turn, heard: list[str]) -> Node:
    if turn.node is None:
        return turn.script.start
    return turn.script.follow(turn.node, intents=heard, choice=turn.choice).node


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
        last = _last_customer_line(session.pk)
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
        if session.kind != SessionKind.SOLO or participant.role != ParticipantRole.AGENT:
            raise RolePlayError("invalid", _("Reply choices belong to solo practice."))
        _require_state(session, {SessionState.LIVE})
        last = _last_customer_line(session.pk)
        node = _script_of(session).nodes.get(last.data.get("node", "")) if last else None
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

    return _submit(viewer, client_msg_id, build)


def solo_control(*, viewer: Viewer, action: str, client_msg_id: str | None = None) -> Recorded:
    """A solo practice is live from the start; the learner may only end it early."""

    def build(participant):
        session = participant.session
        if participant.role != ParticipantRole.AGENT or action != "end":
            raise RolePlayError(
                "forbidden", _("A solo practice is live from the start; you can only end it.")
            )
        _require_state(session, {SessionState.LIVE})
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

    return _submit(viewer, client_msg_id, build)


# The automatic debrief


def _turns(session: RolePlaySession) -> list[dict[str, Any]]:
    """Each agent reply the customer answered: where it was said, what it showed and
    what a good reply would have shown there."""
    script = _script_of(session)
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


def _levels(turns: list[dict[str, Any]]) -> dict[str, int]:
    """Per behaviour expected at least once: 1 + 4 x the share of the turns that
    expected it where it was shown (1–5)."""
    expected: dict[str, int] = {}
    hits: dict[str, int] = {}
    for turn in turns:
        for intent in turn["expected"]:
            expected[intent] = expected.get(intent, 0) + 1
            hits[intent] = hits.get(intent, 0) + (intent in turn["shown"])
    return {
        intent: 1 + round(4 * hits[intent] / count) for intent, count in expected.items() if count
    }


def solo_debrief(*, session: RolePlaySession) -> dict[str, Any]:
    """Which behaviours the learner showed and missed, turn by turn with the model
    answers, and the level each expected behaviour reached."""
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
        "reflection": session.agent_reflection,
        "debrief_questions": [q.text for q in session.scenario.debrief_questions.all()],
    }


def _statement_id(key: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/roleplay-solo/{key}")


def solo_report_progress(*, session: RolePlaySession) -> int:
    """One ``SCORED`` statement per behaviour the script expected (rater ``system``,
    ``session_kind: "solo"``) and one ``COMPLETED``; ids are deterministic."""
    agent = (
        Participant.objects.select_related("user")
        .filter(session=session, role=ParticipantRole.AGENT)
        .first()
    )
    if agent is None:
        return 0
    slugs = set(intent_names.COMPETENCY_OF_INTENT.values())
    competencies = {
        c.slug: c.pk for c in Competency.objects.filter(slug__in=slugs, locale=Locale.get_default())
    }
    now = session.ended_at or timezone.now()
    title = session.scenario.title
    levels = _levels(_turns(session))
    for intent, level in levels.items():
        competency = competencies.get(intent_names.COMPETENCY_OF_INTENT[intent])
        if competency is None:
            continue
        record_statement(
            actor=agent.user,
            verb=verbs.SCORED,
            object_type="roleplay-session",
            object_id=session.pk,
            object_name=title,
            result={
                "score_raw": level,
                "score_min": 1,
                "score_max": 5,
                "score_scaled": level / 5,
            },
            competency=competency,
            context={
                "rater_role": "system",
                "rater": None,
                "criterion": None,
                "intent": intent,
                "scenario": session.scenario_id,
                "session_kind": "solo",
            },
            timestamp=now,
            statement_id=_statement_id(f"{session.pk}:{intent}"),
        )
    record_statement(
        actor=agent.user,
        verb=verbs.COMPLETED,
        object_type="roleplay-session",
        object_id=session.pk,
        object_name=title,
        result={"completion": True},
        context={"scenario": session.scenario_id, "session_kind": "solo"},
        timestamp=now,
        statement_id=_statement_id(f"{session.pk}:completed"),
    )
    return len(levels)
