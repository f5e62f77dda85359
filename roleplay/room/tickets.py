"""Signed, single-use WebSocket tickets, for clients that cannot send the session
cookie (docs/roleplay-protocol.md)."""

import uuid
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import RolePlaySession, TicketUse

TICKET_SALT = "roleplay.ticket"
TICKET_MAX_AGE = 60


def ticket_issue(*, session: RolePlaySession, user) -> str:
    """A signed, single-use ticket valid for ``TICKET_MAX_AGE`` seconds."""
    payload = {"s": session.pk, "u": user.pk, "j": uuid.uuid4().hex}
    return signing.dumps(payload, salt=TICKET_SALT, compress=False)


def ticket_redeem(*, ticket: str) -> tuple[int, int] | None:
    """``(session id, user id)`` for a valid, unused ticket, spending it; else None."""
    try:
        payload = signing.loads(ticket, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
        session_id, user_id, jti = int(payload["s"]), int(payload["u"]), str(payload["j"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    try:
        with transaction.atomic():
            TicketUse.objects.create(jti=jti)
    except IntegrityError:
        return None
    return session_id, user_id


def tickets_purge() -> int:
    """Forget spent tickets old enough to have expired anyway; how many were removed.

    A ticket is refused after ``TICKET_MAX_AGE`` by its signature alone, so its
    ``TicketUse`` row is needed only until then.
    """
    cutoff = timezone.now() - timedelta(seconds=TICKET_MAX_AGE + 60)
    deleted, _by_model = TicketUse.objects.filter(used_at__lt=cutoff).delete()
    return deleted
