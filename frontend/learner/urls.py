"""The learner's pages: onboarding path, progress, role-plays, solo practice, settings."""

from django.urls import path

from . import views

app_name = "learner"
urlpatterns = [
    path("learn/", views.home, name="home"),
    path("learn/progress/", views.my_progress, name="progress"),
    path("learn/role-plays/", views.my_roleplays, name="roleplays"),
    path("learn/role-plays/<id:session_id>/", views.roleplay_debrief, name="debrief"),
    path("learn/practice/", views.practice, name="practice"),
    path("learn/practice/start/", views.practice_start, name="practice-start"),
    path("learn/practice/<id:session_id>/", views.practice_room, name="practice-room"),
    path(
        "learn/practice/<id:session_id>/debrief/",
        views.practice_debrief,
        name="practice-debrief",
    ),
    path("settings/", views.my_settings, name="settings"),
    path("settings/tokens/", views.token_create, name="token-create"),
    path("settings/tokens/<id:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("language/", views.set_language, name="set_language"),
]
