"""API-wide conventions: every error is JSON with a ``detail`` message.

Validation errors also carry ``errors``: field name to messages, so a client can
point at the field that was wrong.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data
        if isinstance(errors, list):
            errors = {"non_field_errors": errors}
        detail = _("Some fields are not valid.")
        non_field = errors.get("non_field_errors") if isinstance(errors, dict) else None
        if non_field and len(errors) == 1:
            detail = str(non_field[0])
        response.data = {"detail": detail, "errors": errors}
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
