"""The demo organisation for page tests, and a client signed in as one of its people."""

import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase

from people.models import User


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    """Seed the demo once per module, in a transaction rolled back after the module.

    Each test runs inside it in its own savepoint (pytest-django's ``db``), so a test
    sees the demo as seeded and its own changes are undone; seeding per test cost
    more than the tests themselves.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True), open(os.devnull, "w") as quiet:
                call_command("seed_demo", stdout=quiet)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_for_module, db):
    """The seeded demo (people, progress, course, role-play), with its on-commit work done."""


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
