"""Guessing passwords gets slow, without letting a stranger lock anyone else out.

Five failures lock one account at one address (whoever guesses there, even with the
right password afterwards), and one address that fails five times on any accounts. The
same account from another address still signs in: nobody can lock a coach out just
before a session by typing wrong passwords for their username.
"""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on")]


@pytest.fixture
def axes_on():
    from axes.models import AccessAttempt

    with override_settings(AXES_ENABLED=True):
        yield
    AccessAttempt.objects.all().delete()


def token(username, password, address="10.0.0.1"):
    return APIClient().post(
        "/api/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_five_wrong_passwords_lock_the_account_at_that_address_even_with_the_right_one(
    make_member, team
):
    make_member(team, "learner", username="aino", password="right-pass-123")
    for attempt in range(4):
        assert token("aino", f"wrong-{attempt}", address="10.0.0.1").status_code == 400
    assert token("aino", "wrong-5", address="10.0.0.1").status_code == 429
    locked = token("aino", "right-pass-123", address="10.0.0.1")
    assert locked.status_code == 429
    assert "Too many failed login attempts" in locked.json()["detail"]
    assert token("aino", "right-pass-123", address="10.9.9.9").status_code == 200


def test_strangers_guessing_a_coachs_password_do_not_lock_the_coach_out(make_member, team):
    make_member(team, "coach", username="kaisa", password="right-pass-123")
    for attempt in range(8):
        token("kaisa", f"wrong-{attempt}", address=f"10.3.3.{attempt}")
    assert token("kaisa", "right-pass-123", address="10.4.4.4").status_code == 200


def test_one_address_guessing_many_accounts_is_locked(make_member, team):
    for n in range(6):
        make_member(team, "learner", username=f"user{n}", password="right-pass-123")
    for n in range(5):
        token(f"user{n}", "wrong", address="10.1.1.1")
    assert token("user5", "right-pass-123", address="10.1.1.1").status_code == 429
    assert token("user5", "right-pass-123", address="10.2.2.2").status_code == 200


def test_a_few_mistakes_do_not_lock_anyone_out(make_member, team):
    make_member(team, "learner", username="eero", password="right-pass-123")
    for _ in range(3):
        token("eero", "wrong")
    assert token("eero", "right-pass-123").status_code == 200


def test_the_login_page_is_throttled_too(client, make_member, team):
    make_member(team, "learner", username="sanna", password="right-pass-123")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "sanna", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "sanna", "password": "right-pass-123"})
    assert response.status_code == 429
