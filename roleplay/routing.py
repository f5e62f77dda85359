from django.urls import path

from .consumers import RolePlayConsumer

websocket_urlpatterns = [
    path("ws/roleplay/<int:session_id>/", RolePlayConsumer.as_asgi()),
]
