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
