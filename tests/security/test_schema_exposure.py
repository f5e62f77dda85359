"""The OpenAPI schema is public, so it must show shapes only: no data, and every data
operation it lists refuses an anonymous caller."""

import re

import pytest
from rest_framework.test import APIClient

from tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

# The only operations an anonymous caller may use: signing in, the schema itself, and
# what verifiers of Open Badges credentials read (they answer only what a credential
# already says).
PUBLIC = {
    ("post", "/api/auth/token/"),
    ("get", "/api/schema/"),
    ("get", "/api/progress/credentials/{credential_id}/verify/"),
    ("post", "/api/progress/credentials/verify/"),
    ("get", "/api/progress/credentials/status/revocation/"),
}


@pytest.fixture
def schema(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def test_an_anonymous_caller_gets_the_operations_but_no_data(schema):
    team = TeamFactory(name="Team Secretive")
    MembershipFactory(user=UserFactory(username="hidden-learner"), team=team, role="learner")
    text = str(APIClient().get("/api/schema/", HTTP_ACCEPT="application/json").json())
    assert schema["paths"]
    assert "Team Secretive" not in text and "hidden-learner" not in text
    assert all(path.startswith("/api/") for path in schema["paths"])  # no internal APIs


def test_every_data_operation_in_the_schema_refuses_an_anonymous_caller(schema):
    api = APIClient()
    allowed = []
    for path, operations in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        for method in operations:
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            if (method, path) in PUBLIC:
                continue
            status = getattr(api, method)(concrete, {}, format="json").status_code
            if status not in (401, 403):
                allowed.append((method, path, status))
    assert allowed == []
