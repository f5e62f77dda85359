"""The tool's URLs, fixed (no language prefix): the LMS registration names them."""

from django.urls import path

from . import views

app_name = "lti"
urlpatterns = [
    path("login/", views.login_initiation, name="login"),
    path("launch/", views.launch, name="launch"),
    path("jwks/", views.jwks, name="jwks"),
    path("continue/<str:token>/", views.continue_launch, name="continue"),
    path("deep-link/", views.deep_link, name="deep-link"),
    path("practice/<id:scenario_id>/", views.practice, name="practice"),
    path("teams/<id:team_id>/roster/", views.roster, name="roster"),
]
