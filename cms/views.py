from django.http import Http404
from django.utils import translation
from wagtail.models import Locale, Site

from .models import HomePage


def home(request):
    """Serve the home page at ``/`` in the visitor's language, without a redirect."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    language = translation.get_language()
    home_page = (
        HomePage.objects.live()
        .filter(
            translation_key=site.root_page.translation_key,
            locale__language_code=language,
        )
        .first()
    )
    if home_page is None:
        home_page = site.root_page.specific
        locale = Locale.objects.filter(pk=home_page.locale_id).first()
        if locale is not None:
            translation.activate(locale.language_code)
    return home_page.serve(request)
