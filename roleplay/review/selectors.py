"""Reads of team review: recordings, reviews and the review debrief, each at a fixed
number of queries however many recordings or reviews there are."""

from collections import defaultdict
from statistics import mean
from typing import Any

from django.db.models import Count, Prefetch

from people import permissions

from ..models import (
    EventKind,
    Participant,
    Recording,
    RecordingKind,
    RolePlaySession,
    Rubric,
    RubricCriterion,
    SessionEvent,
    SessionKind,
)
from ..room import access
from ..room.audience import Viewer
from ..room.selectors import visible_events
from ..scenarios.selectors import rubrics_for_active_language

KIND = SessionKind.REVIEW


def recordings_of(*, user):
    """Recordings of the teams the user belongs to, newest first."""
    return Recording.objects.filter(team_id__in=permissions.team_ids(user)).select_related(
        "team", "uploaded_by"
    )


def recording_readable(*, recording: Recording, user) -> bool:
    return permissions.is_member_of(user, recording.team_id)


def recording_payload(recording: Recording) -> dict[str, Any]:
    return {
        "id": recording.pk,
        "title": recording.title,
        "kind": recording.kind,
        "team": recording.team_id,
        "content_type": recording.content_type,
        "size": recording.size,
        "transcript": recording.transcript,
        "audio": f"/api/roleplay/recordings/{recording.pk}/audio/"
        if recording.kind == RecordingKind.AUDIO
        else None,
        "created_at": recording.created_at,
    }


def clock(position: float) -> str:
    """A position as m:ss, the way lesson transcripts write times."""
    seconds = int(position)
    return f"{seconds // 60}:{seconds % 60:02d}"


def review_debrief(*, session: RolePlaySession, viewer: Viewer) -> dict[str, Any]:
    """The marked moments in timeline order and each criterion's average score (each
    rater's final score counts once), from the events the viewer may see; the coach's
    notes only for whom ``access.may_read_coach_notes`` allows (null for reviewers)."""
    events, _last = visible_events(viewer=viewer)
    moments = sorted(
        (event for event in events if event.kind == EventKind.MARK),
        key=lambda event: (event.data["position"], event.seq),
    )
    finals: dict[tuple[int | None, int], SessionEvent] = {}
    for event in events:
        if event.kind == EventKind.SCORE:
            finals[(event.author_id, event.data["criterion"])] = event
    values: dict[int, list[int]] = defaultdict(list)
    for (_rater, criterion_id), event in finals.items():
        values[criterion_id].append(event.data["value"])
    criteria = (
        RubricCriterion.objects.filter(rubric_id=session.rubric_id).order_by("sort_order", "pk")
        if session.rubric_id
        else []
    )
    return {
        "session": session.pk,
        "kind": session.kind,
        "state": session.state,
        "recording": recording_payload(session.recording),
        "moments": [
            {
                "seq": event.seq,
                "position": event.data["position"],
                "at": clock(event.data["position"]),
                "note": event.text,
                "by": {"id": event.author_id, "name": event.author_name},
            }
            for event in moments
        ],
        "criteria": [
            {
                "id": criterion.pk,
                "name": criterion.name,
                "average": round(mean(values[criterion.pk]), 2) if values[criterion.pk] else None,
                "raters": len(values[criterion.pk]),
            }
            for criterion in criteria
        ],
        # The session's coach's own, as in every debrief (``roleplay.room.access``).
        "coach_notes": session.coach_notes
        if access.may_read_coach_notes(session, viewer)
        else None,
        "lesson_example": getattr(session, "lesson_example", None) is not None,
    }


# The coach's pages


def team_recordings(*, user) -> list[Recording]:
    """The recordings of the user's teams, newest first, each with ``review_list``
    (its reviews, newest first) and ``lesson_example_count``."""
    reviews = RolePlaySession.objects.filter(kind=KIND).order_by("-created_at")
    return list(
        Recording.objects.filter(team_id__in=permissions.team_ids(user))
        .select_related("team", "uploaded_by")
        .annotate(lesson_example_count=Count("lesson_examples", distinct=True))
        .prefetch_related(Prefetch("reviews", queryset=reviews, to_attr="review_list"))
        .order_by("-created_at")
    )


def recording_of(*, recording_id: int, user) -> Recording | None:
    """A recording of one of the user's teams; None to anyone else (a 404)."""
    return (
        Recording.objects.filter(pk=recording_id, team_id__in=permissions.team_ids(user))
        .select_related("team")
        .annotate(review_count=Count("reviews"))
        .first()
    )


def review_of(*, session_id: int, user) -> RolePlaySession | None:
    """A review of one of the user's teams, with its people; None to anyone else."""
    return (
        RolePlaySession.objects.filter(
            pk=session_id, kind=KIND, team_id__in=permissions.team_ids(user)
        )
        .select_related("recording", "rubric", "team", "coach")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("user"))
        )
        .first()
    )


def review_rubrics() -> list[Rubric]:
    """Rubrics a coach can score a review on: those in the reader's language, or in
    the default one when none are translated."""
    return rubrics_for_active_language()
