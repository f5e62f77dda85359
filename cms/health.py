"""``/healthz``: is the database answering, and does the channel layer deliver?"""

import asyncio
import logging

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database failed")
        return False
    finally:
        connection.close()


async def _channel_layer_ok() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        channel = await layer.new_channel("healthz.")
        await layer.send(channel, {"type": "healthz.ping"})
        message = await asyncio.wait_for(layer.receive(channel), timeout=2)
        return message.get("type") == "healthz.ping"
    except Exception:
        logger.exception("Health check: channel layer failed")
        return False


async def healthz(request):
    database = await sync_to_async(_database_ok, thread_sensitive=False)()
    channel_layer = await _channel_layer_ok()
    healthy = database and channel_layer
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": "ok" if database else "error",
            "channel_layer": "ok" if channel_layer else "error",
        },
        status=200 if healthy else 503,
    )
