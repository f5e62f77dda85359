"""The call recording's chunk uploads, on a shorter stack than the site's pages.

Every speaker in a call uploads a chunk of their microphone's recording every few
seconds, which makes the chunk ``PUT`` the busiest request of a process with many
call rooms. Through the site's middleware (seventeen of them, several written for
pages only) a chunk crossed between the event loop and a thread six times and ran
GZip, WhiteNoise, messages, Wagtail's redirects and the lockout checks for nothing.

``IntakeHandler`` serves exactly that request (``is_chunk_upload``) with the
middleware a signed-in JSON API request needs, in their order in
``settings.MIDDLEWARE``, and runs all of it in one hop into the request's thread.
Django REST framework checks the CSRF token itself (``SessionAuthentication``), so the
answers are those of the full stack: the same authentication, language, JSON errors
and security headers.
"""

import re

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.exception import convert_exception_to_response
from django.utils.module_loading import import_string

CHUNK_UPLOAD = re.compile(r"/api/roleplay/sessions/\d+/tracks/\d+/chunks/\d+/")

INTAKE_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.ApiJsonErrorsMiddleware",
    "lti.middleware.EmbeddedLaunchMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LocaleMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "people.middleware.PreferredLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)


def is_chunk_upload(scope: dict) -> bool:
    path = scope["path"].removeprefix(scope.get("root_path", ""))
    return scope["method"] == "PUT" and CHUNK_UPLOAD.fullmatch(path) is not None


class IntakeHandler(ASGIHandler):
    """Django's ASGI handler with ``INTAKE_MIDDLEWARE``, synchronous end to end."""

    def load_middleware(self, is_async=False):
        # None of these has view, template-response or exception hooks that apply to
        # an API request (DomainErrorMiddleware, the one with an exception hook, lets
        # /api/ through to the API's own exception handler, so it is not here).
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(INTAKE_MIDDLEWARE):
            handler = convert_exception_to_response(import_string(path)(handler))
        self._middleware_chain = handler

    async def get_response_async(self, request):
        # The request's own thread (ThreadSensitiveContext), where Django's
        # request_started and request_finished also close its database connection.
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
