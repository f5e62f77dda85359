"""Reads of call recordings: the track state a reloaded page continues from, who may
hear a recording, the session's ``recording`` field, and the debrief's timeline."""

from typing import Any

from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from people import permissions

from ..models import CallRecording, CallRecordingState, CallTrack, EventKind, RolePlaySession
from ..room import call
from .services import now_ms


def track_state(*, session: RolePlaySession, user_id: int) -> dict[str, Any]:
    """How far the participant's track has come: ``next`` is the number the next chunk
    takes (a reloaded page starts a new segment there), ``complete`` whether the
    browser said it uploaded everything, ``server_time_ms`` the session clock now, from
    which the browser measures its offset."""
    recording = CallRecording.objects.filter(session=session).first()
    track = (
        CallTrack.objects.filter(recording=recording, user_id=user_id).first()
        if recording
        else None
    )
    totals = {"count": 0, "last": None, "bytes": 0, "segments": 0}
    if track is not None:
        totals = track.chunks.aggregate(
            count=Count("pk"),
            last=Max("n"),
            bytes=Sum("size"),
            segments=Count("segment_start_ms"),
        )
    accepting = recording is None or (
        recording.state == CallRecordingState.RECORDING
        and (recording.closes_at is None or recording.closes_at > timezone.now())
    )
    return {
        "participant": user_id,
        "state": recording.state if recording else None,
        "accepting": accepting,
        "complete": track is not None and track.completed_at is not None,
        "chunks": totals["count"],
        "segments": totals["segments"],
        "bytes": totals["bytes"] or 0,
        "next": 0 if totals["last"] is None else totals["last"] + 1,
        "server_time_ms": now_ms(),
    }


def may_hear(*, session: RolePlaySession, user) -> bool:
    """A call recording is heard by the session's participants who are still allowed
    in and by the team's coaches, as uploaded recordings are by the team."""
    from ..room import access

    if permissions.is_coach_of(user, session.team_id):
        return True
    return access.current_viewer(session_id=session.pk, user_id=user.pk) is not None


def audio_url(session_id: int) -> str:
    return f"/api/roleplay/sessions/{session_id}/recording/audio/"


def recording_field(session: RolePlaySession) -> dict[str, Any] | None:
    """The session's ``recording``: its state, length and where to stream it."""
    recording = CallRecording.objects.filter(session=session).first()
    if recording is None:
        return None
    ready = recording.state == CallRecordingState.READY and bool(recording.file)
    return {
        "state": recording.state,
        "duration_seconds": round(recording.duration_seconds, 2)
        if recording.duration_seconds is not None
        else None,
        "url": audio_url(session.pk) if ready else None,
        "started_at": recording.started_at,
        "channels": ["agent", "customer", "coach"],
    }


SESSION_ACTIONS = ("start", "pause", "resume", "end")
# The file ends when the call did, to the millisecond: an event of its very end (the
# end itself) may fall a moment after its last sample, and is placed on it.
END_SLACK_SECONDS = 0.5
MARKED_KINDS = {
    EventKind.SCORE: "score",
    EventKind.WHISPER: "whisper",
    EventKind.INJECT: "twist",
    EventKind.MARK: "mark",
}


def _marker_kind(event) -> str | None:
    if event.kind in MARKED_KINDS:
        return MARKED_KINDS[event.kind]
    data = event.data or {}
    if event.kind == EventKind.CONTROL and data.get("action") in SESSION_ACTIONS:
        return "control"
    if event.kind == EventKind.CALL and data.get("action") == "mode":
        return "mode"  # the coach switched the supervisor mode (listen, whisper, barge)
    return None


def _label(kind: str, event, criteria: dict[int, str]) -> str:
    data = event.data or {}
    if kind == "score":
        name = criteria.get(data.get("criterion"), "")
        return _("%(criterion)s: %(value)s (%(rater)s)") % {
            "criterion": name,
            "value": data.get("value"),
            "rater": event.author_name,
        }
    if kind == "whisper":
        return _("Whisper: %(text)s") % {"text": event.text}
    if kind == "twist":
        return _("Twist: %(text)s") % {"text": data.get("title") or event.text}
    if kind == "mode":
        mode = data.get("mode")
        return _("Mode: %(mode)s") % {"mode": call.MODE_LABELS.get(mode, mode)}
    if kind == "control":
        return _("Session: %(action)s") % {"action": data.get("action")}
    return _("Marked: %(text)s") % {"text": event.text or event.author_name}


def clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def call_timeline(
    *, session: RolePlaySession, events: list, criteria: dict[int, str], hears: bool = True
) -> dict[str, Any] | None:
    """The recording and the events the viewer may see placed on it, at the second
    after the recording's start at which each happened (``events`` are already cut to
    the viewer). None without a call recording; no ``url`` for a viewer who may read
    the debrief but not hear the call (a manager)."""
    field = recording_field(session)
    if field is None:
        return None
    if not hears:
        field["url"] = None
    recording_start = field["started_at"]
    duration = field["duration_seconds"]
    markers = []
    for event in events:
        kind = _marker_kind(event)
        if kind is None or recording_start is None:
            continue
        at = (event.created_at - recording_start).total_seconds()
        if at < 0 or (duration is not None and at > duration + END_SLACK_SECONDS):
            continue
        if duration is not None:
            at = min(at, duration)
        markers.append(
            {
                "seq": event.seq,
                "kind": kind,
                "at_seconds": round(at, 1),
                "clock": clock(at),
                "percent": round(100 * at / duration, 2) if duration else 0,
                "label": _label(kind, event, criteria),
            }
        )
    return {**field, "markers": markers}
