"""The pages of a team's managers and coaches: their teams, a dashboard, one learner."""

from django.urls import path

from . import views

app_name = "manager"
urlpatterns = [
    path("", views.my_teams, name="teams"),
    path("overview/", views.overview, name="overview"),
    path("<id:team_id>/", views.team_dashboard, name="dashboard"),
    path("<id:team_id>/learners/<id:user_id>/", views.team_learner, name="learner"),
]
