"""Group commit for the live room: whatever is waiting is stored in one transaction.

Storing an event is a few short statements and a commit; under load most of the
cost is the commit and the hop into the database thread, paid once per event. The
writer lets events queue while a batch is being stored, then stores the next batch
in one transaction, each event in its own savepoint, so that one refused frame (a
``say`` while paused, a duplicate ``client_msg_id``) never affects its neighbours.
A lone event on a quiet room is stored at once, as before.

``say`` frames, nearly all of a live room's traffic, skip the per-event savepoint
and ORM work: a run of them is stored by ``saybatch.event_say_batch`` in a fixed
number of statements however long the run (see
docs/decisions/0005-batched-say-writes.md); on PostgreSQL a batch of nothing but says
is one statement outside any transaction (0012), which the writer sends from the event
loop itself, on a connection of its own (``loopdb``), with no hop into the database
thread.

After the commit the writer publishes the batch in ``seq`` order, and only then
tells each sender its result: broadcast first, ack second, as the protocol promises.
Other processes get one relay per session per batch, not one per event.

Within a batch events are taken in ascending session order (keeping their arrival
order inside one session), so two processes' batches lock sessions in the same order
and cannot deadlock.
"""

import asyncio
import logging
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import translation

from . import services
from .db import room_db
from .eventlog import Recorded
from .fanout import hub
from .loopdb import loop_database
from .perloop import per_loop
from .saybatch import event_say_batch, says_in_one_statement

logger = logging.getLogger(__name__)

MAX_BATCH = 256
# Group commit under steady load: a batch that would hold a single event, when the
# previous one ended less than ``BUSY_WITHIN`` ago, first waits ``LINGER`` for others
# (at a rate of events that fills a batch sooner, see ``TARGET_BATCH``).
# A batch's fixed cost (the hop into the database thread, BEGIN, the statements,
# COMMIT) is most of what storing an event costs; a lone event on a quiet room is
# stored at once.
LINGER = 0.004
BUSY_WITHIN = 0.05
# Under a steady rate the linger is as long as this many events take to arrive, at most
# ``MAX_LINGER``: a process that serves half of the traffic (one of two on Redis) waits
# a little longer for a batch of the same size, instead of paying the hop into the
# database thread twice as often per event (docs/decisions/0009-redis-relay.md).
TARGET_BATCH = 4
MAX_LINGER = 0.008
RATE_WINDOW = 0.1


@dataclass
class _Job:
    service: Any
    arguments: dict
    language: str | None
    future: asyncio.Future = field(repr=False)

    @property
    def session_id(self) -> int:
        return self.arguments["viewer"].session_id


def _store_one(job: _Job) -> Any:
    try:
        with translation.override(job.language), transaction.atomic():
            return job.service(**job.arguments)
    except Exception as error:  # handed to the sender, as the service raised it
        return error


def _store_batch(jobs: list[_Job]) -> list[Any]:
    says_only = all(job.service is services.event_say for job in jobs)
    if says_only and connection.vendor == "postgresql":
        # The usual batch on PostgreSQL: one statement in autocommit, one round trip.
        # If it raises (a concurrent resend from another process) nothing is stored
        # and the batch goes the way below. Inside a caller's transaction (tests) it
        # takes a savepoint, so that the failure leaves that transaction usable.
        try:
            scope = transaction.atomic() if connection.in_atomic_block else nullcontext()
            with scope:
                stored = says_in_one_statement([job.arguments for job in jobs])
        except IntegrityError:
            pass
        else:
            return [
                result if result is not None else _store_one(job)
                for job, result in zip(jobs, stored, strict=True)
            ]
    elif says_only:
        # The usual batch, says only: without the says' savepoint. A concurrent
        # resend from another process (IntegrityError) rolls it all back; then again
        # with the savepoint, which sends those says the one-by-one way.
        try:
            with transaction.atomic():
                stored = event_say_batch([job.arguments for job in jobs], savepoint=False)
                return [
                    result if result is not None else _store_one(job)
                    for job, result in zip(jobs, stored, strict=True)
                ]
        except IntegrityError:
            pass
    results: list[Any] = []
    with transaction.atomic():
        start = 0
        while start < len(jobs):
            if jobs[start].service is not services.event_say:
                results.append(_store_one(jobs[start]))
                start += 1
                continue
            # A run of says, the hot path, in a fixed number of statements; what it
            # leaves (refused or unusual) goes one by one, as every other frame does.
            end = start
            while end < len(jobs) and jobs[end].service is services.event_say:
                end += 1
            run = jobs[start:end]
            stored = event_say_batch([job.arguments for job in run])
            for job, result in zip(run, stored, strict=True):
                results.append(result if result is not None else _store_one(job))
            start = end
    return results


class Writer:
    """One per event loop (that is, per server process)."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[_Job] = asyncio.Queue()
        self.task: asyncio.Task | None = None
        self.last_batch_end = float("-inf")
        # Events handed in per second, measured over ``RATE_WINDOW``.
        self.rate = 0.0
        self.arrived = 0
        self.counted_from = float("-inf")

    async def store(self, service, **arguments) -> Recorded:
        loop = asyncio.get_running_loop()
        self.arrived += 1
        job = _Job(service, arguments, translation.get_language(), loop.create_future())
        self.queue.put_nowait(job)
        if self.task is None or self.task.done():
            self.task = loop.create_task(self._run())
        return await job.future

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while not self.queue.empty():
            linger = self._linger(loop.time())
            if linger:
                await asyncio.sleep(linger)
            jobs = [self.queue.get_nowait()]
            while not self.queue.empty() and len(jobs) < MAX_BATCH:
                jobs.append(self.queue.get_nowait())
            jobs.sort(key=lambda job: job.session_id)  # stable: arrival order kept per session
            try:
                results = await _store(jobs)
            except Exception as error:  # the commit itself failed: nothing was stored
                for job in jobs:
                    if not job.future.done():
                        job.future.set_exception(error)
                continue
            finally:
                self.last_batch_end = loop.time()
            await _publish(jobs, results)
            for job, result in zip(jobs, results, strict=True):
                if job.future.done():
                    continue
                if isinstance(result, Exception):
                    job.future.set_exception(result)
                else:
                    job.future.set_result(result)

    def _linger(self, now: float) -> float:
        """How long to wait for more events before storing what is queued."""
        elapsed = now - self.counted_from
        if elapsed >= RATE_WINDOW:
            self.rate = self.arrived / elapsed if elapsed < float("inf") else 0.0
            self.arrived, self.counted_from = 0, now
        waiting = self.queue.qsize()
        if now - self.last_batch_end >= BUSY_WITHIN:
            return 0.0  # a lone event on a quiet room: at once
        if waiting == 1 and self.rate * MAX_LINGER < 1:
            return LINGER  # a slow but steady room: as before
        if waiting >= TARGET_BATCH or not self.rate:
            return 0.0
        return min(MAX_LINGER, (TARGET_BATCH - waiting) / self.rate)


async def _store(jobs: list[_Job]) -> list[Any]:
    """Store a batch: a batch of says on the event loop's own connection if it can be
    (what that leaves, through the database thread), anything else in the thread."""
    if all(job.service is services.event_say for job in jobs):
        stored = await loop_database().store_says([job.arguments for job in jobs])
        if stored is not None:
            left = [job for job, result in zip(jobs, stored, strict=True) if result is None]
            if left:
                refused = iter(await room_db(_store_each)(left))
                stored = [result if result is not None else next(refused) for result in stored]
            return stored
    return await room_db(_store_batch)(jobs)


def _store_each(jobs: list[_Job]) -> list[Any]:
    return [_store_one(job) for job in jobs]


async def _publish(jobs: list[_Job], results: list[Any]) -> None:
    """Broadcast what the batch stored, session by session, each in ``seq`` order."""
    by_session: dict[int, list[Recorded]] = {}
    for job, result in zip(jobs, results, strict=True):
        if isinstance(result, Recorded) and not result.duplicate:
            by_session.setdefault(job.session_id, []).extend((*result.earlier, result))
    for session_id, stored in by_session.items():
        stored.sort(key=lambda event: event.seq)
        try:
            await hub().publish_many(session_id, stored)
        except Exception:
            # Stored all the same: the senders still get their acks, and whoever
            # missed the broadcast gets the events on resume.
            logger.exception("Role-play writer: publishing to session %s failed", session_id)


writer = per_loop(Writer)
