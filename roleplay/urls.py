from django.urls import path

from . import api, api_calls, api_recordings

urlpatterns = [
    path("scenarios/", api.ScenarioListView.as_view(), name="roleplay-scenarios"),
    path("sessions/", api.SessionListView.as_view(), name="roleplay-sessions"),
    path("sessions/<id:session_id>/", api.SessionDetailView.as_view(), name="roleplay-session"),
    path(
        "sessions/<id:session_id>/participants/",
        api.ParticipantsView.as_view(),
        name="roleplay-participants",
    ),
    path("sessions/<id:session_id>/tickets/", api.TicketView.as_view(), name="roleplay-tickets"),
    path(
        "sessions/<id:session_id>/transcript/",
        api.TranscriptView.as_view(),
        name="roleplay-transcript",
    ),
    path("sessions/<id:session_id>/debrief/", api.DebriefView.as_view(), name="roleplay-debrief"),
    path(
        "sessions/<id:session_id>/lesson-example/",
        api_recordings.LessonExampleView.as_view(),
        name="roleplay-lesson-example",
    ),
    path(
        "sessions/<id:session_id>/tracks/<id:participant_id>/",
        api_calls.TrackView.as_view(),
        name="roleplay-call-track",
    ),
    path(
        "sessions/<id:session_id>/tracks/<id:participant_id>/complete/",
        api_calls.TrackCompleteView.as_view(),
        name="roleplay-call-track-complete",
    ),
    path(
        "sessions/<id:session_id>/tracks/<id:participant_id>/chunks/<id:n>/",
        api_calls.TrackChunkView.as_view(),
        name="roleplay-call-chunk",
    ),
    path(
        "sessions/<id:session_id>/recording/audio/",
        api_calls.CallRecordingAudioView.as_view(),
        name="roleplay-call-audio",
    ),
    path(
        "sessions/<id:session_id>/recording/review/",
        api_calls.CallReviewView.as_view(),
        name="roleplay-call-review",
    ),
    path("recordings/", api_recordings.RecordingListView.as_view(), name="roleplay-recordings"),
    path(
        "recordings/<id:recording_id>/",
        api_recordings.RecordingDetailView.as_view(),
        name="roleplay-recording",
    ),
    path(
        "recordings/<id:recording_id>/audio/",
        api_recordings.RecordingAudioView.as_view(),
        name="roleplay-recording-audio",
    ),
]
