"""API token authentication: ``Authorization: Token <key>`` with Kohtaamo's own tokens.

DRF's authtoken stores keys in plain text and keeps them for ever; these tokens are
stored hashed, expire, and go when the password changes (people.models.AccessToken).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from . import selectors, services


class TokenRejected(exceptions.APIException):
    """401 for a token that is unknown, expired or revoked.

    Not ``AuthenticationFailed``: DRF turns that into 403 when the first
    authentication class (the session) has no challenge to offer. A client holding a
    dead token must be told to authenticate again, with the scheme to use.
    """

    status_code = 401
    default_detail = _("The token is not valid: it is unknown, expired or revoked.")
    default_code = "authentication_failed"
    auth_header = "Token"


class AccessTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed as error:
            # A malformed header ("Token" alone, spaces in the key) is a bad token too.
            raise TokenRejected(error.detail) from error

    def authenticate_credentials(self, key):
        token = selectors.access_token_for_key(key=key)
        if token is None or not token.user.is_active:
            raise TokenRejected()
        services.access_token_mark_used(token=token)
        return token.user, token


class AccessTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token (drf-spectacular finds it by class)."""

    target_class = "people.authentication.AccessTokenAuthentication"
    name = "tokenAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Token <key>`. Get a key from `POST /api/auth/token/` (username and "
                "password) or `POST /api/me/tokens/`; it is shown once. Keys expire after "
                "API_TOKEN_TTL_DAYS (30 by default) and are revoked when the password "
                "changes or with `DELETE /api/me/tokens/{id}/`. An unknown, expired or "
                "revoked key is 401 with `WWW-Authenticate: Token`."
            ),
        }
