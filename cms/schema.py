"""The OpenAPI schema documents every error a client can get, with the error body.

Rather than annotate each view, this AutoSchema adds the error responses by what an
operation takes: credentials (401, 403), input in a body or a query (400, 415 for a
body of another type), an object named in the path, body or query (404), the
role-play state machine (409), a body over a view's size limit (413, views with
``body_size_limited``), and the sign-in lockout (429). The bodies are the
``Error`` and ``ValidationError`` components: the contract ``cms.api`` describes.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class Error(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the caller's language."))


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "object", "additionalProperties": {}},
            ]
        },
        "description": "Field name to its messages (or, for a field with parts, to each "
        "part's messages); non_field_errors for a refusal that names no field.",
    }
)
class FieldErrors(serializers.DictField):
    pass


class ValidationError(Error):
    errors = FieldErrors()


# The role-play state machine: an action the session's state does not allow is 409.
CONFLICT_MODULES = ("roleplay.",)
DESCRIPTIONS = {
    "400": _("The input is not valid; ``errors`` names each wrong field."),
    "401": _("No credentials, or credentials that are not valid."),
    "403": _("Signed in, but not allowed (or, with the session cookie, no CSRF token)."),
    "404": _("No such object, or one the caller may not see."),
    "409": _("The session's state does not allow this now."),
    "413": _("The body is over this operation's size limit."),
    "415": _("The body is not in a format this operation reads."),
    "429": _("Too many failed sign-in attempts."),
}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code in self._error_codes(operation):
            if code in responses:
                continue
            body = ValidationError if code == "400" else Error
            response = self._get_response_for_code(body, code, ["application/json"])
            response["description"] = str(DESCRIPTIONS[code])
            responses[code] = response
        return operation

    def _error_codes(self, operation) -> list[str]:
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation
        has_query = any(p["in"] == "query" for p in parameters)
        names_object = has_body or has_query or any(p["in"] == "path" for p in parameters)
        permissions = self.view.get_permissions()
        public = all(isinstance(p, AllowAny) for p in permissions)
        codes = []
        if has_body or has_query:
            codes.append("400")
        if not public:
            codes += ["401", "403"]
        if names_object and not public:
            codes.append("404")
        conflicts = self.method != "GET" or "debrief" in self.path
        if not public and conflicts and type(self.view).__module__.startswith(CONFLICT_MODULES):
            codes.append("409")
        if has_body and getattr(self.view, "body_size_limited", False):
            codes.append("413")
        if has_body:
            codes.append("415")
        if public:
            codes.append("429")
        return codes
