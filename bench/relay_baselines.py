"""The two baselines the role-play relay is measured against.

``TutorialChatConsumer`` is what the Channels tutorial's chat room does: one
``group_send`` per message, one channel-layer message per consumer, nothing stored.
https://channels.readthedocs.io/en/latest/tutorial/part_3.html

``bare_server`` is a plain ``websockets`` broadcast server with no Django at all: the
ceiling for one Python process on this machine.

``application`` is Kohtaamo's own ASGI application with the tutorial consumer added
at ``/ws/bench/chat/<room>/``, so that both run in the same server software, on the
same channel layer, behind the same middleware.
"""

import asyncio
import json
import os
import sys

from channels.generic.websocket import AsyncWebsocketConsumer


class TutorialChatConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.room_group_name = f"chat_{self.scope['url_route']['kwargs']['room']}"
        await self.channel_layer.group_add(self.room_group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, close_code):
        await self.channel_layer.group_discard(self.room_group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        message = json.loads(text_data)["message"]
        await self.channel_layer.group_send(
            self.room_group_name, {"type": "chat.message", "message": message}
        )

    async def chat_message(self, event):
        await self.send(text_data=json.dumps({"message": event["message"]}))


def build_application():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.base")
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator
    from django.core.asgi import get_asgi_application
    from django.urls import path

    http = get_asgi_application()
    from roleplay.routing import websocket_urlpatterns

    routes = [
        path("ws/bench/chat/<str:room>/", TutorialChatConsumer.as_asgi()),
        *websocket_urlpatterns,
    ]
    return ProtocolTypeRouter(
        {
            "http": http,
            "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(routes))),
        }
    )


def __getattr__(name):
    # uvicorn imports ``bench.relay_baselines:application``; build it lazily so that
    # importing this module for the consumer alone does not set Django up.
    if name == "application":
        app = build_application()
        globals()["application"] = app
        return app
    raise AttributeError(name)


async def bare_server(port: int) -> None:
    """Relay every text frame to the other connections of the same room path."""
    from websockets.asyncio.server import broadcast, serve

    rooms: dict[str, set] = {}

    async def handler(connection):
        room = rooms.setdefault(connection.request.path, set())
        room.add(connection)
        try:
            async for message in connection:
                broadcast(room - {connection}, message)
        finally:
            room.discard(connection)

    async with serve(handler, "127.0.0.1", port, compression=None, max_size=65536):
        await asyncio.get_running_loop().create_future()


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(bare_server(int(sys.argv[1])))
