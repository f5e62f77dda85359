"""ASGI entry point: Django for HTTP, Channels for the live role-play room.

The WebSocket stack checks the Origin against ALLOWED_HOSTS before anything else,
then loads the signed-in user from the session cookie. The recording's chunk uploads
take a shorter HTTP stack (``cms.intake``).

Once the application is built, the objects startup made are frozen out of the garbage
collector (``gc.freeze``): see docs/decisions/0015-freeze-startup-objects.md.
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.base")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from cms.intake import IntakeHandler, is_chunk_upload  # noqa: E402
from roleplay.routing import websocket_urlpatterns  # noqa: E402

intake_app = IntakeHandler()


async def http(scope, receive, send):
    """The call recording's chunk uploads on their own short stack (``cms.intake``),
    everything else through the site's."""
    app = intake_app if is_chunk_upload(scope) else django_asgi_app
    await app(scope, receive, send)


application = ProtocolTypeRouter(
    {
        "http": http,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# Django, Wagtail and the URL map (imported here rather than by the first request)
# leave about 240,000 objects that live as long as the process. Every full collection
# walked them all, a pause of 100 ms and more in the middle of the rooms' frames;
# frozen, they are left out of every collection.
get_resolver().url_patterns  # noqa: B018
gc.collect()
gc.freeze()
