"""API-wide conventions: every error is JSON with a ``detail`` message.

The error body is a contract (``ErrorBody`` in the schema)::

    {"detail": "<a sentence for a person, in the request's language>",
     "errors": {"<field>": ["<message>", ...], ...}}   # 400 only

``detail`` is always there. A 400 also carries ``errors``: field name to messages
(or, for a field with parts, to a dict of its parts' messages), so a client can
point at the field that was wrong; a refusal that names no field is under
``non_field_errors``. Other statuses (401, 403, 404, 405, 409, 415, 429, 500) carry
``detail`` only. A ``core.errors.DomainError`` raised by a service or a selector is
mapped here, once: its ``code`` picks the status (``core.errors.HTTP_STATUS``).
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError


def _validation_body(errors) -> dict:
    if isinstance(errors, list):
        errors = {"non_field_errors": errors}
    detail = _("Some fields are not valid.")
    non_field = errors.get("non_field_errors") if isinstance(errors, dict) else None
    if non_field and len(errors) == 1:
        detail = str(non_field[0])
    return {"detail": detail, "errors": errors}


def domain_error_response(error: DomainError) -> Response:
    """The HTTP answer for a refusal by the rules: status by code, the same body."""
    status = error.http_status
    if status != 400:
        return Response({"detail": str(error.message)}, status=status)
    errors = error.errors or {"non_field_errors": [str(error.message)]}
    body = _validation_body(exceptions.ValidationError(errors).detail)
    if error.message and error.errors:
        body["detail"] = str(error.message)
    return Response(body, status=400)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return domain_error_response(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(response.data)
    elif isinstance(exc, exceptions.ParseError):
        # A body that is not JSON at all: still a 400 with ``errors``, as every 400 is.
        response.data = _validation_body([str(exc.detail)])
    elif not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": str(response.data)}
    return response


def public_api_only(endpoints, **kwargs):
    """Keep the OpenAPI schema to Kohtaamo's own API (Wagtail's admin API is internal)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": _("Something went wrong on our side.")}, status=500)
    from django.views.defaults import server_error as django_server_error

    return django_server_error(request)
