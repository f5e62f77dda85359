"""Team review of real recordings and transcripts: writes and reads.

A coach uploads a call recording (or pastes a chat or e-mail transcript) for their
team and opens a review session on it. The review runs in the same room and event log
as a live role-play: the coach controls playback for everyone (``playback`` events),
everyone marks moments (``mark`` events, a position plus a note) and the coach and
observers score the recorded agent on the session's rubric (``score`` events).
Recordings may hold personal data: only the team's members read them, uploads are
checked by content, and a coach deletes a recording with everything derived from it.
"""

from collections import defaultdict
from statistics import mean
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from people import permissions
from people.models import Team

from .audience import Viewer
from .models import (
    EventKind,
    LessonExample,
    Participant,
    ParticipantRole,
    Recording,
    RecordingKind,
    RolePlaySession,
    Rubric,
    RubricCriterion,
    SessionEvent,
    SessionKind,
    SessionState,
)
from .services import RUNNING_STATES, Recorded, RolePlayError, _require_state, _store, _submit

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


def recording_readable(*, recording: Recording, user) -> bool:
    return permissions.is_member_of(user, recording.team_id)


def recordings_of(*, user):
    """Recordings of the teams the user belongs to, newest first."""
    return Recording.objects.filter(team_id__in=permissions.team_ids(user)).select_related(
        "team", "uploaded_by"
    )


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
            kind=SessionKind.REVIEW,
            recording=recording,
            rubric=rubric,
            team_id=recording.team_id,
            coach=coach,
        )
        Participant.objects.create(session=session, user=coach, role=ParticipantRole.COACH)
    return session


def _require_review(session: RolePlaySession) -> None:
    if session.kind != SessionKind.REVIEW:
        raise RolePlayError("invalid", _("Playback and marks belong to a recording review."))


def event_playback(
    *, viewer: Viewer, action: str, position: float, client_msg_id: str | None = None
) -> Recorded:
    """The coach plays, pauses or seeks the recording for everyone."""

    def build(participant):
        session = participant.session
        _require_review(session)
        if participant.role != ParticipantRole.COACH and participant.user_id != session.coach_id:
            raise RolePlayError("forbidden", _("Only the coach controls playback."))
        _require_state(session, RUNNING_STATES)
        return _store(
            participant,
            kind=EventKind.PLAYBACK,
            data={"action": action, "position": position},
            client_msg_id=client_msg_id,
        )

    return _submit(viewer, client_msg_id, build)


def event_mark(
    *, viewer: Viewer, position: float, text: str, client_msg_id: str | None = None
) -> Recorded:
    """Any participant marks a moment of the recording with a note."""

    def build(participant):
        session = participant.session
        _require_review(session)
        _require_state(session, RUNNING_STATES)
        return _store(
            participant,
            kind=EventKind.MARK,
            text=text,
            data={"position": position},
            client_msg_id=client_msg_id,
        )

    return _submit(viewer, client_msg_id, build)


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


def review_debrief(*, session: RolePlaySession, events: list[SessionEvent]) -> dict[str, Any]:
    """The marked moments in timeline order and each criterion's average score (each
    rater's final score counts once), from the events the viewer may see."""
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
        "coach_notes": session.coach_notes,
        "lesson_example": getattr(session, "lesson_example", None) is not None,
    }


def lesson_example_save(*, session: RolePlaySession, by, debrief: dict[str, Any]) -> LessonExample:
    """The coach saves an ended review's findings for editors to place in a lesson."""
    if session.kind != SessionKind.REVIEW:
        raise RolePlayError("invalid", _("Only a recording review is saved as a lesson example."))
    if by.pk != session.coach_id and not permissions.is_coach_of(by, session.team_id):
        raise RolePlayError("forbidden", _("Only the coach saves a lesson example."))
    if session.state != SessionState.ENDED:
        raise RolePlayError("not_live", _("Save the example after the review has ended."))
    lines = [f"{m['at']} – {m['note']}" for m in debrief["moments"]]
    scored = [c for c in debrief["criteria"] if c["average"] is not None]
    if scored:
        lines.append("")
        lines += [f"{c['name']}: {c['average']} / 5" for c in scored]
    if session.coach_notes:
        lines += ["", session.coach_notes]
    example, _created = LessonExample.objects.update_or_create(
        session=session,
        defaults={
            "recording": session.recording,
            "title": session.recording.title,
            "summary": "\n".join(lines),
            "moments": [
                {"at": m["at"], "speaker": "agent", "text": m["note"]} for m in debrief["moments"]
            ],
            "averages": [
                {"criterion": c["name"], "average": c["average"]} for c in debrief["criteria"]
            ],
            "created_by": by,
        },
    )
    return example
