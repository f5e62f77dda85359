from django.urls import path

from .room.consumers import RolePlayConsumer

websocket_urlpatterns = [
    path("ws/roleplay/<id:session_id>/", RolePlayConsumer.as_asgi()),
]
