"""Writes of call recordings: storing a chunk, finishing the call, making the merged
file reviewable, purging old recordings.

The upload rule (docs/roleplay-protocol.md, "Call recording"):

* A track is one participant's microphone; only that participant uploads it, and only
  while they take part in the session now (``roleplay.room.access``). Observers never
  send audio.
* Chunks are numbered from 0 per track. A chunk that **starts a segment** carries the
  ``X-Segment-Start`` header (the session clock in ms, see ``segment_start``) and its
  body must begin with a container header: WebM's EBML ``1A 45 DF A3`` or Ogg's
  ``OggS``. A chunk without the header **continues** the segment before it, so it is
  accepted only after a segment start with a smaller number. A reloaded page asks the
  track for its ``next`` number and starts a new segment there.
* The same bytes at the same number again store nothing (200); other bytes at a
  number already taken, or any chunk after the recording is final, are a conflict.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, NOT_LIVE, TOO_LARGE, DomainError
from people import permissions

from ..models import (
    CallChunk,
    CallRecording,
    CallRecordingState,
    CallTrack,
    EventKind,
    ParticipantRole,
    Recording,
    RecordingKind,
    RolePlaySession,
    SessionEvent,
    SessionKind,
    SessionState,
)
from ..room import access

SPEAKING_ROLES = (ParticipantRole.AGENT, ParticipantRole.CUSTOMER, ParticipantRole.COACH)
MAGIC = {"audio/webm": b"\x1a\x45\xdf\xa3", "audio/ogg": b"OggS"}
SUFFIX = {"audio/webm": ".webm", "audio/ogg": ".ogg"}
# A segment start more than this far from the server's clock is taken to be the
# server's time of receipt (a browser with a wrong clock and no server offset).
CLOCK_TOLERANCE_MS = 5 * 60 * 1000
# Chunk numbers: a second per chunk gives more than a day of call.
MAX_CHUNK_NUMBER = 100_000


@dataclass(frozen=True)
class Stored:
    chunk: CallChunk
    created: bool


def now_ms() -> int:
    return int(timezone.now().timestamp() * 1000)


def segment_start(claimed_ms: int, received_ms: int) -> int:
    """The session clock is the server's wall clock in Unix milliseconds (the clock of
    every event's ``created_at``). The browser sends its estimate of it (its own clock
    corrected by the offset it measured on the track endpoint); an estimate far off
    the time of receipt is replaced by the time of receipt."""
    if abs(claimed_ms - received_ms) > CLOCK_TOLERANCE_MS:
        return received_ms
    return claimed_ms


def _check_owner(viewer, *, user, participant_id: int):
    if viewer is None:
        raise DomainError(FORBIDDEN, _("You are not a participant of this session."))
    if participant_id != user.pk:
        raise DomainError(FORBIDDEN, _("Only the participant uploads their own track."))
    if viewer.role not in SPEAKING_ROLES:
        raise DomainError(FORBIDDEN, _("Observers are not recorded."))
    return viewer


def track_owner(*, session: RolePlaySession, user, participant_id: int):
    """The uploader's viewer when ``participant_id`` is their own speaking track."""
    viewer = access.current_viewer(session_id=session.pk, user_id=user.pk)
    return _check_owner(viewer, user=user, participant_id=participant_id)


def _uploader(*, session_id: int, user, participant_id: int):
    """``(viewer, session)`` of the uploader of their own speaking track, in one read."""
    viewer, session = access.current_uploader(session_id=session_id, user_id=user.pk)
    if viewer is None and not RolePlaySession.objects.filter(pk=session_id).exists():
        raise DomainError(NOT_FOUND, _("No such role-play session."))
    return _check_owner(viewer, user=user, participant_id=participant_id), session


class _GraceOver(Exception):
    """The call's grace period is over and nobody has closed the recording yet."""

    def __init__(self, recording_id: int):
        self.recording_id = recording_id


def _final() -> DomainError:
    return DomainError(NOT_LIVE, _("The recording is final: it takes no more audio."))


@dataclass(frozen=True)
class _Upload:
    """What storing chunk ``n`` reads, under the recording's row lock."""

    recording_id: int
    recording_state: str
    grace_over: bool
    track_id: int | None
    track_completed: bool
    latest: CallChunk | None  # chunk n itself if stored, else the segment start before it


def _upload_state(*, session_id: int, user_id: int, n: int, now) -> _Upload | None:
    """The recording (locked), the uploader's track and its chunk ``n`` or the segment
    start nearest before it, in one read: a speaker stores a chunk every few seconds.
    None before the first chunk of the call (no recording yet)."""
    recordings, tracks, chunks = (
        model._meta.db_table for model in (CallRecording, CallTrack, CallChunk)
    )
    lock = " FOR UPDATE OF r" if connection.features.has_select_for_update_of else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.id, r.state, r.closes_at IS NOT NULL AND r.closes_at <= %s,"
            f" t.id, t.completed_at IS NOT NULL,"
            f" c.id, c.n, c.segment_start_ms, c.content_type, c.digest, c.size, c.file"
            f" FROM {recordings} r"
            f" LEFT JOIN {tracks} t ON t.recording_id = r.id AND t.user_id = %s"
            f" LEFT JOIN {chunks} c ON c.id = ("
            f"  SELECT c2.id FROM {chunks} c2 WHERE c2.track_id = t.id AND c2.n <= %s"
            f"  AND (c2.n = %s OR c2.segment_start_ms IS NOT NULL) ORDER BY c2.n DESC LIMIT 1)"
            f" WHERE r.session_id = %s{lock}",
            [connection.ops.adapt_datetimefield_value(now), user_id, n, n, session_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    rec_id, rec_state, grace_over, track_id, completed, chunk_id, *chunk = row
    latest = None
    if chunk_id is not None:
        number, start, content_type, digest, size, file = chunk
        latest = CallChunk(
            id=chunk_id, track_id=track_id, n=number, segment_start_ms=start,
            content_type=content_type, digest=digest, size=size, file=file,
        )  # fmt: skip
    return _Upload(rec_id, rec_state, bool(grace_over), track_id, bool(completed), latest)


def _open_upload(*, session: RolePlaySession, viewer, user, n: int, now) -> _Upload:
    """The state of an upload to the session's recording, made at the call's first
    chunk (and the uploader's track at theirs); ``_GraceOver`` when its grace period
    has run out, for the caller to close it outside this transaction."""
    if session.kind != SessionKind.LIVE:
        raise DomainError(NOT_LIVE, _("Only a live role-play has a call."))
    state = _upload_state(session_id=session.pk, user_id=user.pk, n=n, now=now)
    if state is None:
        if session.state == SessionState.ENDED:
            raise DomainError(NOT_LIVE, _("The call has ended."))
        CallRecording.objects.get_or_create(session_id=session.pk)
        state = _upload_state(session_id=session.pk, user_id=user.pk, n=n, now=now)
    if state.track_id is None and state.recording_state == CallRecordingState.RECORDING:
        CallTrack.objects.get_or_create(
            recording_id=state.recording_id, user=user, defaults={"role": viewer.role}
        )
        state = _upload_state(session_id=session.pk, user_id=user.pk, n=n, now=now)
    if state.recording_state != CallRecordingState.RECORDING:
        raise _final()
    if state.grace_over:
        raise _GraceOver(state.recording_id)
    return state


def _check_body(opening: CallChunk | None, *, data: bytes, content_type: str, starts: bool):
    if len(data) > settings.ROLEPLAY_CALL_CHUNK_MAX_BYTES:
        raise DomainError(
            TOO_LARGE,
            _("A chunk is at most %(kb)d KiB.")
            % {"kb": settings.ROLEPLAY_CALL_CHUNK_MAX_BYTES // 1024},
        )
    if not data:
        raise DomainError(INVALID, _("The chunk is empty."))
    if starts:
        if not data.startswith(MAGIC[content_type]):
            raise DomainError(
                INVALID, _("A segment starts with a WebM or Ogg header; this is not audio.")
            )
        return
    if opening is None:
        raise DomainError(
            INVALID, _("This chunk continues a segment, but no segment has started before it.")
        )
    if opening.content_type != content_type:
        raise DomainError(INVALID, _("A segment's chunks are all of one type."))


def chunk_store(
    *,
    session_id: int,
    user,
    participant_id: int,
    n: int,
    data: bytes,
    content_type: str,
    segment_start_ms: int | None,
    retry: bool = True,
) -> Stored:
    """Store chunk ``n`` of the uploader's own track (the rules above)."""
    viewer, session = _uploader(session_id=session_id, user=user, participant_id=participant_id)
    if n > MAX_CHUNK_NUMBER:
        raise DomainError(INVALID, _("Chunk numbers go up to %(max)d.") % {"max": MAX_CHUNK_NUMBER})
    digest = hashlib.sha256(data).hexdigest()
    received = timezone.now()
    written: list[CallChunk] = []
    try:
        with transaction.atomic():
            upload = _open_upload(session=session, viewer=viewer, user=user, n=n, now=received)
            latest = upload.latest
            if latest is not None and latest.n == n:
                if latest.digest != digest:
                    raise DomainError(
                        CONFLICT, _("Chunk %(n)d is already stored with other content.") % {"n": n}
                    )
                return Stored(latest, False)
            starts = segment_start_ms is not None
            _check_body(latest, data=data, content_type=content_type, starts=starts)
            chunk = CallChunk(
                track=CallTrack(id=upload.track_id, recording_id=upload.recording_id),
                n=n,
                segment_start_ms=segment_start(segment_start_ms, int(received.timestamp() * 1000))
                if starts
                else None,
                content_type=content_type,
                digest=digest,
                size=len(data),
                received_at=received,
            )
            # The bytes go to the private storage, the row keeps what they are.
            chunk.file.save(f"chunk{SUFFIX[content_type]}", ContentFile(data), save=False)
            written.append(chunk)
            chunk.save(force_insert=True)
            if upload.track_completed:  # the recorder runs again (a rejoin)
                CallTrack.objects.filter(pk=upload.track_id).update(completed_at=None)
            if starts:
                start = datetime.fromtimestamp(chunk.segment_start_ms / 1000, tz=UTC)
                CallRecording.objects.filter(pk=upload.recording_id).filter(
                    Q(started_at__isnull=True) | Q(started_at__gt=start)
                ).update(started_at=start)
            return Stored(chunk, True)
    except BaseException as error:
        for chunk in written:  # the row was not stored: neither is its file
            chunk.file.storage.delete(chunk.file.name)
        if isinstance(error, _GraceOver):
            # Should the worker be late, the request closes the recording itself (in a
            # transaction of its own) and is refused.
            call_recording_close(error.recording_id)
            raise _final() from None
        if not isinstance(error, IntegrityError):
            raise
        # The same chunk raced in from another request of the same page: decide again.
        if not retry:
            raise
        return chunk_store(
            session_id=session_id,
            user=user,
            participant_id=participant_id,
            n=n,
            data=data,
            content_type=content_type,
            segment_start_ms=segment_start_ms,
            retry=False,
        )


def _all_complete(recording: CallRecording) -> bool:
    """Every track is complete, and everyone recorded who joined the call has one: a
    speaker who joined a moment before the end uploads a first chunk as they stop."""
    if recording.tracks.filter(completed_at__isnull=True).exists():
        return False
    joined = (
        SessionEvent.objects.filter(
            session_id=recording.session_id, kind=EventKind.CALL, data__action="join"
        )
        .exclude(role=ParticipantRole.OBSERVER)  # observers send no audio
        .exclude(author_id__in=recording.tracks.values("user_id"))
    )
    return not joined.exists()


def _close(recording: CallRecording) -> None:
    """No more chunks: the worker merges the tracks (after the commit). The caller
    holds the recording's row lock."""
    from progress.tasks import enqueue_on_commit

    from ..tasks import call_recording_merge

    recording.state = CallRecordingState.PROCESSING
    recording.save(update_fields=["state"])
    enqueue_on_commit(call_recording_merge, recording.pk)


def _close_later(recording: CallRecording) -> None:
    """Ask the worker to close the recording when its grace period is over (a backend
    that cannot run a task later, as in tests, leaves it to ``call_recording_close``)."""
    from django_tasks import task_backends

    from progress.tasks import BACKEND

    from ..tasks import call_recording_close

    if not task_backends[BACKEND].supports_defer:
        return
    run_after = recording.closes_at
    transaction.on_commit(
        lambda: call_recording_close.using(run_after=run_after).enqueue(recording.pk),
        robust=True,
    )


def call_recording_finish(session: RolePlaySession) -> CallRecording | None:
    """The session has ended: its call is over. The recording still takes the chunks
    the browsers upload as they stop their recorders, for
    ``ROLEPLAY_CALL_END_GRACE_SECONDS``; it is closed (and merged by the worker) as soon
    as every track is complete (``track_complete``), or by the worker once the grace
    period is over. Safe to call again, and for a session without a call (None)."""
    with transaction.atomic():
        recording = (
            CallRecording.objects.select_for_update()
            .filter(session_id=session.pk, state=CallRecordingState.RECORDING)
            .first()
        )
        if recording is None:
            return CallRecording.objects.filter(session_id=session.pk).first()
        if recording.closes_at is None:
            now = timezone.now()
            recording.ended_at = session.ended_at or now  # the end event's time
            recording.closes_at = now + timedelta(seconds=settings.ROLEPLAY_CALL_END_GRACE_SECONDS)
            recording.save(update_fields=["ended_at", "closes_at"])
        if _all_complete(recording):
            _close(recording)
        else:
            _close_later(recording)
    return recording


def call_recording_close(recording_id: int, *, now: datetime | None = None) -> bool:
    """The worker's end of the grace period: close the recording if every track is
    complete or the period is over (the tracks that did not finish are merged as far
    as they came); else come back when it is over. True when it closed it."""
    now = now or timezone.now()
    with transaction.atomic():
        recording = (
            CallRecording.objects.select_for_update()
            .filter(pk=recording_id, state=CallRecordingState.RECORDING)
            .exclude(closes_at=None)
            .first()
        )
        if recording is None:
            return False
        if recording.closes_at <= now or _all_complete(recording):
            _close(recording)
            return True
        _close_later(recording)
    return False


def _close_if_over(session: RolePlaySession) -> None:
    """A request that finds the grace period over closes the recording itself, should
    the worker be late (in its own transaction: the request may then be refused)."""
    recording_id = (
        CallRecording.objects.filter(
            session_id=session.pk,
            state=CallRecordingState.RECORDING,
            closes_at__lte=timezone.now(),
        )
        .values_list("pk", flat=True)
        .first()
    )
    if recording_id is not None:
        call_recording_close(recording_id)


def track_complete(*, session: RolePlaySession, user, participant_id: int) -> None:
    """The uploader's browser has stopped its recorder and uploaded every chunk: the
    track is complete. Once the call is over and every track is complete, the
    recording closes at once instead of waiting out the grace period. Idempotent; a
    final recording or a track that has no chunk is left as it is."""
    track_owner(session=session, user=user, participant_id=participant_id)
    _close_if_over(session)
    with transaction.atomic():
        recording = (
            CallRecording.objects.select_for_update()
            .filter(session_id=session.pk, state=CallRecordingState.RECORDING)
            .first()
        )
        if recording is None:
            return
        updated = CallTrack.objects.filter(
            recording=recording, user=user, completed_at__isnull=True
        ).update(completed_at=timezone.now())
        if updated and recording.closes_at is not None and _all_complete(recording):
            _close(recording)


def call_recording_merge_now(recording_id: int) -> CallRecording | None:
    """Merge the tracks into the recording's file (the worker's task): processing
    becomes ready, or failed with the reason."""
    from .merge import Segment, merge_tracks

    recording = (
        CallRecording.objects.filter(pk=recording_id, state=CallRecordingState.PROCESSING)
        .select_related("session")
        .first()
    )
    if recording is None:
        return None
    tracks = {}
    for track in recording.tracks.all():
        segments: list[Segment] = []
        for chunk in track.chunks.order_by("n").iterator():
            if chunk.segment_start_ms is not None:
                segments.append(Segment(chunk.segment_start_ms, bytearray()))
            if segments:
                with chunk.file.open("rb") as source:
                    segments[-1].data.extend(source.read())
        tracks.setdefault(track.role, []).extend(segments)
    origin_ms = int(recording.started_at.timestamp() * 1000) if recording.started_at else 0
    # The file lasts until the call ended at least, so that what happened in its last
    # moments is on the timeline even where no one was recorded any more.
    until_ms = int(recording.ended_at.timestamp() * 1000) if recording.ended_at else None
    try:
        audio, duration = merge_tracks(tracks, origin_ms=origin_ms, until_ms=until_ms)
    except Exception as error:
        recording.state = CallRecordingState.FAILED
        recording.error = str(error)[:2000]
        recording.finished_at = timezone.now()
        recording.save(update_fields=["state", "error", "finished_at"])
        raise
    recording.file.save("call.ogg", ContentFile(audio), save=False)
    recording.content_type = "audio/ogg"
    recording.size = len(audio)
    recording.duration_seconds = duration
    recording.state = CallRecordingState.READY
    recording.finished_at = timezone.now()
    recording.save()
    return recording


def review_recording_for(*, recording: CallRecording, by) -> Recording:
    """The team ``Recording`` a review of the call plays (``roleplay.review``): made
    once, by a coach of the team, with its own copy of the merged file (deleting the
    review material never deletes the call's recording, and the other way round)."""
    session = recording.session
    if not permissions.is_coach_of(by, session.team_id):
        raise DomainError(FORBIDDEN, _("Only a coach of the team opens a review."))
    if recording.state != CallRecordingState.READY:
        raise DomainError(NOT_LIVE, _("The recording is not ready yet."))
    if recording.review_recording_id:
        return recording.review_recording
    title = _("Call: %(scenario)s, %(date)s") % {
        "scenario": session.scenario.title,
        "date": timezone.localtime(recording.created_at).strftime("%Y-%m-%d %H:%M"),
    }
    with recording.file.open("rb") as source:
        content = source.read()
    review = Recording(
        team_id=session.team_id,
        title=title[:160],
        kind=RecordingKind.AUDIO,
        content_type=recording.content_type,
        size=len(content),
        uploaded_by=by,
    )
    review.file.save("call.ogg", ContentFile(content), save=False)
    review.save()
    recording.review_recording = review
    recording.save(update_fields=["review_recording"])
    return review


def chunk_deleted(sender, instance: CallChunk, **kwargs) -> None:
    """A chunk's row is gone (with its recording, its track, its session, its person):
    its file goes after the commit (``post_delete``, connected in ``roleplay.apps``)."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def _delete(recordings) -> int:
    """Delete call recordings with their files (the chunks' go with their rows,
    ``chunk_deleted``), and the review material made of them."""
    count = 0
    for recording in list(recordings):
        files = [recording.file]
        if recording.review_recording_id:
            files.append(recording.review_recording.file)
            recording.review_recording.delete()
        recording.delete()
        for file in files:
            if file:
                name, storage = file.name, file.storage
                transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        count += 1
    return count


def call_recordings_delete(recordings) -> int:
    with transaction.atomic():
        return _delete(recordings.select_related("review_recording"))


def call_recordings_purge(*, days: int | None = None) -> int:
    """Delete the call recordings older than the retention period; returns how many."""
    days = settings.ROLEPLAY_RECORDING_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    return call_recordings_delete(CallRecording.objects.filter(created_at__lt=cutoff))
