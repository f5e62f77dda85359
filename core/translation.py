"""Reading translated Wagtail rows (``TranslatableMixin``) in the active language.

Here, not in one app, because several apps read their own translatable rows this way
and none of them should have to import another for it. The locales themselves are
kept per process (``core.kept``) until one is saved or deleted: ``forget_locales`` is
connected to those signals in ``CmsConfig``.
"""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale

from core.kept import Kept

_locales = Kept("core:locales-token", size=64)
forget_locales = _locales.forget


def active_locale() -> Locale:
    """``Locale.get_active()``: the active language's locale, else the default one."""
    return _locales.get(("active", get_language()), Locale.get_active)


def default_locale() -> Locale:
    """``Locale.get_default()``."""
    return _locales.get(("default", settings.LANGUAGE_CODE), Locale.get_default)


def in_active_language(model, canonical: list) -> dict[int, object]:
    """Map canonical pk to the row in the active language (or the canonical row).

    One query when the active language is not the canonical rows' own, none otherwise.
    """
    active = active_locale()
    rows = {item.pk: item for item in canonical}
    if canonical and active.pk != canonical[0].locale_id:
        keys = {item.translation_key: item.pk for item in canonical}
        for item in model.objects.filter(locale=active, translation_key__in=keys):
            rows[keys[item.translation_key]] = item
    return rows
