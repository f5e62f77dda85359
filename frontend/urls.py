"""The pages people click, under /fi/ and /en/; one small app per kind of user."""

from django.urls import include, path

from . import start

urlpatterns = [
    path("start/", start.start, name="start"),
    path("", include("frontend.learner.urls")),
    path("coach/", include("frontend.coach.urls")),
    path("teams/", include("frontend.manager.urls")),
]
