"""The OpenID Connect client, configured from settings and built on Authlib.

Authlib reads the provider's discovery document, makes the PKCE verifier, the
``state`` and the ``nonce``, keeps them in the session and checks the ID token's
signature against the provider's JWKS; Kohtaamo only says which provider and scopes.
"""

import threading

from authlib.integrations.django_client import OAuth
from django.conf import settings

_lock = threading.Lock()
_clients: dict[tuple, object] = {}


def sso_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def provider():
    """The Authlib client for the configured provider, made once per configuration.

    Keyed by the settings so that a changed configuration (a test's override) gets a
    fresh client instead of the discovery document of another provider.
    """
    key = (
        settings.OIDC_ISSUER,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
        settings.OIDC_TIMEOUT,
    )
    with _lock:
        client = _clients.get(key)
        if client is None:
            registry = OAuth()
            client = registry.register(
                name="kohtaamo_oidc",
                client_id=settings.OIDC_CLIENT_ID,
                client_secret=settings.OIDC_CLIENT_SECRET,
                server_metadata_url=f"{settings.OIDC_ISSUER}/.well-known/openid-configuration",
                client_kwargs={
                    "scope": settings.OIDC_SCOPES,
                    "code_challenge_method": "S256",
                    "default_timeout": settings.OIDC_TIMEOUT,
                },
            )
            _clients[key] = client
        return client
