"""Recordings for team reviews under ``/api/roleplay/recordings/``, and saving a
review as a lesson example. A recording is found only among the caller's teams' (any
other id is a 404), its audio is streamed only through ``RecordingAudioView`` after
that check, and only a coach of the team uploads or deletes."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.fields import IdRelatedField
from core.ranges import private_audio_response
from people.models import Team

from .api import _session_and_viewer
from .callrecording.reviews import call_lesson_example_save
from .kinds import kind_of
from .models import CallRecording, Recording, RecordingKind
from .review import selectors as review_selectors
from .review.services import lesson_example_save, recording_delete, recording_upload


class RecordingInput(serializers.Serializer):
    team = IdRelatedField(queryset=Team.objects.all())
    title = serializers.CharField(max_length=160)
    kind = serializers.ChoiceField(choices=RecordingKind.choices)
    file = serializers.FileField(
        required=False,
        help_text=_("The call's audio (kind audio): MP3, WAV, Ogg, FLAC, M4A, WebM."),
    )
    transcript = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The chat or e-mail thread (kinds chat and email), or the call's transcript."),
    )


class RecordingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    team = serializers.IntegerField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    transcript = serializers.CharField()
    audio = serializers.CharField(allow_null=True, help_text=_("Where members stream the audio."))
    created_at = serializers.DateTimeField()


def _recording(request, recording_id: int) -> Recording:
    recording = review_selectors.recordings_of(user=request.user).filter(pk=recording_id).first()
    if recording is None:
        raise NotFound(_("No such recording."))
    return recording


class RecordingListView(APIView):
    """The recordings of my teams; a coach uploads one (multipart) for their team."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=RecordingOutput(many=True))
    def get(self, request):
        recordings = review_selectors.recordings_of(user=request.user)
        return Response([review_selectors.recording_payload(r) for r in recordings])

    @extend_schema(
        request={"multipart/form-data": RecordingInput}, responses={201: RecordingOutput}
    )
    def post(self, request):
        data = RecordingInput(data=request.data)
        data.is_valid(raise_exception=True)
        recording = recording_upload(by=request.user, **data.validated_data)
        return Response(
            review_selectors.recording_payload(recording), status=status.HTTP_201_CREATED
        )


class RecordingDetailView(APIView):
    """One recording; a coach of the team deletes it with its reviews and examples."""

    @extend_schema(responses=RecordingOutput)
    def get(self, request, recording_id: int):
        return Response(review_selectors.recording_payload(_recording(request, recording_id)))

    @extend_schema(responses={204: None})
    def delete(self, request, recording_id: int):
        recording = _recording(request, recording_id)
        recording_delete(recording=recording, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RecordingAudioView(APIView):
    """The audio, streamed to members of the recording's team only; never cached by
    shared caches and never sniffed into another type by the browser. A ``Range``
    header gets that part (206), so a player can seek."""

    @extend_schema(responses={(200, "audio/*"): OpenApiTypes.BINARY})
    def get(self, request, recording_id: int):
        recording = _recording(request, recording_id)
        if recording.kind != RecordingKind.AUDIO or not recording.file:
            raise Http404
        return private_audio_response(
            request, recording.file, content_type=recording.content_type or "audio/mpeg"
        )


class CallMomentInput(serializers.Serializer):
    at_seconds = serializers.FloatField(
        min_value=0, help_text=_("The moment: seconds from the start of the call's recording.")
    )
    note = serializers.CharField(max_length=500, help_text=_("What the moment shows."))
    speaker = serializers.ChoiceField(
        choices=[("agent", "agent"), ("customer", "customer"), ("coach", "coach")],
        default="agent",
    )


class LessonExampleView(APIView):
    """After a review has ended, the coach saves its moments and averages as a lesson
    example for editors (Role-play → Lesson examples in the admin). After a live
    role-play with a recorded call, a coach of the team saves a moment of the call
    (``at_seconds``, ``note``, ``speaker``): each moment saved is added to the session's
    one example. The response also carries the moments as rows of a call-recording
    block's transcript (m:ss)."""

    @extend_schema(request=CallMomentInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, session_id: int):
        session, viewer = _session_and_viewer(request, session_id)
        kind = kind_of(session.kind)
        if kind.lesson_examples:
            debrief = review_selectors.review_debrief(session=session, viewer=viewer)
            example = lesson_example_save(session=session, by=request.user, debrief=debrief)
        elif kind.calls and CallRecording.objects.filter(session=session).exists():
            moment = CallMomentInput(data=request.data)
            moment.is_valid(raise_exception=True)
            debrief = kind.debrief(session=session, viewer=viewer)
            example = call_lesson_example_save(
                session=session,
                by=request.user,
                criteria=debrief["criteria"],
                **moment.validated_data,
            )
        else:
            raise NotFound(_("Only a recording review or a recorded call has a lesson example."))
        return Response(
            {
                "id": example.pk,
                "title": example.title,
                "summary": example.summary,
                "transcript_rows": example.moments,
                "averages": example.averages,
                "admin_url": f"/admin/snippets/roleplay/lessonexample/edit/{example.pk}/",
            },
            status=status.HTTP_201_CREATED,
        )
