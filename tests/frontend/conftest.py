"""A demo person by username, and a client signed in as one of them (the seeded demo
itself is ``demo`` in tests/conftest.py)."""

import pytest
from django.test import Client

from people.models import User


@pytest.fixture
def person(demo):
    """``person("manager")``: a demo user by username."""
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def client_as(db):
    """``client_as(user)``: a test client signed in as ``user``, asking for English."""

    def sign_in(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return sign_in
