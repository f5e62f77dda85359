"""The scripted customer of a solo practice, playing in the learner's room.

It answers over the same protocol as a person would: a ``typing`` frame, a pause that
grows with the length of the line, then a stored ``say`` event broadcast like any
other. Database work runs in the room's thread (``room_db``); the intent matcher,
which may call a model over HTTP, runs in a worker thread so that it never holds up
the event loop or the other rooms' database work.
"""

import asyncio
import contextlib
import logging

from ..models import ParticipantRole
from ..room.db import room_db
from .selectors import solo_pending_turn
from .services import solo_customer_say
from .turns import Turn, hear, next_line, typing_seconds

logger = logging.getLogger(__name__)


class ScriptedCustomer:
    """One per agent connection; ``wake`` after the agent has said something."""

    def __init__(self, hub, session_id: int):
        self.hub = hub
        self.session_id = session_id
        self.task: asyncio.Task | None = None
        self.again = False

    def wake(self) -> None:
        if self.task is None or self.task.done():
            self.again = False
            self.task = asyncio.get_running_loop().create_task(self._play())
        else:
            # Typing already: answer everything the agent has said once the line is due.
            self.again = True

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()

    async def _play(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            try:
                while True:
                    self.again = False
                    if not await self._answer_once() and not self.again:
                        return
            except Exception:
                logger.exception("Solo practice: the scripted customer failed to answer")

    async def _answer_once(self) -> bool:
        turn = await room_db(solo_pending_turn)(session_id=self.session_id)
        if turn is None:
            return False
        heard = await asyncio.to_thread(hear, turn)
        line = next_line(turn, heard)
        typing = {
            "type": "typing",
            "role": ParticipantRole.CUSTOMER,
            "author": {"id": None, "name": turn.persona},
        }
        await self.hub.publish_ephemeral(self.session_id, typing, sender=None)
        await asyncio.sleep(typing_seconds(line.text))
        if self.again and await self._said_more_since(turn):
            return True  # hear everything the agent has said, once
        recorded = await room_db(solo_customer_say)(turn=turn, heard=heard)
        for item in recorded:
            await self.hub.publish(self.session_id, item)
        return bool(recorded)

    async def _said_more_since(self, turn: Turn) -> bool:
        """Whether the agent has said more than ``turn`` holds: a wake while typing
        may be for a line that was already read into it."""
        newer = await room_db(solo_pending_turn)(session_id=self.session_id)
        return newer is not None and newer.last_agent_seq != turn.last_agent_seq
