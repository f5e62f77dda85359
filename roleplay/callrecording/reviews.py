"""A team review of a call in one click: the coach's way from the debrief to the
review room (``roleplay.review``), which plays the merged recording with synced
playback and marks, and whose ending saves a lesson example as for uploaded calls.
The coach may also save a moment of the call as a lesson example straight from the
debrief, with the same lesson examples (``lesson_example_store``).

Kept apart from the rest of the package: the live kind reads call recordings, and
the session kinds do not import each other (docs/decisions/0007)."""

from statistics import mean
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import FORBIDDEN, INVALID, NOT_FOUND, NOT_LIVE, DomainError
from people import permissions

from ..models import (
    CallRecording,
    LessonExample,
    ParticipantRole,
    RolePlaySession,
    SessionState,
)
from ..review.services import lesson_example_store, review_start
from .selectors import clock
from .services import review_recording_for

SPEAKERS = ("agent", "customer", "coach")
NOTE_MAX = 500


def call_review_start(*, recording: CallRecording, by) -> RolePlaySession:
    """Open a review of the call's recording, with the session's people who are still
    in the team as its reviewers (the coach leads it)."""
    session = recording.session
    with transaction.atomic():
        team_recording = review_recording_for(recording=recording, by=by)
        reviewers = [
            participant.user
            for participant in session.participants.select_related("user")
            if participant.user_id != by.pk
            and participant.role != ParticipantRole.COACH
            and participant.user.is_active
            and permissions.is_member_of(participant.user, session.team_id)
        ]
        return review_start(
            recording=team_recording,
            rubric=session.scenario.rubric if session.scenario_id else None,
            coach=by,
            reviewers=reviewers,
        )


def _seconds(at: str) -> int:
    minutes, _colon, seconds = at.partition(":")
    return int(minutes) * 60 + int(seconds or 0)


def call_lesson_example_save(
    *,
    session: RolePlaySession,
    by,
    at_seconds: float,
    note: str,
    speaker: str = "agent",
    criteria: list[dict[str, Any]] = (),
) -> LessonExample:
    """A coach of the team saves a moment of the ended role-play's call as a lesson
    example: the session's one example gains the moment (a moment at the same second
    is replaced), with the rubric averages of the debrief (``criteria``: each with its
    ``averages`` by rater role). The example's recording is the call's team copy (the
    one a review plays), made once."""
    if not permissions.is_coach_of(by, session.team_id):
        raise DomainError(FORBIDDEN, _("Only a coach of the team saves a lesson example."))
    if session.state != SessionState.ENDED:
        raise DomainError(NOT_LIVE, _("Save the example after the role-play has ended."))
    recording = CallRecording.objects.filter(session=session).first()
    if recording is None:
        raise DomainError(NOT_FOUND, _("This session has no call recording."))
    note = (note or "").strip()
    if not note:
        raise DomainError(INVALID, _("Say in a few words what the moment shows."))
    if len(note) > NOTE_MAX:
        raise DomainError(
            INVALID, _("A moment's note is at most %(max)d characters.") % {"max": NOTE_MAX}
        )
    if speaker not in SPEAKERS:
        raise DomainError(INVALID, _("The speaker is the agent, the customer or the coach."))
    duration = recording.duration_seconds or 0
    if not 0 <= at_seconds <= duration + 0.5:
        raise DomainError(
            INVALID,
            _("The moment is a second of the call, from 0 to %(end)s.") % {"end": clock(duration)},
        )
    with transaction.atomic():
        team_recording = review_recording_for(recording=recording, by=by)
        existing = LessonExample.objects.select_for_update().filter(session=session).first()
        at = clock(at_seconds)
        moments = [m for m in (existing.moments if existing else []) if m["at"] != at]
        moments.append({"at": at, "speaker": speaker, "text": note})
        moments.sort(key=lambda moment: _seconds(moment["at"]))
        averages = [
            {
                "criterion": criterion["name"],
                "average": round(mean(criterion["averages"].values()), 2)
                if criterion.get("averages")
                else None,
            }
            for criterion in criteria
        ]
        return lesson_example_store(
            session=session,
            recording=team_recording,
            by=by,
            moments=moments,
            averages=averages,  # no coach's notes: in a live role-play they are about the agent
        )
