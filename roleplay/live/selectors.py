"""Reads of live role-play: the debrief, as the API sends it and as the pages show it."""

from collections import defaultdict
from statistics import mean
from typing import Any

from ..callrecording.selectors import call_timeline
from ..models import EventKind, RolePlaySession, SessionEvent
from ..room import access
from ..room.audience import Viewer
from ..room.frames import event_frame
from ..room.selectors import visible_events
from ..scenarios.selectors import criteria_of


def live_debrief(*, session: RolePlaySession, viewer: Viewer) -> dict[str, Any]:
    """Per-criterion averages by rater role (each rater's final score counts once),
    every score on the timeline of the transcript, the coach's notes, the agent's
    reflection, the scenario's debrief questions, and the call's recording with the
    events on its timeline (``call``, null without a call)."""
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
    hears = viewer.is_coach or any(p.user_id == viewer.user_id for p in session.participants.all())
    call = call_timeline(
        session=session, events=events, criteria={c["id"]: c["name"] for c in criteria}, hears=hears
    )
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
        "call": call,
    }


def debrief_page(*, session: RolePlaySession, viewer: Viewer) -> dict[str, Any]:
    """The debrief as the viewer may read it (``live_debrief``), for the coach's and
    the learner's debrief pages: also every score placed after the last transcript
    line its rater had seen (``at_seq``), as ``lines`` and ``scores_before``."""
    data = live_debrief(session=session, viewer=viewer)
    names = {criterion["id"]: criterion["name"] for criterion in data["criteria"]}
    lines = [dict(line, scores=[]) for line in data["transcript"] if line["kind"] != "score"]
    before = []
    for score in data["timeline"]:
        score = dict(score, criterion_name=names.get(score["criterion"], ""))
        anchor = None
        for line in lines:
            if line["seq"] <= (score["at_seq"] or 0):
                anchor = line
            else:
                break
        (anchor["scores"] if anchor else before).append(score)
    data["lines"] = lines
    data["scores_before"] = before
    return data
