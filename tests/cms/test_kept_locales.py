"""Locales are kept per process (core.translation) and seen again as soon as one changes."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from core.translation import active_locale, default_locale, in_active_language
from progress.models import Competency

pytestmark = pytest.mark.django_db


def test_a_locale_added_or_removed_is_seen_on_the_next_read(django_assert_num_queries):
    finnish = Locale.get_default()
    with translation.override("en"):
        assert active_locale() == finnish  # no English locale yet: the default one
        assert default_locale() == finnish
        with django_assert_num_queries(0):
            assert active_locale() == finnish
            assert default_locale() == finnish
    english = Locale.objects.create(language_code="en")
    with translation.override("en"):
        assert active_locale() == english
    english.delete()
    with translation.override("en"):
        assert active_locale() == finnish


def test_rows_are_named_in_a_new_locale_at_once():
    competency = Competency.objects.create(slug="kuuntelu", name="Kuuntelu")
    with translation.override("en"):
        assert in_active_language(Competency, [competency])[competency.pk].name == "Kuuntelu"
    english = Locale.objects.create(language_code="en")
    translated = competency.copy_for_translation(english)
    translated.name = "Listening"
    translated.save()
    with translation.override("en"):
        assert in_active_language(Competency, [competency])[competency.pk].name == "Listening"
