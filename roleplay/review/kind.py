"""Recording review as a session kind (``roleplay.kinds``)."""

from django.utils.translation import gettext as _

from ..kinds import ALL_ROLES, Kind, register
from ..models import SessionKind
from ..room.errors import RolePlayError
from .selectors import recording_readable, review_debrief
from .services import event_mark, event_playback, review_create


def _create(*, by, recording=None, rubric=None, **_values):
    if not recording_readable(recording=recording, user=by):
        raise RolePlayError("not_found", _("No such recording."))
    return review_create(recording=recording, rubric=rubric, coach=by)


REVIEW = register(
    Kind(
        name=SessionKind.REVIEW,
        roles=ALL_ROLES,
        controls=("start", "pause", "resume", "end"),
        create_fields=("recording",),
        create=_create,
        debrief=review_debrief,
        room_pages=("coach:review-room",),
        debrief_pages=("coach:review-debrief",),
        frames={"playback": event_playback, "mark": event_mark},
        own_rubric=True,
        lesson_examples=True,
    )
)
