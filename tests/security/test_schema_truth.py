"""The OpenAPI schema tells the truth: what may be null, what is required, and every
error a client can get, with the error body's shape."""

import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    return APIClient().get("/api/schema/", HTTP_ACCEPT="application/json").json()


def _component(schema, ref):
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def _body_schema(schema, path, method):
    content = schema["paths"][path][method]["requestBody"]["content"]["application/json"]
    return _component(schema, content["schema"])


def test_every_signed_in_operation_documents_401_and_403_with_the_error_body(schema):
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path == "/api/auth/token/":
                continue
            for code in ("401", "403"):
                content = operation["responses"].get(code, {}).get("content", {})
                ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
                if not ref.endswith("/Error"):
                    missing.append((method, path, code))
    assert missing == []


def test_every_operation_with_input_documents_400_with_field_errors(schema):
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            takes_input = "requestBody" in operation or any(
                p["in"] == "query" for p in operation.get("parameters", [])
            )
            if takes_input and "400" not in operation["responses"]:
                missing.append((method, path))
    assert missing == []
    body = schema["components"]["schemas"]["ValidationError"]
    assert set(body["required"]) == {"detail", "errors"}


def test_operations_on_a_named_object_document_404_and_role_play_actions_409(schema):
    paths = schema["paths"]
    assert "404" in paths["/api/roleplay/sessions/{session_id}/"]["get"]["responses"]
    assert "409" in paths["/api/roleplay/sessions/{session_id}/debrief/"]["get"]["responses"]
    assert "409" in paths["/api/roleplay/sessions/{session_id}/participants/"]["post"]["responses"]
    assert "429" in paths["/api/auth/token/"]["post"]["responses"]


def test_a_sessions_scheduled_time_may_be_null_in_the_session_list(schema):
    listed = schema["paths"]["/api/roleplay/sessions/"]["get"]["responses"]["200"]
    item = _component(schema, listed["content"]["application/json"]["schema"]["items"])
    assert item["properties"]["scheduled_at"].get("nullable") is True


def test_creating_a_session_requires_what_its_kind_needs(schema):
    body = _body_schema(schema, "/api/roleplay/sessions/", "post")
    required = [set(_component(schema, alt)["required"]) for alt in body["oneOf"]]
    assert required == [{"scenario", "team"}, {"kind", "scenario"}, {"kind", "recording"}]
    response = _api(UserFactory()).post("/api/roleplay/sessions/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"scenario", "team"}


def test_an_empty_patch_of_me_changes_nothing_as_the_schema_says(schema):
    body = _body_schema(schema, "/api/me/", "patch")
    assert not body.get("required")
    user = UserFactory(language="fi")
    response = _api(user).patch("/api/me/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["language"] == "fi"


def _api(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client
