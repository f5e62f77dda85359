"""Kohtaamo's own signing keys: made on first use or by ``manage.py lti_rotate_key``.

The private keys live in the database (``ToolKey``), never in the repository; the
public halves are served at /lti/jwks/ for platforms to verify what Kohtaamo signs.
"""

import json
from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import transaction
from django.utils import timezone
from jwcrypto.jwk import JWK

from .models import ToolKey

# A retired key stays in the JWKS this long: platforms cache keysets, and a deep link
# signed just before a rotation must still verify.
RETIRED_KEY_PUBLISHED_FOR = timedelta(days=7)


def _public_jwk(private_key_pem: str) -> dict:
    jwk = JWK.from_pem(private_key_pem.encode())
    public = json.loads(jwk.export_public())
    public.update({"alg": "RS256", "use": "sig", "kid": jwk.thumbprint()})
    return public


def tool_key_create() -> ToolKey:
    """A new 2048-bit RSA key; the kid is its JWK thumbprint (RFC 7638)."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return ToolKey.objects.create(kid=_public_jwk(pem)["kid"], private_key_pem=pem)


def tool_key_rotate() -> ToolKey:
    """Retire the signing key in use and sign with a new one from now on."""
    with transaction.atomic():
        ToolKey.objects.filter(retired_at__isnull=True).update(retired_at=timezone.now())
        return tool_key_create()


def current_tool_key() -> ToolKey:
    """The key to sign with, made the first time one is needed."""
    key = ToolKey.objects.filter(retired_at__isnull=True).first()
    if key is None:
        with transaction.atomic():
            key = ToolKey.objects.select_for_update().filter(retired_at__isnull=True).first()
            if key is None:
                key = tool_key_create()
    return key


def public_keyset() -> dict:
    """The JWKS: the current key and the recently retired ones."""
    current_tool_key()
    since = timezone.now() - RETIRED_KEY_PUBLISHED_FOR
    keys = ToolKey.objects.filter(retired_at__isnull=True) | ToolKey.objects.filter(
        retired_at__gte=since
    )
    return {"keys": [_public_jwk(key.private_key_pem) for key in keys.order_by("-created_at")]}


def public_key_pem(key: ToolKey) -> str:
    private = serialization.load_pem_private_key(key.private_key_pem.encode(), password=None)
    return (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
