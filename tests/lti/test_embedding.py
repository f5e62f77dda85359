"""What a session that came from an LMS launch may do that others may not: be framed
by that LMS, with cookies a cross-site iframe can keep (over HTTPS)."""

import pytest
from django.test import Client

from lti.middleware import SESSION_EMBEDDED
from lti.models import Platform

pytestmark = pytest.mark.django_db


def client_for(user, origin: str | None) -> Client:
    client = Client()
    client.force_login(user)
    if origin:
        session = client.session
        session[SESSION_EMBEDDED] = origin
        session.save()
    return client


def test_a_launched_session_may_be_framed_by_its_lms_with_cross_site_cookies(make_member, team):
    learner = make_member(team, "learner")
    client = client_for(learner, "https://lms.example.org")
    response = client.get("/fi/settings/", secure=True)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert response["Content-Security-Policy"] == "frame-ancestors 'self' https://lms.example.org"
    csrf = response.cookies["csrftoken"]
    assert (csrf["samesite"], bool(csrf["secure"])) == ("None", True)


def test_any_other_session_keeps_the_site_unframed(make_member, team):
    learner = make_member(team, "learner")
    response = client_for(learner, None).get("/fi/settings/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" not in response
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_only_a_coach_of_the_mapped_team_sees_its_lms_roster(make_member, mapped_team):
    team = mapped_team
    coach, learner = make_member(team, "coach"), make_member(team, "learner")
    assert client_for(coach, None).get(f"/lti/teams/{team.pk}/roster/").status_code == 200
    assert client_for(learner, None).get(f"/lti/teams/{team.pk}/roster/").status_code == 403


def test_the_jwks_endpoint_serves_public_keys_only(db):
    response = Client().get("/lti/jwks/")
    assert response.status_code == 200
    [key] = response.json()["keys"]
    assert key["alg"] == "RS256" and key["use"] == "sig" and "d" not in key


def test_an_administrator_registers_a_platform_in_the_wagtail_admin(db):
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/snippets/lti/platform/add/").status_code == 200
    response = client.post(
        "/admin/snippets/lti/platform/add/",
        {
            "name": "Moodle",
            "issuer": "https://moodle.example.org",
            "client_id": "abc123",
            "auth_login_url": "https://moodle.example.org/mod/lti/auth.php",
            "auth_token_url": "https://moodle.example.org/mod/lti/token.php",
            "auth_audience": "",
            "key_set_url": "https://moodle.example.org/mod/lti/certs.php",
            "deployment_ids": "1\n2\n",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert Platform.objects.get().deployment_id_list == ["1", "2"]
    assert client.get("/admin/snippets/lti/contextteam/add/").status_code == 200
