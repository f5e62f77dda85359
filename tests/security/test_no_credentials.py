"""No credentials on the API is 401 with a ``WWW-Authenticate`` challenge; the pages'
JavaScript keeps signing in by the session cookie, with CSRF checked."""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.security.test_schema_exposure import PUBLIC

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    return APIClient().get("/api/schema/", HTTP_ACCEPT="application/json").json()


def test_every_data_operation_without_credentials_is_401_with_a_token_challenge(schema):
    api = APIClient()
    wrong = []
    for path, operations in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        for method in operations:
            if method not in ("get", "post", "put", "patch", "delete") or (method, path) in PUBLIC:
                continue
            response = getattr(api, method)(concrete, {}, format="json")
            if response.status_code != 401 or response.get("WWW-Authenticate") != "Token":
                wrong.append((method, path, response.status_code))
            elif not response.json()["detail"]:
                wrong.append((method, path, "no detail"))
    assert wrong == []


def test_a_wrong_token_is_401_too():
    response = APIClient().get("/api/me/", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_session_cookie_still_signs_the_pages_javascript_in_with_csrf_checked():
    user = UserFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.get("/api/me/").status_code == 200
    refused = browser.patch("/api/me/", {"language": "en"}, content_type="application/json")
    assert refused.status_code == 403  # signed in, but no CSRF token: not a 401
    token = "k" * 32  # what a page's CSRF cookie holds and its JS sends back
    browser.cookies["csrftoken"] = token
    allowed = browser.patch(
        "/api/me/", {"language": "en"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert allowed.status_code == 200
