"""API tokens expire, die with the password, and their owner can list and revoke them."""

import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from people.models import AccessToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_member, team):
    return make_member(team, "coach", username="kaisa", password="right-pass-123")


def sign_in(username="kaisa", password="right-pass-123"):
    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def with_token(key):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def assert_rejected(response):
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "not valid" in response.json()["detail"]


def test_a_new_token_works_for_thirty_days_by_default(person):
    body = sign_in()
    assert set(body) >= {"token", "id", "expires_at"}
    assert with_token(body["token"]).get("/api/me/").json()["username"] == "kaisa"
    token = AccessToken.objects.get(pk=body["id"])
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)


def test_an_expired_token_is_refused_with_401(person):
    with override_settings(API_TOKEN_TTL_DAYS=1 / 86400):  # one second
        key = sign_in()["token"]
    assert with_token(key).get("/api/me/").status_code == 200
    time.sleep(1.2)
    assert_rejected(with_token(key).get("/api/me/"))


def test_changing_the_password_revokes_every_token(person):
    first, second = sign_in()["token"], sign_in()["token"]
    person.set_password("a-new-pass-456")
    person.save()
    assert_rejected(with_token(first).get("/api/me/"))
    assert_rejected(with_token(second).get("/api/me/"))
    assert (
        with_token(sign_in(password="a-new-pass-456")["token"]).get("/api/me/").status_code == 200
    )


def test_saving_a_person_without_a_new_password_keeps_their_tokens(person):
    key = sign_in()["token"]
    person.first_name = "Kaisa"
    person.save()
    assert with_token(key).get("/api/me/").status_code == 200


def test_an_unknown_or_malformed_token_is_refused_with_401(person):
    assert_rejected(with_token("0" * 40).get("/api/me/"))
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION="Token")
    assert client.get("/api/me/").status_code == 401


def test_only_a_hash_of_the_key_is_stored(person):
    body = sign_in()
    token = AccessToken.objects.get(pk=body["id"])
    stored = " ".join(str(value) for value in AccessToken.objects.values_list().get())
    assert body["token"] not in stored
    assert len(token.key_hash) == 64
    assert body["token"].startswith(token.prefix)


def test_a_person_lists_their_own_tokens_without_the_keys(person, make_member, team):
    make_member(team, "learner", username="aino", password="right-pass-123")
    sign_in("aino")
    mine = [sign_in(), sign_in()]
    response = with_token(mine[1]["token"]).get("/api/me/tokens/")
    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [mine[1]["id"], mine[0]["id"]]
    assert [row["current"] for row in rows] == [True, False]
    assert set(rows[0]) == {
        "id",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "current",
    }
    assert mine[0]["token"] not in response.content.decode()


def test_a_person_revokes_a_token_and_it_stops_working_at_once(person):
    keep, revoke = sign_in(), sign_in()
    client = with_token(keep["token"])
    assert client.delete(f"/api/me/tokens/{revoke['id']}/").status_code == 204
    assert_rejected(with_token(revoke["token"]).get("/api/me/"))
    assert [row["id"] for row in client.get("/api/me/tokens/").json()] == [keep["id"]]


def test_nobody_revokes_someone_elses_token(person, make_member, team):
    make_member(team, "learner", username="aino", password="right-pass-123")
    theirs = sign_in("aino")
    response = with_token(sign_in()["token"]).delete(f"/api/me/tokens/{theirs['id']}/")
    assert response.status_code == 404
    assert response.json()["detail"]
    assert with_token(theirs["token"]).get("/api/me/").status_code == 200


def test_a_signed_in_person_makes_a_named_token(person):
    client = APIClient()
    client.force_authenticate(person)
    response = client.post("/api/me/tokens/", {"name": "Reporting script"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Reporting script"
    assert with_token(body["token"]).get("/api/me/").status_code == 200


def test_the_settings_page_shows_a_new_token_once_and_revokes_it(client, person):
    client.force_login(person)
    page = client.get("/en/settings/")
    assert "You have no API tokens." in page.content.decode()

    created = client.post("/en/settings/tokens/", {"name": "My laptop"})
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    token = AccessToken.objects.get(user=person)
    html = created.content.decode()
    key = html.split("<code data-token-key>")[1].split("</code>")[0]
    assert key.startswith(token.prefix)
    assert "Copy it now: it is shown only this once." in html
    assert with_token(key).get("/api/me/").status_code == 200

    again = client.get("/en/settings/").content.decode()
    assert "My laptop" in again
    assert key not in again

    revoked = client.post(f"/en/settings/tokens/{token.pk}/revoke/", follow=True)
    assert "The token is revoked" in revoked.content.decode()
    assert_rejected(with_token(key).get("/api/me/"))


def test_the_token_section_of_the_settings_page_speaks_finnish(client, person):
    client.force_login(person)
    html = client.get("/fi/settings/").content.decode()
    assert "API-avaimet" in html
    assert "Sinulla ei ole API-avaimia." in html


def test_a_persons_tokens_are_in_their_data_export_and_die_with_erasure(person):
    from people import privacy

    key = sign_in()["token"]
    exported = privacy.export(person)["api_tokens"]
    assert [row["prefix"] for row in exported] == [key[:8]]
    assert key not in str(exported)
    privacy.erase(person)
    assert_rejected(with_token(key).get("/api/me/"))


def test_an_administrator_sees_and_revokes_a_persons_tokens_but_never_their_keys(client, person):
    from tests.factories import UserFactory

    body = sign_in()
    token = AccessToken.objects.get(pk=body["id"])
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    listing = client.get("/django-admin/people/accesstoken/").content.decode()
    assert token.prefix in listing
    detail = client.get(f"/django-admin/people/accesstoken/{token.pk}/change/").content.decode()
    assert token.key_hash not in detail
    assert body["token"] not in detail
    deleted = client.post(
        f"/django-admin/people/accesstoken/{token.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert deleted.status_code == 200
    assert_rejected(with_token(body["token"]).get("/api/me/"))
