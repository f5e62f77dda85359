"""The Wagtail admin makes no calls to third parties about the editors using it."""

import hashlib

import pytest
from django.test import override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/account/", "/admin/users/"]


def editor():
    return UserFactory(
        username="eeva", email="Eeva.Editor@example.com", is_staff=True, is_superuser=True
    )


def test_admin_pages_send_no_editor_e_mail_hash_to_gravatar(client):
    user = editor()
    email_hash = hashlib.md5(user.email.lower().encode()).hexdigest()  # noqa: S324
    client.force_login(user)
    for url in ADMIN_PAGES:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "gravatar" not in html.lower(), url
        assert email_hash not in html, url


@override_settings(WAGTAIL_GRAVATAR_PROVIDER_URL="https://avatars.example.com/avatar")
def test_an_operator_can_opt_in_to_an_avatar_service(client):
    client.force_login(editor())
    assert "avatars.example.com/avatar/" in client.get("/admin/").content.decode()
