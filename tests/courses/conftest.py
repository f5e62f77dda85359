"""Fixtures for the course tests: a site with home pages and competencies, and people."""

import pytest
from rest_framework.test import APIClient

from tests.courses.tree import setup_site


@pytest.fixture
def site(db):
    """(home page in the default locale, competencies by slug)."""
    return setup_site()


@pytest.fixture
def home(site):
    return site[0]


@pytest.fixture
def competencies(site):
    return site[1]


@pytest.fixture
def learner(make_member, team):
    return make_member(team, "learner", language="fi")


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def as_user(api):
    """``as_user(user)`` signs the API client in as ``user`` and returns it."""

    def sign_in(user):
        api.force_authenticate(user)
        return api

    return sign_in
