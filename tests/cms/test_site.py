"""What a visitor gets from the front door, the admin, the API docs and the health check."""

import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_home_page_speaks_english_to_an_english_browser(client, demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Every encounter decides" in html


def test_home_page_speaks_finnish_to_a_finnish_browser(client, demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert "Jokainen kohtaaminen" in html
    assert "Kirjaudu sisään" in html


def test_a_signed_in_persons_language_wins_over_the_browser(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="learner2"))  # prefers English
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Every encounter decides" in html


def test_language_prefixed_pages_exist_for_both_locales(client, demo):
    assert "Every encounter" in client.get("/en/").content.decode()
    assert "Jokainen kohtaaminen" in client.get("/fi/").content.decode()


def test_admin_asks_to_log_in(client, demo):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith("/admin/login/")


def test_editor_can_use_the_wagtail_admin(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="editor"))
    assert client.get("/admin/").status_code == 200


def test_learner_cannot_use_the_wagtail_admin(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="learner"))
    assert client.get("/admin/").status_code == 302


def test_api_docs_page_is_served(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_schema_is_valid_openapi_3(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/me/" in schema["paths"]
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_health_check_reports_database_and_channel_layer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "channel_layer": "ok"}


def test_seeding_twice_changes_nothing(demo, django_user_model):
    from wagtail.models import Page

    from progress.models import Competency

    counts = (django_user_model.objects.count(), Page.objects.count(), Competency.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    again = (django_user_model.objects.count(), Page.objects.count(), Competency.objects.count())
    assert again == counts
    assert counts[2] == 16  # eight competencies, in Finnish and English


def test_an_id_too_long_for_the_database_is_no_such_page_not_a_server_error(client, db):
    for path in (
        "/api/lessons/15880254303258111037350608896/complete/",
        "/api/roleplay/sessions/49270520878835245483294720/",
    ):
        assert client.get(path).status_code == 404, path
