"""The site's URLs plus one API view that fails, to see how a server error is answered."""

from django.urls import path
from rest_framework.views import APIView

from cms.urls import urlpatterns as site_urlpatterns


class Broken(APIView):
    permission_classes = []

    def get(self, request):
        raise RuntimeError("a bug")


urlpatterns = [path("api/broken/", Broken.as_view()), *site_urlpatterns]
