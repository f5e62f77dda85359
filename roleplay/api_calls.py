"""Call recordings under ``/api/roleplay/sessions/{id}/``: a participant's browser
uploads its own track chunk by chunk (``tracks/{participant}/chunks/{n}/``; the rule
is in ``roleplay.callrecording.services``), asks the track how far it has come after a
reload (``tracks/{participant}/``), says it is complete once its recorder has stopped
(``tracks/{participant}/complete/``), and the merged recording is streamed to the
session's participants and the team's coaches (``recording/audio/``) with ranges."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, UnsupportedMediaType
from rest_framework.parsers import BaseParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import INVALID, DomainError
from core.ranges import private_audio_response

from .callrecording import selectors as calls
from .callrecording.reviews import call_review_start
from .callrecording.services import MAGIC, chunk_store, track_complete, track_owner
from .models import CallRecording, CallRecordingState
from .room import selectors

SEGMENT_START = "X-Segment-Start"


class AudioChunkParser(BaseParser):
    """The body as bytes, for the audio types a MediaRecorder uploads."""

    media_type = "audio/*"

    def parse(self, stream, media_type=None, parser_context=None):
        from django.conf import settings

        if stream is None:
            return b""
        return stream.read(settings.ROLEPLAY_CALL_CHUNK_MAX_BYTES + 1)


class ChunkOutput(serializers.Serializer):
    participant = serializers.IntegerField()
    n = serializers.IntegerField()
    size = serializers.IntegerField()
    segment_start_ms = serializers.IntegerField(
        allow_null=True, help_text=_("Set when this chunk starts a segment (session clock).")
    )
    created = serializers.BooleanField(help_text=_("False when the same chunk was stored before."))


class TrackOutput(serializers.Serializer):
    participant = serializers.IntegerField()
    state = serializers.ChoiceField(choices=CallRecordingState.choices, allow_null=True)
    accepting = serializers.BooleanField()
    complete = serializers.BooleanField(
        help_text=_("The browser stopped its recorder and uploaded every chunk.")
    )
    chunks = serializers.IntegerField()
    segments = serializers.IntegerField()
    bytes = serializers.IntegerField()
    next = serializers.IntegerField(help_text=_("The number of the next chunk to upload."))
    server_time_ms = serializers.IntegerField(
        help_text=_("The session clock now (Unix ms): the browser's offset is measured on it.")
    )


def _session(request, session_id: int):
    session = selectors.session_with_people(session_id)
    if session is None:
        raise NotFound(_("No such role-play session."))
    return session


def _media_type(request) -> str:
    media_type = (request.content_type or "").split(";")[0].strip().lower()
    if media_type not in MAGIC:
        raise UnsupportedMediaType(media_type)
    return media_type


def _segment_start(request) -> int | None:
    value = request.headers.get(SEGMENT_START)
    if value is None:
        return None
    try:
        start = int(value.strip())
    except ValueError:
        start = -1
    if not 0 <= start < 2**53:
        raise DomainError(
            INVALID, _("X-Segment-Start is the session clock in milliseconds (an integer).")
        )
    return start


class TrackChunkView(APIView):
    """Upload chunk ``n`` of your own track (the MediaRecorder's bytes as they come).
    The first chunk of a segment carries ``X-Segment-Start``; the others continue it."""

    parser_classes = [AudioChunkParser]
    body_size_limited = True  # 413 over ROLEPLAY_CALL_CHUNK_MAX_BYTES (cms.schema)

    @extend_schema(
        request={
            "audio/webm": OpenApiTypes.BINARY,
            "audio/ogg": OpenApiTypes.BINARY,
        },
        parameters=[
            OpenApiParameter(
                SEGMENT_START,
                int,
                OpenApiParameter.HEADER,
                description=str(
                    _(
                        "Marks a chunk that starts a segment (it begins with a WebM or Ogg "
                        "header): when the recorder started, on the session clock (Unix ms)."
                    )
                ),
            )
        ],
        responses={200: ChunkOutput, 201: ChunkOutput},
    )
    def put(self, request, session_id: int, participant_id: int, n: int):
        media_type = _media_type(request)
        stored = chunk_store(
            session_id=session_id,
            user=request.user,
            participant_id=participant_id,
            n=n,
            data=bytes(request.data or b""),
            content_type=media_type,
            segment_start_ms=_segment_start(request),
        )
        chunk = stored.chunk
        body = {
            "participant": participant_id,
            "n": chunk.n,
            "size": chunk.size,
            "segment_start_ms": chunk.segment_start_ms,
            "created": stored.created,
        }
        return Response(body, status=status.HTTP_201_CREATED if stored.created else 200)


class TrackView(APIView):
    """How far your own track has come: after a reload, continue at ``next`` with a
    new segment."""

    @extend_schema(responses=TrackOutput)
    def get(self, request, session_id: int, participant_id: int):
        session = _session(request, session_id)
        track_owner(session=session, user=request.user, participant_id=participant_id)
        return Response(calls.track_state(session=session, user_id=participant_id))


class TrackCompleteView(APIView):
    """Your browser has stopped its recorder and uploaded every chunk (at the end of
    the call, or when you leave it). Once the session has ended and every track is
    complete, the recording is merged without waiting out the grace period. A new
    chunk opens the track again. Idempotent."""

    @extend_schema(request=None, responses=TrackOutput)
    def post(self, request, session_id: int, participant_id: int):
        session = _session(request, session_id)
        track_complete(session=session, user=request.user, participant_id=participant_id)
        return Response(calls.track_state(session=session, user_id=participant_id))


def _hearable(request, session_id: int) -> CallRecording:
    session = _session(request, session_id)
    if not calls.may_hear(session=session, user=request.user):
        raise PermissionDenied(_("Only the session's participants and the team's coaches."))
    recording = CallRecording.objects.filter(session=session).first()
    if recording is None:
        raise NotFound(_("This session has no call recording."))
    return recording


class CallRecordingAudioView(APIView):
    """The merged call (Ogg/Opus, three channels: agent, customer, coach), streamed
    with ranges to the session's participants and the team's coaches only."""

    @extend_schema(responses={(200, "audio/ogg"): OpenApiTypes.BINARY})
    def get(self, request, session_id: int):
        recording = _hearable(request, session_id)
        if recording.state != CallRecordingState.READY or not recording.file:
            raise Http404
        return private_audio_response(
            request, recording.file, content_type=recording.content_type or "audio/ogg"
        )


class CallReviewView(APIView):
    """A coach of the team opens a team review of the call in one click: the merged
    recording becomes a team recording (once) and the session's people review it."""

    @extend_schema(request=None, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, session_id: int):
        recording = _hearable(request, session_id)
        review = call_review_start(recording=recording, by=request.user)
        return Response(
            {"review": review.pk, "recording": review.recording_id},
            status=status.HTTP_201_CREATED,
        )
