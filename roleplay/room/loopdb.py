"""The say batch's one statement, sent from the event loop (PostgreSQL only).

On PostgreSQL a batch of nothing but says is one statement in autocommit
(``saybatch.OneStatement``, docs/decisions/0012-one-statement-say-batches.md). Sent
through the room's database thread (``db.room_db``), every batch paid two hops
between threads: ``ThreadPoolExecutor.submit`` waking the thread, and
``call_soon_threadsafe`` waking the loop for the result. With two processes on Redis
each stores half of the events in batches of the same size, so it hops twice as often
per event, and those hops were most of what the Redis tier cost beyond one process
(docs/decisions/0009-redis-relay.md). So each event loop keeps a psycopg
``AsyncConnection`` of its own, in autocommit, and the writer sends that statement on
it. Everything else goes through the room's thread as before: every other frame, the
says the statement did not store (``event_say`` refuses them with the right error),
and a batch whose statement failed on a concurrent resend.

The connection is opened when it is first needed. While it cannot be had (PostgreSQL
away, or refusing), the batch goes the thread's way, which reconnects or fails as it
always did, and another connect is tried after ``RECONNECT_EVERY``. A statement that
fails because PostgreSQL ended the connection before reading it (a restart, an
administrator's ``pg_terminate_backend``) never ran, so it goes the thread's way too;
any other failure reaches the senders, as a failed commit does.
"""

import asyncio
import logging
import time
import weakref

import psycopg
from django.db import connections

from .perloop import per_loop
from .saybatch import OneStatement

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 2.0
RECONNECT_EVERY = 1.0

# Every loop's connection, so that tests can let their database go.
_open: "weakref.WeakSet[LoopDatabase]" = weakref.WeakSet()


class LoopDatabase:
    """One per event loop: its connection, opened on first use."""

    def __init__(self) -> None:
        self.connection: psycopg.AsyncConnection | None = None
        self.failed_at = float("-inf")
        self.on_postgres = connections["default"].vendor == "postgresql"
        self.batches = 0  # stored here, not in the thread (the tests look)
        _open.add(self)

    async def store_says(self, says: list[dict]) -> list | None:
        """Store a batch of says; ``None`` if it must go the thread's way instead."""
        if not self.on_postgres:
            return None
        connection = await self._connection()
        if connection is None:
            return None
        batch = OneStatement(says)
        parameter = batch.parameter
        if parameter is None:
            return batch.results([])
        try:
            cursor = await connection.execute(batch.sql, [parameter])
            rows = await cursor.fetchall()
        except psycopg.IntegrityError:
            return None  # a concurrent resend: stored again the old way, which finds it
        except psycopg.errors.AdminShutdown:
            self.close()
            return None  # ended before reading the statement: it never ran
        except psycopg.Error:
            if connection.broken or connection.closed:
                self.close()
            raise
        self.batches += 1
        return batch.results(rows)

    async def _connection(self) -> psycopg.AsyncConnection | None:
        connection = self.connection
        if connection is not None and not connection.closed and not connection.broken:
            return connection
        self.close()
        if time.monotonic() - self.failed_at < RECONNECT_EVERY:
            return None
        try:
            async with asyncio.timeout(CONNECT_TIMEOUT):
                self.connection = await psycopg.AsyncConnection.connect(
                    **_connection_parameters(), autocommit=True
                )
        except Exception:
            self.failed_at = time.monotonic()
            logger.warning("Role-play writer: no own connection to PostgreSQL", exc_info=True)
            return None
        return self.connection

    def close(self) -> None:
        """Close the connection at once, whether or not its loop still runs."""
        connection, self.connection = self.connection, None
        if connection is not None and not connection.closed:
            connection.pgconn.finish()


def _connection_parameters() -> dict:
    """Django's parameters for its own connections, less what only they use."""
    parameters = connections["default"].get_connection_params()
    for django_only in ("cursor_factory", "context", "pool"):
        parameters.pop(django_only, None)
    return parameters


def close_loop_connections() -> None:
    for database in list(_open):
        database.close()


loop_database = per_loop(LoopDatabase, on_drop=LoopDatabase.close)
