"""Running the room's database work off the event loop, on one kept connection.

Channels' ``database_sync_to_async`` calls ``close_old_connections`` around every
call, and with ``CONN_MAX_AGE = 0`` (this project's setting under ASGI) that opens
and closes a database connection for every frame: on SQLite that was about three
quarters of the cost of storing an event. The consumers' calls all run in asgiref's
single thread-sensitive executor thread, so that thread can keep one connection for
the room, the way persistent connections work in a WSGI worker. It is checked
before use when it has been idle for a while, and dropped after an error that left
it unusable, so a restarted database costs one reconnect, not a broken room.

Django keeps connections (and the active language) in asgiref's context-local
storage, not per thread. Run in each caller's own context, every connection and
every batch writer would open (and keep) a connection of its own: hundreds for a
busy room, more than PostgreSQL's pool holds. So all room work runs in one context
of its own, ``_ROOM_CONTEXT``: one connection per process. The caller's language is
carried across explicitly, so that error messages still speak the participant's.
"""

import contextvars
import functools
import time

from asgiref.sync import SyncToAsync, sync_to_async
from django.db import connection, connections
from django.utils import translation

from .loopdb import close_loop_connections

IDLE_CHECK_SECONDS = 30.0

_ROOM_CONTEXT = contextvars.Context()

_last_used = 0.0


def _prepare() -> None:
    if connection.connection is None:
        return
    if time.monotonic() - _last_used > IDLE_CHECK_SECONDS and not connection.is_usable():
        connection.close()


def _finish() -> None:
    global _last_used
    _last_used = time.monotonic()
    if connection.connection is None:
        return
    if connection.errors_occurred and not connection.is_usable():
        connection.close()
    elif connection.in_atomic_block:
        # Never leave a transaction open on the kept connection.
        connection.close()


def room_db(func):
    """``await room_db(service)(...)``: run ``service`` in the room's sync thread."""

    @functools.wraps(func)
    def call(language, *args, **kwargs):
        _prepare()
        try:
            with translation.override(language):
                return func(*args, **kwargs)
        finally:
            _finish()

    runner = sync_to_async(call, thread_sensitive=True, context=_ROOM_CONTEXT)

    @functools.wraps(func)
    async def run(*args, **kwargs):
        return await runner(translation.get_language(), *args, **kwargs)

    return run


def _close_all() -> None:
    for kept in connections.all(initialized_only=True):
        # Under test the kept connection may have been opened on another thread.
        kept.inc_thread_sharing()
        try:
            kept.close()
        finally:
            kept.dec_thread_sharing()


def close_room_connection() -> None:
    """Close the kept connection and the event loops' own (tests call this before
    dropping their database)."""
    SyncToAsync.single_thread_executor.submit(_ROOM_CONTEXT.run, _close_all).result()
    close_loop_connections()
