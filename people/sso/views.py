"""Sign-in pages: the login page with its SSO button, the OIDC redirect and callback,
and a logout that also ends the provider's session where it offers end-session.

Every failure a person can meet ends on a page in their language with a status
code, never a 500; the log says what failed, never a token.
"""

import logging

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from joserfc.errors import JoseError

from .client import provider, sso_enabled
from .services import SignInRefused, sso_user_sign_in

logger = logging.getLogger(__name__)

NEXT_KEY = "sso_next"
ID_TOKEN_KEY = "sso_id_token"

ERRORS = {
    "provider_down": (
        503,
        _("Your company's sign-in service did not answer. Please try again in a moment."),
    ),
    "state": (
        400,
        _("The sign-in took too long or was started in another window. Please start it again."),
    ),
    "invalid_token": (
        400,
        _("Your company's sign-in service sent an answer that could not be verified."),
    ),
    "denied": (403, _("The sign-in was cancelled or refused by your company's sign-in service.")),
    "disabled": (404, _("Single sign-on is not set up on this site.")),
    "password_off": (403, _("Sign in with your company account instead.")),
}


def sso_context() -> dict:
    return {
        "sso_enabled": sso_enabled(),
        "sso_provider_name": settings.OIDC_PROVIDER_NAME,
        "password_login": settings.PASSWORD_LOGIN,
    }


def error_page(request, code: str, message=None, status: int | None = None):
    default_status, default_message = ERRORS.get(code, (400, ""))
    return render(
        request,
        "people/sso_error.html",
        {"code": code, "message": message or default_message, **sso_context()},
        status=status or default_status,
    )


class LoginView(auth_views.LoginView):
    """Django's login page, with the SSO button and password sign-in that can be off."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **sso_context()}

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            return error_page(request, "password_off")
        return super().post(request, *args, **kwargs)


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


@require_GET
def sso_login(request):
    """Send the person to the provider, with PKCE, state and nonce kept in the session."""
    if not sso_enabled():
        return error_page(request, "disabled")
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
    redirect_uri = request.build_absolute_uri(reverse("sso-callback"))
    try:
        return provider().authorize_redirect(
            request, redirect_uri, ui_locales=translation.get_language()
        )
    except (requests.RequestException, ValueError, KeyError) as exc:
        logger.warning("SSO provider discovery failed: %s", type(exc).__name__)
        return error_page(request, "provider_down")


@require_GET
def sso_callback(request):
    """Check the provider's answer, find or create the account, and sign it in."""
    if not sso_enabled():
        return error_page(request, "disabled")
    try:
        token = provider().authorize_access_token(request, leeway=settings.OIDC_CLOCK_SKEW)
    except MismatchingStateError:
        logger.warning("SSO callback refused: state did not match")
        return error_page(request, "state")
    except OAuthError as exc:
        logger.warning("SSO callback refused by the provider: %s", exc.error)
        code = "denied" if exc.error in ("access_denied", "login_required") else "invalid_token"
        return error_page(request, code)
    except JoseError as exc:
        logger.warning("SSO ID token refused: %s", exc.error)
        return error_page(request, "invalid_token")
    except requests.RequestException as exc:
        logger.warning("SSO provider unreachable: %s", type(exc).__name__)
        return error_page(request, "provider_down")
    claims = token.get("userinfo")
    if not claims:
        # Without a verified ID token (and its nonce), nothing says who this is.
        logger.warning("SSO callback refused: no ID token in the token response")
        return error_page(request, "invalid_token")
    try:
        user = sso_user_sign_in(claims=dict(claims))
    except SignInRefused as exc:
        logger.info("SSO sign-in refused (%s)", exc.code)
        return error_page(request, exc.code, message=exc.message, status=403)
    next_url = request.session.get(NEXT_KEY) or settings.LOGIN_REDIRECT_URL
    auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # Kept only as the id_token_hint of the provider's end-session at logout.
    request.session[ID_TOKEN_KEY] = token.get("id_token", "")
    translation.activate(user.language)
    return redirect(next_url)


@require_POST
def logout(request):
    """End the Kohtaamo session, then the provider's where it has an end-session URL."""
    id_token = request.session.get(ID_TOKEN_KEY)
    auth.logout(request)
    if id_token and sso_enabled():
        try:
            metadata = provider().load_server_metadata()
        except (requests.RequestException, ValueError):
            metadata = {}
        if metadata.get("end_session_endpoint"):
            return provider().logout_redirect(
                request,
                post_logout_redirect_uri=request.build_absolute_uri(settings.LOGOUT_REDIRECT_URL),
                id_token_hint=id_token,
            )
    return redirect(settings.LOGOUT_REDIRECT_URL)
