"""Reads for role-play: scenarios, sessions, replay, transcript and debrief.

Everything a participant sees of the event log passes through ``visible_events``,
which applies ``roleplay.audience.can_see``: the same rule as live delivery.
"""

from collections import defaultdict
from statistics import mean
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, Subquery
from wagtail.models import Locale

from core.translation import in_active_language
from people import permissions
from people.models import Membership
from progress.models import Competency

from . import access
from .audience import Viewer, can_see
from .frames import dumps, event_frame
from .models import (
    EventKind,
    Participant,
    ParticipantRole,
    RolePlaySession,
    RubricCriterion,
    Scenario,
    SessionEvent,
    SessionKind,
    SessionState,
)


def scenarios_for_active_language():
    """Scenarios in the active language, or in the default one when none are translated."""
    base = Scenario.objects.prefetch_related("competencies").order_by("difficulty", "title")
    active = Locale.get_active()
    localized = base.filter(locale=active)
    return localized if localized.exists() else base.filter(locale=Locale.get_default())


def sessions_of(*, user):
    """Sessions the user takes part in, with their own role, newest first: those of
    the teams they are in now (and their own solo practice, which stays theirs)."""
    my_role = Participant.objects.filter(session=OuterRef("pk"), user=user).values("role")[:1]
    teams_now = Membership.objects.filter(user=user).values("team_id")  # a subquery
    still_allowed = Q(team_id__in=teams_now) | Q(kind=SessionKind.SOLO)
    return (
        RolePlaySession.objects.filter(still_allowed, participants__user=user)
        .select_related("scenario", "team", "coach")
        .annotate(my_role=Subquery(my_role))
        .order_by("-created_at")
    )


def session_with_people(session_id: int) -> RolePlaySession | None:
    return (
        RolePlaySession.objects.select_related("scenario__rubric", "team", "coach", "recording")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("user"))
        )
        .filter(pk=session_id)
        .first()
    )


def viewer_for(*, session: RolePlaySession, user) -> Viewer | None:
    """How ``user`` sees the session: as its participant, or as a leader of its team
    (a coach sees what the coach sees, a manager what an observer sees); else None.
    Membership and role are those of now: a leaver is refused (``roleplay.access``)."""
    role = permissions.role_in(user, session.team_id)
    for participant in session.participants.all():
        if participant.user_id == user.pk:
            return access.viewer_now(participant, role)
    if role == "coach":
        return Viewer(session.pk, user.pk, ParticipantRole.COACH, True, user.display_name)
    if role == "manager":
        return Viewer(session.pk, user.pk, ParticipantRole.OBSERVER, False, user.display_name)
    return None


def visible_events(*, viewer: Viewer, after_seq: int = 0) -> tuple[list[SessionEvent], int]:
    """Events with ``seq > after_seq`` the viewer may see, and the ``last_seq`` they
    run to.

    ``last_seq`` is read first: an event is stored in the transaction that raises it,
    so every event up to it has committed and none is missed."""
    row = RolePlaySession.objects.filter(pk=viewer.session_id).values("last_seq", "state").first()
    if row is None:
        return [], 0
    last_seq, ended = row["last_seq"], row["state"] == SessionState.ENDED
    events = SessionEvent.objects.filter(
        session_id=viewer.session_id, seq__gt=after_seq, seq__lte=last_seq
    ).order_by("seq")
    visible = [
        event
        for event in events
        if can_see(viewer, audience=event.audience, author_id=event.author_id, ended=ended)
    ]
    return visible, last_seq


def replay(*, viewer: Viewer, after_seq: int) -> tuple[list[tuple[int, str]], int]:
    """The events to send on ``resume`` as ``(seq, serialised frame)``, and the
    ``last_seq`` they reach."""
    events, last_seq = visible_events(viewer=viewer, after_seq=after_seq)
    return [(event.seq, dumps(event_frame(event))) for event in events], last_seq


def transcript(*, viewer: Viewer, after_seq: int = 0) -> list[dict[str, Any]]:
    events, _last = visible_events(viewer=viewer, after_seq=after_seq)
    return [event_frame(event) for event in events]


def _competencies(canonical: list[Competency]) -> list[dict[str, Any]]:
    """Each competency's id, slug and name in the active language (one query)."""
    shown = in_active_language(Competency, canonical)
    return [{"id": c.pk, "slug": c.slug, "name": shown[c.pk].name} for c in canonical]


def rubric_criteria(rubric_id: int | None) -> list[dict[str, Any]]:
    """The rubric's criteria with their competencies named in the active language
    (three queries, however many criteria)."""
    if rubric_id is None:
        return []
    criteria = list(
        RubricCriterion.objects.filter(rubric_id=rubric_id).select_related("competency")
    )
    competencies = _competencies([criterion.competency for criterion in criteria])
    return [
        {
            "id": criterion.pk,
            "name": criterion.name,
            "competency": competency,
            "levels": {str(level): criterion.descriptor(level) for level in range(1, 6)},
        }
        for criterion, competency in zip(criteria, competencies, strict=True)
    ]


def criteria_of(scenario: Scenario) -> list[dict[str, Any]]:
    return rubric_criteria(scenario.rubric_id)


def scenario_for(*, scenario: Scenario, viewer: Viewer) -> dict[str, Any]:
    """The scenario as this role may read it: the agent never sees what the customer
    really needs, nor the actor's or the coach's private notes."""
    data = {
        "id": scenario.pk,
        "title": scenario.title,
        "channel": scenario.channel,
        "difficulty": scenario.difficulty,
        "competencies": _competencies(list(scenario.competencies.all())),
        "agent_brief": scenario.agent_brief,
        "persona": {"name": scenario.persona_name},
        "criteria": criteria_of(scenario),
    }
    if viewer.role != ParticipantRole.AGENT:
        data["persona"].update(
            situation=scenario.persona_situation,
            emotional_state=scenario.persona_emotion,
            real_need=scenario.persona_need,
        )
    if viewer.is_coach or viewer.role == ParticipantRole.CUSTOMER:
        data["customer_notes"] = scenario.customer_notes
    if viewer.is_coach:
        data["coach_notes"] = scenario.coach_notes
        data["twists"] = [
            {"id": twist.pk, "title": twist.title, "text": twist.text}
            for twist in scenario.twists.all()
        ]
        data["debrief_questions"] = [q.text for q in scenario.debrief_questions.all()]
    return data


def debrief(*, session: RolePlaySession, viewer: Viewer) -> dict[str, Any]:
    """Per-criterion averages by rater role (each rater's final score counts once),
    every score on the timeline of the transcript, the coach's notes, the agent's
    reflection and the scenario's debrief questions."""
    events, _last = visible_events(viewer=viewer)
    scores = [event for event in events if event.kind == EventKind.SCORE]
    finals: dict[tuple[int | None, int], SessionEvent] = {}
    for event in scores:
        finals[(event.author_id, event.data["criterion"])] = event
    by_role: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for (_rater, criterion_id), event in finals.items():
        by_role[criterion_id][event.data.get("rater_role", event.role)].append(event.data["value"])

    criteria = []
    for criterion in criteria_of(session.scenario):
        values = by_role.get(criterion["id"], {})
        criteria.append(
            {
                **criterion,
                "averages": {role: round(mean(v), 2) for role, v in sorted(values.items())},
                "raters": {role: len(v) for role, v in sorted(values.items())},
            }
        )
    scenario = session.scenario
    return {
        "session": session.pk,
        "state": session.state,
        "scenario": {"id": scenario.pk, "title": scenario.title},
        "criteria": criteria,
        "timeline": [
            {
                "seq": event.seq,
                "at_seq": event.data.get("at_seq"),
                "criterion": event.data["criterion"],
                "value": event.data["value"],
                "rater_role": event.data.get("rater_role", event.role),
                "rater": {"id": event.author_id, "name": event.author_name},
                "note": event.text,
                "at": event.created_at.isoformat(),
            }
            for event in scores
        ],
        "transcript": [event_frame(event) for event in events],
        **access.debrief_private_fields(session, viewer),
        "debrief_questions": [q.text for q in scenario.debrief_questions.all()],
    }
