"""The URL map: API, admin, live health, and the Wagtail page tree per language."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from people.api import TokenView
from progress.api_credentials import jwks_view

from . import admin_api, health, views

api_patterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("people.urls")),
    path("", include("courses.urls")),
    path("roleplay/", include("roleplay.urls")),
    path("progress/", include("progress.urls")),
    path(
        "admin/users/<id:user_id>/personal-data/",
        admin_api.PersonalDataView.as_view(),
        name="api-admin-personal-data",
    ),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path(".well-known/jwks.json", jwks_view, name="jwks"),
    path("api/", include(api_patterns)),
    # SCIM 2.0 provisioning for the company directory (people/scim/).
    path("scim/v2/", include("people.scim.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # Login, logout and single sign-on come before Django's auth views they replace.
    path("accounts/", include("people.sso.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("lti/", include("lti.urls")),
    path("", views.home, name="home"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include("frontend.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "cms.api.not_found"
handler500 = "cms.api.server_error"
