"""Writes of team review: recordings, review sessions, playback and marks, and saving
a review as a lesson example."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from people import permissions
from people.models import Team

from ..kinds import kind_of
from ..models import (
    EventKind,
    LessonExample,
    Participant,
    ParticipantRole,
    Recording,
    RecordingKind,
    RolePlaySession,
    Rubric,
    SessionState,
)
from ..room.audience import Viewer
from ..room.errors import RolePlayError
from ..room.eventlog import RUNNING_STATES, Recorded, require_state, store, submit
from ..room.sessions import participant_set
from .selectors import KIND

MAX_TRANSCRIPT_CHARS = 200_000


# Recordings


def sniff_audio(head: bytes) -> str | None:
    """The audio content type the file's first bytes show, or None when they show no
    audio format we play (the name and the browser's claimed type are not trusted)."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[:4] == b"OggS":
        return "audio/ogg"
    if head[:4] == b"fLaC":
        return "audio/flac"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head[4:8] == b"ftyp" and head[8:12] in (b"M4A ", b"M4B ", b"mp42", b"isom", b"dash"):
        return "audio/mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "audio/webm"
    return None


def recording_upload(
    *, team: Team, by, title: str, kind: str, file=None, transcript: str = ""
) -> Recording:
    """Store a recording for the team; a coach of the team uploads."""
    if not permissions.is_coach_of(by, team):
        raise RolePlayError("forbidden", _("Only a coach of the team uploads recordings."))
    if kind not in RecordingKind.values:
        raise RolePlayError("invalid", _("Unknown kind of recording."))
    content_type, size = "", 0
    if kind == RecordingKind.AUDIO:
        if file is None:
            raise RolePlayError("invalid", _("Attach the audio file of the call."))
        size = file.size
        if size > settings.ROLEPLAY_RECORDING_MAX_BYTES:
            raise RolePlayError(
                "invalid",
                _("The file is too large: at most %(mb)d MB.")
                % {"mb": max(1, settings.ROLEPLAY_RECORDING_MAX_BYTES // (1024 * 1024))},
            )
        file.seek(0)
        content_type = sniff_audio(file.read(16))
        file.seek(0)
        if content_type is None:
            raise RolePlayError(
                "invalid",
                _("This is not an audio file we can play (MP3, WAV, Ogg, FLAC, M4A or WebM)."),
            )
    elif not transcript.strip():
        raise RolePlayError("invalid", _("Paste the chat or e-mail transcript."))
    if len(transcript) > MAX_TRANSCRIPT_CHARS:
        raise RolePlayError("invalid", _("The transcript is too long."))
    recording = Recording(
        team=team,
        title=title,
        kind=kind,
        content_type=content_type,
        size=size,
        transcript=transcript,
        uploaded_by=by,
    )
    if file is not None and kind == RecordingKind.AUDIO:
        recording.file.save(file.name or "recording", file, save=False)
    try:
        recording.save()
    except Exception:
        if recording.file:
            recording.file.delete(save=False)
        raise
    return recording


def recording_delete(*, recording: Recording, by) -> None:
    """A coach of the team deletes the recording, its file, its reviews (with their
    events) and the lesson examples made from them."""
    if not permissions.is_coach_of(by, recording.team_id):
        raise RolePlayError("forbidden", _("Only a coach of the team deletes recordings."))
    file = recording.file
    with transaction.atomic():
        recording.delete()
        if file:
            name, storage = file.name, file.storage
            transaction.on_commit(lambda: storage.delete(name))


# Review sessions


def review_create(*, recording: Recording, rubric: Rubric | None, coach) -> RolePlaySession:
    if not permissions.is_coach_of(coach, recording.team_id):
        raise RolePlayError("forbidden", _("Only a coach of the team opens a review."))
    with transaction.atomic():
        session = RolePlaySession.objects.create(
            kind=KIND,
            recording=recording,
            rubric=rubric,
            team_id=recording.team_id,
            coach=coach,
        )
        Participant.objects.create(session=session, user=coach, role=ParticipantRole.COACH)
    return session


def review_start(
    *, recording: Recording, rubric: Rubric | None, coach, reviewers: Iterable
) -> RolePlaySession:
    """Open a review with the team members who review it (as observers), in one
    transaction: a refused reviewer opens nothing."""
    with transaction.atomic():
        session = review_create(recording=recording, rubric=rubric, coach=coach)
        for user in reviewers:
            participant_set(session=session, user=user, role=ParticipantRole.OBSERVER, by=coach)
    return session


def event_playback(
    *, viewer: Viewer, action: str, position: float, client_msg_id: str | None = None
) -> Recorded:
    """The coach plays, pauses or seeks the recording for everyone."""

    def build(participant):
        session = participant.session
        if participant.role != ParticipantRole.COACH and participant.user_id != session.coach_id:
            raise RolePlayError("forbidden", _("Only the coach controls playback."))
        require_state(session, RUNNING_STATES)
        return store(
            participant,
            kind=EventKind.PLAYBACK,
            data={"action": action, "position": position},
            client_msg_id=client_msg_id,
        )

    return submit(viewer, client_msg_id, build)


def event_mark(
    *, viewer: Viewer, position: float, text: str, client_msg_id: str | None = None
) -> Recorded:
    """Any participant marks a moment of the recording with a note."""

    def build(participant):
        require_state(participant.session, RUNNING_STATES)
        return store(
            participant,
            kind=EventKind.MARK,
            text=text,
            data={"position": position},
            client_msg_id=client_msg_id,
        )

    return submit(viewer, client_msg_id, build)


def lesson_example_store(
    *,
    session: RolePlaySession,
    recording: Recording,
    by,
    moments: list[dict[str, Any]],
    averages: list[dict[str, Any]],
    notes: str = "",
) -> LessonExample:
    """Write the session's lesson example (one per session; saving again updates it):
    the moments as rows of a call-recording block's transcript (``at`` m:ss,
    ``speaker``, ``text``), the rubric averages, and a summary of both for editors.
    The one way examples are made: from a review's findings (``lesson_example_save``)
    and from moments of a recorded call (``roleplay.callrecording.reviews``)."""
    lines = [f"{m['at']} – {m['text']}" for m in moments]
    scored = [a for a in averages if a["average"] is not None]
    if scored:
        lines.append("")
        lines += [f"{a['criterion']}: {a['average']} / 5" for a in scored]
    if notes:
        lines += ["", notes]
    example, _created = LessonExample.objects.update_or_create(
        session=session,
        defaults={
            "recording": recording,
            "title": recording.title,
            "summary": "\n".join(lines),
            "moments": moments,
            "averages": averages,
            "created_by": by,
        },
    )
    return example


def lesson_example_save(*, session: RolePlaySession, by, debrief: dict[str, Any]) -> LessonExample:
    """The coach saves an ended review's findings for editors to place in a lesson."""
    if not kind_of(session.kind).lesson_examples:
        raise RolePlayError("invalid", _("Only a recording review is saved as a lesson example."))
    if by.pk != session.coach_id and not permissions.is_coach_of(by, session.team_id):
        raise RolePlayError("forbidden", _("Only the coach saves a lesson example."))
    if session.state != SessionState.ENDED:
        raise RolePlayError("not_live", _("Save the example after the review has ended."))
    return lesson_example_store(
        session=session,
        recording=session.recording,
        by=by,
        moments=[
            {"at": m["at"], "speaker": "agent", "text": m["note"]} for m in debrief["moments"]
        ],
        averages=[{"criterion": c["name"], "average": c["average"]} for c in debrief["criteria"]],
        notes=session.coach_notes,
    )
