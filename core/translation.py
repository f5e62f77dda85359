"""Reading translated Wagtail rows (``TranslatableMixin``) in the active language.

Here, not in one app, because several apps read their own translatable rows this way
and none of them should have to import another for it.
"""

from wagtail.models import Locale


def in_active_language(model, canonical: list) -> dict[int, object]:
    """Map canonical pk to the row in the active language (or the canonical row).

    One query when the active language is not the canonical rows' own, none otherwise.
    """
    active = Locale.get_active()
    rows = {item.pk: item for item in canonical}
    if canonical and active.pk != canonical[0].locale_id:
        keys = {item.translation_key: item.pk for item in canonical}
        for item in model.objects.filter(locale=active, translation_key__in=keys):
            rows[keys[item.translation_key]] = item
    return rows
