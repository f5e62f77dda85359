"""What a locked-out login attempt gets back (django-axes calls this).

The API answers JSON with a ``detail`` like every other API error; pages get the
same words as plain text.
"""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

STATUS = 429


def lockout_response(request, *args, **kwargs):
    message = _(
        "Too many failed login attempts. Wait a moment and try again, "
        "or ask your coach or an administrator for help."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=STATUS)
    return HttpResponse(message, status=STATUS, content_type="text/plain; charset=utf-8")
