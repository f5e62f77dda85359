"""The learner's navigation links, reversed once per language and URL prefix.

The navigation is on every learner page; its five URLs never change while the
process runs, only with the active language (the ``/fi/`` or ``/en/`` prefix), the
script prefix and the urlconf (a request's own, or ``ROOT_URLCONF``).
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()

NAMES = {
    "home": "learner:home",
    "progress": "learner:progress",
    "roleplays": "learner:roleplays",
    "practice": "learner:practice",
    "settings": "learner:settings",
}


@lru_cache(maxsize=64)
def _urls(language, script_prefix, urlconf) -> dict[str, str]:
    return {key: reverse(name, urlconf=urlconf) for key, name in NAMES.items()}


@register.simple_tag
def learner_nav_urls() -> dict[str, str]:
    """``{% learner_nav_urls as nav %}``: ``nav.home``, ``nav.progress``, ..."""
    return _urls(get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
