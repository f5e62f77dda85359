"""Checking the call's signals in batches, the way the writer stores events.

Every ``rtc`` frame is checked against the session's participants and its call before
it is relayed: two queries in the room's one database thread. A process with many
call rooms gets a few hundred signals a second (each renegotiation is an offer, an
answer and a handful of ICE candidates), and one hop into that thread per signal
left the text rooms' says queueing behind them. The checker lets signals wait while
a batch is being checked, then checks all that waited in the same two queries
(``call.rtc_check_many``). A lone signal is checked at once.
"""

import asyncio

from django.utils import translation

from . import call
from .audience import Viewer
from .db import room_db
from .perloop import per_loop

MAX_BATCH = 256


class Checker:
    """One per event loop (that is, per server process)."""

    def __init__(self) -> None:
        self.waiting: list[tuple[call.Signal, asyncio.Future]] = []
        self.task: asyncio.Task | None = None

    async def check(self, *, viewer: Viewer, to: int, signal: dict) -> None:
        """Raise the ``RolePlayError`` that refuses the signal, if any."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.waiting.append((call.Signal(viewer, to, signal, translation.get_language()), future))
        if self.task is None or self.task.done():
            self.task = loop.create_task(self._run())
        refused = await future
        if refused is not None:
            raise refused

    async def _run(self) -> None:
        while self.waiting:
            batch, self.waiting = self.waiting[:MAX_BATCH], self.waiting[MAX_BATCH:]
            try:
                results = await room_db(call.rtc_check_many)([item for item, _ in batch])
            except Exception as error:  # the database failed: every sender hears of it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_, future), refused in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(refused)


checker = per_loop(Checker)
