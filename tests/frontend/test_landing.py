"""After signing in, each person lands on their own work: a coach on their sessions, a
manager of one team on its dashboard, a learner on their course, an editor in the CMS."""

import pytest
from django.contrib.staticfiles import finders

from people.models import Team

pytestmark = pytest.mark.django_db


def signed_in_lands_on(client, username: str) -> str:
    response = client.post(
        "/accounts/login/", {"username": username, "password": "kohtaamo-demo"}, follow=True
    )
    assert response.status_code == 200
    return response.redirect_chain[-1][0]


def test_a_learner_lands_on_their_course_with_the_next_lesson(demo, client):
    landed = signed_in_lands_on(client, "learner")
    page = client.get(landed).content.decode()
    assert landed.endswith("/kohtaamisen-taito/")
    assert "Jatka: Asenne ennen ohjetta" in page  # Aino reads Finnish


def test_a_learner_landing_speaks_their_language(demo, client):
    landed = signed_in_lands_on(client, "learner2")
    assert landed.startswith("/en/") and landed.endswith("/art-of-the-encounter/")


def test_a_coach_lands_on_todays_and_upcoming_sessions(demo, client):
    landed = signed_in_lands_on(client, "coach")
    page = client.get(landed).content.decode()
    assert landed.endswith("/coach/")
    assert "data-agenda-today" in page and "data-agenda-upcoming" in page


def test_a_manager_of_one_team_lands_on_its_dashboard(demo, client):
    team = Team.objects.get(name="Myymälä Kajo")
    assert signed_in_lands_on(client, "manager2").endswith(f"/teams/{team.pk}/")


def test_a_manager_of_several_teams_lands_on_the_overview(demo, client):
    assert signed_in_lands_on(client, "manager").endswith("/teams/overview/")


def test_a_next_parameter_still_wins_over_the_landing(demo, client):
    response = client.post(
        "/accounts/login/?next=/en/learn/progress/",
        {"username": "learner", "password": "kohtaamo-demo"},
    )
    assert response["Location"] == "/en/learn/progress/"


def test_an_editor_lands_in_the_cms(demo, client):
    assert signed_in_lands_on(client, "editor").startswith("/admin/")


def test_every_page_names_a_favicon_and_a_description(demo, client):
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and 'name="description"' in page
    assert finders.find("frontend/favicon.svg")


def test_html_is_compressed_for_a_browser_that_accepts_gzip(demo, client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_static_files_are_compressed_in_the_laptop_mode_too(settings):
    from django.test import Client

    settings.DEBUG = True
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/frontend/manager/manager.css", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
