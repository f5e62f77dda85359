"""The coach's pages under /<lang>/coach/; the room and the debrief serve every role."""

from django.urls import path

from . import views

app_name = "coach"
urlpatterns = [
    path("", views.library, name="home"),
    path("sessions/new/", views.session_start, name="session-start"),
    path("sessions/<int:session_id>/room/", views.room, name="room"),
    path("sessions/<int:session_id>/debrief/", views.debrief, name="debrief"),
]
