"""The API answers JSON always: an unknown path and a server error, in DEBUG and not."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("debug", [True, False])
def test_an_unknown_api_path_is_a_json_404(client, debug):
    with override_settings(DEBUG=debug):
        response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("debug", [True, False])
@override_settings(ROOT_URLCONF="tests.cms.crash_urls")
def test_a_server_error_in_the_api_is_json_without_a_traceback(client, debug):
    with override_settings(DEBUG=debug):
        response = client.get("/api/broken/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Something went wrong on our side."}
    assert b"a bug" not in response.content


@override_settings(DEBUG=True)
def test_an_unknown_page_outside_the_api_keeps_djangos_page(client):
    response = client.get("/django-admin/no-such-thing/")
    assert response["Content-Type"].startswith("text/html")
