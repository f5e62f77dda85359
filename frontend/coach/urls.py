"""The coach's pages under /<lang>/coach/; the room and the debrief serve every role."""

from django.urls import path

from . import views

app_name = "coach"
urlpatterns = [
    path("", views.library, name="home"),
    path("sessions/new/", views.session_start, name="session-start"),
    path("sessions/<id:session_id>/room/", views.room, name="room"),
    path("sessions/<id:session_id>/debrief/", views.debrief, name="debrief"),
    path("sessions/<id:session_id>/call-review/", views.call_review, name="call-review"),
    path("sessions/<id:session_id>/call-example/", views.call_example, name="call-example"),
    path("recordings/", views.recordings, name="recordings"),
    path("recordings/<id:recording_id>/delete/", views.recording_delete, name="recording-delete"),
    path("recordings/<id:recording_id>/review/", views.review_start, name="review-start"),
    path("reviews/<id:session_id>/room/", views.review_room, name="review-room"),
    path("reviews/<id:session_id>/debrief/", views.review_debrief, name="review-debrief"),
    path(
        "reviews/<id:session_id>/lesson-example/",
        views.lesson_example,
        name="lesson-example",
    ),
]
