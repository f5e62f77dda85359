from django.urls import path

from . import api

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("me/tokens/", api.MyTokensView.as_view(), name="api-my-tokens"),
    path("me/tokens/<id:token_id>/", api.MyTokenView.as_view(), name="api-my-token"),
    path("teams/<id:team_id>/members/", api.TeamMembersView.as_view(), name="api-team-members"),
]
