"""The pages people click, under /fi/ and /en/; one small app per kind of user."""

from django.urls import include, path

urlpatterns = [
    path("", include("frontend.learner.urls")),
    path("coach/", include("frontend.coach.urls")),
    path("teams/", include("frontend.manager.urls")),
]
