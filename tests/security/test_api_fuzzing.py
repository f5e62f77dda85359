"""Schemathesis over /api/schema/ as every demo user and anonymously: every operation,
called with generated input (coverage and fuzzing phases, then stateful sequences that
follow the links between operations), answers without a server error and as its
schema says (status, content type, body).

Requests go to the WSGI application in this process, against the test database with
the demo organisation seeded once per module (inside a transaction that is rolled
back at the end; each test runs in a savepoint of it). A few examples per operation
and short stateful runs keep the whole file to a few minutes on two cores.
"""

import os

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from people.services import access_token_create

# Every demo login, the new team's people (empty states), and no credentials at all.
USERS = [
    "learner",
    "learner2",
    "learner3",
    "learner4",
    "learner5",
    "coach",
    "coach2",
    "coach3",
    "manager",
    "manager2",
    "editor",
    None,
]
EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "2"))
STATEFUL_EXAMPLES = int(os.environ.get("FUZZ_STATEFUL_EXAMPLES", "5"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]


@pytest.fixture(scope="module")
def demo_tokens(django_db_setup, django_db_blocker):
    """The demo organisation, seeded once for the module, and each login's API token."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        users = get_user_model().objects.filter(username__in=[u for u in USERS if u])
        tokens = {user.username: access_token_create(user=user)[1] for user in users}
        assert set(tokens) == {u for u in USERS if u}
        yield tokens
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def keep_the_test_connection(db):
    """As Django's test client does: the test's connection stays open between requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _headers(demo_tokens, username) -> dict:
    # The WSGI transport hands over the body as the app sent it: ask for it unencoded,
    # since GZipMiddleware would otherwise compress it for a client that cannot inflate.
    headers = {"Accept-Encoding": "identity"}
    if username is not None:
        headers["Authorization"] = f"Token {demo_tokens[username]}"
    return headers


# A call's audio chunks (PUT .../tracks/{participant}/chunks/{n}/) are raw bytes of
# audio/webm or audio/ogg: the generated body goes as it is.
schemathesis.serializer.alias(["audio/webm", "audio/ogg"], "application/octet-stream")

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.mark.parametrize("username", USERS, ids=lambda u: u or "anonymous")
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    phases=[Phase.explicit, Phase.generate],
)
def test_every_operation_answers_without_a_server_error_and_as_documented(
    case, username, demo_tokens
):
    response = case.call(headers=_headers(demo_tokens, username))
    case.validate_response(response, checks=CHECKS)


@pytest.mark.parametrize("username", USERS, ids=lambda u: u or "anonymous")
def test_sequences_of_calls_answer_without_a_server_error_and_as_documented(username, demo_tokens):
    headers = _headers(demo_tokens, username)

    class AsThisUser(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    AsThisUser.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            phases=[Phase.generate],
        )
    )
