"""A team review of a call in one click: the coach's way from the debrief to the
review room (``roleplay.review``), which plays the merged recording with synced
playback and marks, and whose ending saves a lesson example as for uploaded calls.

Kept apart from the rest of the package: the live kind reads call recordings, and
the session kinds do not import each other (docs/decisions/0007)."""

from django.db import transaction

from people import permissions

from ..models import CallRecording, ParticipantRole, RolePlaySession
from ..review.services import review_start
from .services import review_recording_for


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
