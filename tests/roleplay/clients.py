"""WebSocket clients for role-play tests: in-process (Channels' communicator) and
real (the ``websockets`` library against a uvicorn process), with one vocabulary:
``send``, ``recv``, ``until``, ``event``, ``error``, ``closed``; and ``api``, the REST
API as one person."""

import asyncio
import json
from collections.abc import Callable

import websockets
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework.test import APIClient

from cms.asgi import application
from tests.servers import session_cookie

TIMEOUT = 5


def api(user) -> APIClient:
    """The REST API as ``user``, in English."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


class Closed(Exception):
    def __init__(self, code: int | None):
        super().__init__(f"closed with {code}")
        self.code = code


class Client:
    """Everything received is kept in ``seen``, in order."""

    welcome: dict

    close_code: int | None = None

    def __init__(self):
        self.seen: list[dict] = []

    async def _first(self) -> None:
        """Read the first frame: the welcome, or the close that refused us."""
        try:
            first = await self.recv()
        except Closed as closed:
            self.close_code = closed.code
            return
        if first["type"] == "welcome":
            self.welcome = first

    async def send(self, frame: dict | str | bytes) -> None:
        if isinstance(frame, dict):
            frame = json.dumps(frame)
        await self._send(frame)

    async def recv(self, timeout: float = TIMEOUT) -> dict:
        frame = json.loads(await self._recv(timeout))
        self.seen.append(frame)
        return frame

    async def until(self, predicate: Callable[[dict], bool], timeout: float = TIMEOUT) -> dict:
        """The first frame that matches, skipping (but keeping) the others."""

        async def look():
            while True:
                frame = await self.recv(timeout)
                if predicate(frame):
                    return frame

        return await asyncio.wait_for(look(), timeout)

    async def event(self, kind: str, **fields) -> dict:
        return await self.until(
            lambda f: (
                f["type"] == "event"
                and f["kind"] == kind
                and all(f.get(k) == v for k, v in fields.items())
            )
        )

    async def ack(self, client_msg_id: str) -> dict:
        return await self.until(
            lambda f: f["type"] == "ack" and f["client_msg_id"] == client_msg_id
        )

    async def until_seqs(self, expected: list[int], timeout: float = TIMEOUT) -> list[int]:
        """Read until every ``expected`` seq has arrived; the seqs of all events seen."""

        def seen() -> list[int]:
            return [event["seq"] for event in self.events()]

        if not set(expected) <= set(seen()):
            await self.until(lambda _f: set(expected) <= set(seen()), timeout)
        return seen()

    async def error(self) -> dict:
        return await self.until(lambda f: f["type"] == "error")

    async def closed(self, timeout: float = TIMEOUT) -> int | None:
        """Read until the server closes; the close code."""
        if self.close_code is not None:
            return self.close_code
        try:
            while True:
                await self.recv(timeout)
        except Closed as closed:
            return closed.code

    def events(self, kind: str | None = None) -> list[dict]:
        return [
            f for f in self.seen if f["type"] == "event" and (kind is None or f["kind"] == kind)
        ]


class InProcessClient(Client):
    def __init__(self, communicator: WebsocketCommunicator):
        super().__init__()
        self.communicator = communicator

    async def _send(self, frame):
        if isinstance(frame, bytes):
            await self.communicator.send_to(bytes_data=frame)
        else:
            await self.communicator.send_to(text_data=frame)

    async def _recv(self, timeout):
        output = await self.communicator.receive_output(timeout)
        if output["type"] == "websocket.close":
            raise Closed(output.get("code"))
        return output["text"]

    async def close(self):
        await self.communicator.disconnect()


async def connect_in_process(user, session_id: int, *, query: str = "") -> InProcessClient:
    """Connect as ``user`` (or anonymously with ``user=None``); welcome read if sent."""
    headers = [(b"origin", b"http://127.0.0.1")]
    if user is not None:
        cookie = await database_sync_to_async(session_cookie)(user)
        headers.append((b"cookie", cookie.encode()))
    path = f"/ws/roleplay/{session_id}/" + (f"?{query}" if query else "")
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    client = InProcessClient(communicator)
    await client._first()
    return client


async def open_in_process(user, session_id: int) -> InProcessClient:
    client = await connect_in_process(user, session_id)
    assert client.seen[0]["type"] == "welcome", client.seen
    return client


class RealClient(Client):
    def __init__(self, connection):
        super().__init__()
        self.connection = connection

    async def _send(self, frame):
        await self.connection.send(frame)

    async def _recv(self, timeout):
        try:
            return await asyncio.wait_for(self.connection.recv(), timeout)
        except websockets.ConnectionClosed as closed:
            raise Closed(closed.rcvd.code if closed.rcvd else None) from None

    async def close(self):
        await self.connection.close()

    def drop(self):
        """Lose the connection without a closing handshake, like a dropped network."""
        self.connection.transport.abort()


async def connect_real(server, session_id: int, *, cookie: str | None = None, query=""):
    """Connect to a real server; the first frame is read (the welcome when accepted)."""
    path = f"{server.ws}/ws/roleplay/{session_id}/" + (f"?{query}" if query else "")
    headers = {"Cookie": cookie} if cookie else {}
    connection = await websockets.connect(
        path,
        origin=f"http://127.0.0.1:{server.port}",
        additional_headers=headers,
        open_timeout=TIMEOUT,
    )
    client = RealClient(connection)
    await client._first()
    return client
