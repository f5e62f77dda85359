"""Schemathesis over /api/schema/: every operation, called by a signed-in coach with
generated input, answers without a server error and as its schema says.

Requests go to the WSGI application in this process, against the test database; a few
examples per operation keep the run short (about 30 operations).
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from people.services import access_token_create
from tests.factories import MembershipFactory, TeamFactory, UserFactory

EXAMPLES_PER_OPERATION = 6
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(autouse=True)
def keep_the_test_connection(db):
    """As Django's test client does: the test's connection stays open between requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in(db):
    team = TeamFactory()
    coach = UserFactory()
    MembershipFactory(user=coach, team=team, role="coach")
    MembershipFactory(user=UserFactory(), team=team, role="learner")
    return {"Authorization": f"Token {access_token_create(user=coach)[1]}"}


schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_answers_without_a_server_error_and_as_documented(case, signed_in):
    response = case.call(headers=signed_in)
    case.validate_response(response, checks=CHECKS)
