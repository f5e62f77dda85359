from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

# Sections that live outside the language-prefixed page tree.
UNPREFIXED = (
    "/api/",
    "/admin/",
    "/django-admin/",
    "/healthz",
    "/ws/",
    "/documents/",
    "/i18n/",
    "/scim/",
)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, minus the 404 redirect for unprefixed sections.

    Django retries a 404 under ``/<language>/``; with Wagtail's catch-all page route
    that would turn every missing API object into a redirect to an HTML page.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            response.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)


class DomainErrorMiddleware:
    """Pages answer a ``DomainError`` a view did not catch, once for every page.

    Forbidden and not found get the site's 403 and 404 pages; any other refusal is
    shown as an error message on the page the person came from (or the same page),
    so a form post that the rules refuse never becomes a server error. The API maps
    the same error in ``cms.api.exception_handler``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.contrib import messages
        from django.core.exceptions import PermissionDenied
        from django.http import Http404, HttpResponseRedirect
        from django.utils.http import url_has_allowed_host_and_scheme
        from django.views import defaults

        from core.errors import FORBIDDEN, NOT_FOUND, DomainError

        if not isinstance(exception, DomainError) or request.path_info.startswith("/api/"):
            return None
        if exception.code == FORBIDDEN:
            return defaults.permission_denied(request, PermissionDenied(str(exception.message)))
        if exception.code == NOT_FOUND:
            return defaults.page_not_found(request, Http404(str(exception.message)))
        messages.error(request, str(exception.message) or _first_message(exception))
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = request.get_full_path()
        return HttpResponseRedirect(back)


def _first_message(error) -> str:
    for messages in (error.errors or {}).values():
        if isinstance(messages, list) and messages:
            return str(messages[0])
    return ""


class ApiJsonErrorsMiddleware:
    """The API answers JSON always: an HTML 404 or 5xx under ``/api/`` becomes the API's
    error body, in DEBUG (Django's technical pages) as in production.

    Django still logs the error and sends ``got_request_exception`` before this runs;
    only the page is replaced, so no traceback reaches an API client.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith("/api/"):
            return response
        if response.status_code != 404 and response.status_code < 500:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        from django.http import JsonResponse
        from django.utils.translation import gettext as _

        if response.status_code == 404:
            return JsonResponse({"detail": _("Not found.")}, status=404)
        return JsonResponse(
            {"detail": _("Something went wrong on our side.")}, status=response.status_code
        )
