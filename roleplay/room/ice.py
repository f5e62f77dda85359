"""The ICE servers a browser in a call uses: ``ROLEPLAY_ICE_SERVERS`` as it is, and,
with ``ROLEPLAY_TURN_SECRET``, time-limited TURN credentials in the TURN REST scheme
that coturn checks with ``use-auth-secret`` / ``static-auth-secret``:

    username   = "<unix expiry time>:<user id>"
    credential = base64(HMAC-SHA1(secret, username))

coturn recomputes the credential from the username and refuses it after the expiry.
"""

import base64
import hashlib
import hmac
import time

from django.conf import settings


def turn_credentials(*, user_id: int, secret: str, ttl: int, now: float | None = None) -> dict:
    expires = int(now if now is not None else time.time()) + ttl
    username = f"{expires}:{user_id}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return {"username": username, "credential": base64.b64encode(digest).decode()}


def ice_servers(*, user_id: int) -> list[dict]:
    servers = list(settings.ROLEPLAY_ICE_SERVERS)
    if settings.ROLEPLAY_TURN_SECRET and settings.ROLEPLAY_TURN_URLS:
        credentials = turn_credentials(
            user_id=user_id,
            secret=settings.ROLEPLAY_TURN_SECRET,
            ttl=settings.ROLEPLAY_TURN_TTL,
        )
        servers.append({"urls": list(settings.ROLEPLAY_TURN_URLS), **credentials})
    return servers
