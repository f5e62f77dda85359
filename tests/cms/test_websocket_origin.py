"""WebSocket connections from another site's pages are refused."""

import asyncio

import pytest
import websockets
from channels.testing import WebsocketCommunicator

from cms.asgi import application
from tests.servers import running_server


async def test_foreign_origin_is_refused_in_process():
    communicator = WebsocketCommunicator(
        application, "/ws/roleplay/1/", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected


@pytest.mark.e2e
def test_real_server_refuses_a_foreign_origin(transactional_db):
    with running_server() as server:

        async def attempt():
            with pytest.raises(websockets.InvalidStatus) as refused:
                async with websockets.connect(
                    f"{server.ws}/ws/roleplay/1/", origin="https://evil.example"
                ):
                    pass
            return refused.value.response.status_code

        assert asyncio.run(attempt()) == 403
