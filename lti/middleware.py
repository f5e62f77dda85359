"""Let a session that came from an LMS launch live inside the LMS's iframe.

Only sessions started by a launch are affected: their pages may be framed by that
platform's origin (CSP ``frame-ancestors`` instead of ``X-Frame-Options: DENY``), and
their session and CSRF cookies are ``SameSite=None; Secure`` over HTTPS, which is what
a browser needs to send them inside a cross-site iframe. Everyone else keeps the
site's defaults.
"""

from django.conf import settings

SESSION_EMBEDDED = "lti_embedded_origin"


class EmbeddedLaunchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        origin = session.get(SESSION_EMBEDDED) if session is not None else None
        if not origin:
            return response
        if "X-Frame-Options" in response:
            del response["X-Frame-Options"]
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = f"frame-ancestors 'self' {origin}"
        if request.is_secure():
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    response.cookies[name]["samesite"] = "None"
                    response.cookies[name]["secure"] = True
        return response
