from django.urls import path

from . import api

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("teams/<id:team_id>/members/", api.TeamMembersView.as_view(), name="api-team-members"),
]
