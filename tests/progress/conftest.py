"""Fixtures for progress: the competency framework, milestones, and recording with the
on-commit work (milestone evaluation, LRS delivery) run as it would after a commit."""

import pytest
from rest_framework.test import APIClient

from demo.progress import seed_competencies
from progress.models import Milestone
from progress.services import record_statement


@pytest.fixture
def competencies(db):
    return seed_competencies()


@pytest.fixture
def record(django_capture_on_commit_callbacks):
    """``record_statement`` followed by what runs once its transaction commits."""

    def _record(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return record_statement(**kwargs)

    return _record


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a callable and then its on-commit callbacks: ``committed(client.post, ...)``."""

    def _run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return _run


def condition(kind: str, **value) -> dict:
    """One raw StreamField child: ``condition("quiz_passed", competency=3, min_percent=80)``."""
    if kind == "signed_off":
        return {"type": "signed_off", "value": None}
    return {"type": kind, "value": value}


def group(match: str, *conditions: dict) -> dict:
    return {"type": "group", "value": {"match": match, "conditions": list(conditions)}}


@pytest.fixture
def make_milestone(db):
    def make(*conditions: dict, match: str = "all", name: str = "Milestone", **fields):
        return Milestone.objects.create(name=name, match=match, criteria=list(conditions), **fields)

    return make


@pytest.fixture
def api():
    """An API client signed in as ``user``: ``api(user).get(...)``."""

    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for
