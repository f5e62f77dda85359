"""A role-play client that behaves as the protocol asks a real client to, for fault tests.

A ``Member`` keeps one participant's view of a session across any number of
connections: it applies events once, in ``seq`` order, dropping any ``seq`` at or below
the last one applied (docs/roleplay-protocol.md, *Guarantees*); it (re)connects with
``?after_seq=`` that ``seq``, so the replay comes before any live event; it keeps its
unacknowledged frames and sends them again after reconnecting. It paces itself under
the rate limit (at most 8 frames in any second, resends included).

``drop()`` loses the connection without a closing handshake, like a dropped network.
The tests then compare what every member applied with what the database says that
participant may see.
"""

import asyncio
import contextlib
import itertools
import json
import time
from collections import deque
from types import SimpleNamespace

import websockets
from channels.db import database_sync_to_async

from roleplay.live import services as live_services
from roleplay.models import Participant
from roleplay.room import eventlog, sessions
from roleplay.room import selectors as room_selectors
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.roleplay.conftest import make_scenario
from tests.servers import session_cookie

ROLES = ("coach", "agent", "customer", "observer")
FRAMES_PER_SECOND = 8  # the server refuses the 11th frame in a second
WAIT = 30  # the longest any single wait in these tests may take, in seconds (a busy CI machine)


class Gone(Exception):
    """The connection is lost; the member reconnects and resumes."""


def make_sessions(count: int, scenario=None) -> list[SimpleNamespace]:
    """``count`` scheduled sessions of one scenario, each with its own team of four."""
    scenario = scenario or make_scenario()
    rooms = []
    for _ in range(count):
        team = TeamFactory()
        people = {}
        for role in ROLES:
            people[role] = UserFactory()
            team_role = "coach" if role == "coach" else "learner"
            MembershipFactory(user=people[role], team=team, role=team_role)
        session = live_services.session_create(scenario=scenario, team=team, coach=people["coach"])
        for role in ROLES[1:]:
            sessions.participant_set(
                session=session, user=people[role], role=role, by=people["coach"]
            )
        cookies = {role: session_cookie(user) for role, user in people.items()}
        rooms.append(SimpleNamespace(session=session, people=people, cookies=cookies))
    return rooms


class Member:
    def __init__(self, server, session_id: int, role: str, cookie: str):
        self.server = server
        self.session_id = session_id
        self.role = role
        self.cookie = cookie
        self.applied: list[dict] = []
        self.last = 0
        self.unacked: dict[str, dict] = {}
        self.acks: dict[str, asyncio.Future] = {}
        self.sent: deque[float] = deque()
        self.errors: list[dict] = []
        self.reconnects = 0
        self.connection = None
        self.reader: asyncio.Task | None = None
        self.online = asyncio.Event()
        self.progress = asyncio.Event()
        self.ids = itertools.count()
        self.generation = 0  # one per connection
        self.sent_on: dict[str, int] = {}  # client_msg_id: the connection it went on

    # Connecting

    async def connect(self, server=None) -> None:
        """Connect (to ``server``, if given, from now on) resuming; resend what is unacked."""
        self.server = server or self.server
        deadline = time.monotonic() + WAIT
        while True:
            try:
                self.connection = await websockets.connect(
                    f"{self.server.ws}/ws/roleplay/{self.session_id}/?after_seq={self.last}",
                    origin=f"http://127.0.0.1:{self.server.port}",
                    additional_headers={"Cookie": self.cookie},
                    open_timeout=5,
                    max_queue=None,
                )
                welcome = json.loads(await asyncio.wait_for(self.connection.recv(), 5))
                assert welcome["type"] == "welcome", welcome
                break
            except (TimeoutError, OSError, websockets.WebSocketException):
                # The server (or its Redis) is restarting: try again, for a while.
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)
        self.generation += 1
        self.reader = asyncio.get_running_loop().create_task(self._read(self.connection))
        for frame in list(self.unacked.values()):
            await self._send(frame)
        self.online.set()

    def drop(self) -> None:
        """Lose the connection without a closing handshake."""
        self.online.clear()
        if self.connection is not None:
            self.connection.transport.abort()

    async def reconnect(self, server=None) -> None:
        self.drop()
        if self.reader is not None:
            await asyncio.wait_for(asyncio.shield(self.reader), WAIT)
        self.reconnects += 1
        await self.connect(server)

    async def close(self) -> None:
        self.online.clear()
        if self.connection is not None:
            await self.connection.close()
        if self.reader is not None:
            await asyncio.wait_for(asyncio.shield(self.reader), WAIT)

    # Sending

    async def submit(self, frame: dict) -> int:
        """Send a frame with a fresh ``client_msg_id`` until it is acknowledged; its seq."""
        msg_id = f"{self.role}-{next(self.ids)}"
        frame = {**frame, "client_msg_id": msg_id}
        self.unacked[msg_id] = frame
        future = self.acks[msg_id] = asyncio.get_running_loop().create_future()
        deadline = time.monotonic() + WAIT
        while not future.done():
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.role}: no ack for {msg_id} within {WAIT} s")
            await asyncio.wait_for(self.online.wait(), WAIT)
            if self.sent_on.get(msg_id) != self.generation:
                await self._send(frame)
            done, _ = await asyncio.wait([future], timeout=3.0)
            if not done:
                # Refused (rate limited) or lost: send it again; a repeat gets the same seq.
                self.sent_on.pop(msg_id, None)
        return future.result()

    async def _send(self, frame: dict) -> None:
        """Send under the rate limit; a frame lost with its connection is resent later."""
        while len(self.sent) >= FRAMES_PER_SECOND:
            wait = 1.05 - (time.monotonic() - self.sent[0])
            if wait <= 0:
                self.sent.popleft()
            else:
                await asyncio.sleep(wait)
        self.sent.append(time.monotonic())
        if "client_msg_id" in frame:
            self.sent_on[frame["client_msg_id"]] = self.generation
        with contextlib.suppress(websockets.ConnectionClosed):
            await self.connection.send(json.dumps(frame))

    # Receiving

    async def _read(self, connection) -> None:
        try:
            async for raw in connection:
                self._receive(json.loads(raw))
        except websockets.ConnectionClosed:
            pass
        finally:
            self.online.clear()

    def _receive(self, frame: dict) -> None:
        if frame["type"] == "event":
            if frame["seq"] > self.last:
                self.applied.append(frame)
                self.last = frame["seq"]
                self.progress.set()
        elif frame["type"] == "ack":
            msg_id = frame["client_msg_id"]
            self.unacked.pop(msg_id, None)
            future = self.acks.get(msg_id)
            if future is not None and not future.done():
                future.set_result(frame["seq"])
        elif frame["type"] == "error":
            self.errors.append(frame)

    async def until_applied(self, seq: int) -> None:
        """Wait (bounded) until an event at or after ``seq`` has been applied."""
        deadline = time.monotonic() + WAIT
        while self.last < seq:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{self.role} stopped at seq {self.last}, not {seq}")
            self.progress.clear()
            if self.last >= seq:
                break
            await asyncio.wait([asyncio.ensure_future(self.progress.wait())], timeout=remaining)


@database_sync_to_async
def visible_to(session_id: int, user, up_to: int) -> list[tuple[int, str, str]]:
    """What the database says this participant may see, up to ``up_to``."""
    participant = Participant.objects.select_related("session", "user").get(
        session_id=session_id, user=user
    )
    events, _last = room_selectors.visible_events(viewer=eventlog.viewer_of(participant))
    return [(e.seq, e.kind, e.text) for e in events if e.seq <= up_to]


def applied(member: Member, up_to: int) -> list[tuple[int, str, str]]:
    return [(e["seq"], e["kind"], e["text"]) for e in member.applied if e["seq"] <= up_to]
