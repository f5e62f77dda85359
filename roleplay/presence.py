"""Open connections per participant: a cap, and presence that does not flap.

Every connection has a ``RoomPresence`` row, written in the transaction that holds the
session row's lock (``participant_join``, ``participant_leave``), so the count is
right across server processes whatever the channel layer. A process renews its rows'
``seen_at`` every ``ttl / 3`` seconds (``heartbeat``); the rows of a process killed with
``kill -9`` are not renewed and stop counting after ``ttl``, so they never lock anyone
out for long.

Presence events mean "came in" and "went away", not "a socket opened": a ``join`` is
stored only when the participant had no other connection, and the ``leave`` of the
last one waits ``grace`` seconds; a reconnect within it cancels the leave and stores
no join. So reconnecting fifteen times stores nothing.
"""

import asyncio
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import RoomPresence

logger = logging.getLogger(__name__)

# The participant already has the allowed number of connections open to this session.
CLOSE_TOO_MANY_CONNECTIONS = 4429
DEFERRED = "deferred"

_DEFAULTS = {"connections": 3, "ttl": 30.0, "grace": 2.0}


def config(name: str):
    return getattr(settings, "ROLEPLAY_PRESENCE", {}).get(name, _DEFAULTS[name])


class TooManyConnections(Exception):
    pass


def arrive(*, session_id: int, user_id: int, connection_id: str, origin: str) -> bool:
    """Count the new connection in (the session row is locked); whether it is an arrival
    worth a ``join`` event. Raises ``TooManyConnections`` past the cap."""
    now = timezone.now()
    mine = RoomPresence.objects.filter(session_id=session_id, user_id=user_id)
    mine.filter(seen_at__lt=now - timedelta(seconds=config("ttl"))).delete()
    open_ones = mine.filter(left_at__isnull=True).count()
    if open_ones >= config("connections"):
        raise TooManyConnections(
            _("You have %(count)d connections to this session open already; close one first.")
            % {"count": open_ones}
        )
    # A leave still waiting out its grace period: this is a reconnect, not an arrival.
    reconnect = mine.filter(left_at__isnull=False).delete()[0] > 0
    RoomPresence.objects.create(
        session_id=session_id,
        user_id=user_id,
        connection_id=connection_id,
        origin=origin,
        seen_at=now,
    )
    return not reconnect and open_ones == 0


def depart(*, connection_id: str, session_ended: bool) -> str | None:
    """Count the connection out (the session row is locked): ``"now"`` when a ``leave``
    is due at once, ``DEFERRED`` when it waits out the grace period, None for none."""
    row = RoomPresence.objects.filter(connection_id=connection_id).first()
    if row is None:
        return None
    others = (
        RoomPresence.objects.filter(
            session_id=row.session_id,
            user_id=row.user_id,
            left_at__isnull=True,
            seen_at__gte=timezone.now() - timedelta(seconds=config("ttl")),
        )
        .exclude(pk=row.pk)
        .exists()
    )
    if others or session_ended:
        row.delete()
        return None
    if config("grace") <= 0:
        row.delete()
        return "now"
    row.left_at = timezone.now()
    row.save(update_fields=["left_at"])
    return DEFERRED


def settle(*, connection_id: str) -> bool:
    """After the grace period (the session row is locked): whether the leave is still
    due, i.e. no reconnect took the waiting row away meanwhile."""
    return (
        RoomPresence.objects.filter(connection_id=connection_id, left_at__isnull=False).delete()[0]
        > 0
    )


def renew(*, origin: str) -> int:
    """The heartbeat of one server process: its open connections are still there."""
    return RoomPresence.objects.filter(origin=origin, left_at__isnull=True).update(
        seen_at=timezone.now()
    )


def settle_later(hub, viewer, connection_id: str) -> None:
    """Store and publish the leave after the grace period, unless a reconnect came."""
    loop = asyncio.get_running_loop()

    async def run():
        from . import services
        from .db import room_db

        try:
            left = await room_db(services.participant_leave_settle)(
                viewer=viewer, connection_id=connection_id
            )
        except Exception:
            logger.warning("Role-play presence: settling a leave failed", exc_info=True)
            return
        if left is not None:
            await hub.publish(viewer.session_id, left)

    loop.call_later(config("grace"), lambda: loop.create_task(run()))


async def heartbeat_forever(origin: str) -> None:
    from .db import room_db

    while True:
        await asyncio.sleep(config("ttl") / 3)
        try:
            await room_db(renew)(origin=origin)
        except Exception:
            logger.warning("Role-play presence: the heartbeat failed", exc_info=True)
