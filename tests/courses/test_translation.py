"""Learners see their preferred language, and the default language where it is missing."""

import pytest
from wagtail.models import Locale

from tests.courses.tree import build_course, enrol, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home, learner):
    course, modules, lessons = build_course(home, [("what", 2, False)])
    translate(course)
    translate(modules[0])
    translate(lessons[0][0])  # the second lesson has no English version
    enrol(learner, course)
    return course, modules, lessons


def test_an_english_learner_gets_the_english_lesson(course, learner, as_user):
    _page, _modules, lessons = course
    learner.language = "en"
    learner.save()
    payload = as_user(learner).get(f"/api/lessons/{lessons[0][0].pk}/").json()
    assert (payload["language"], payload["title"]) == ("en", "Lesson 1.1 (en)")
    assert payload["url"].startswith("/en/")


def test_a_missing_translation_falls_back_to_the_default_language(course, learner, as_user):
    _page, _modules, lessons = course
    learner.language = "en"
    learner.save()
    payload = as_user(learner).get(f"/api/lessons/{lessons[0][1].pk}/").json()
    assert (payload["language"], payload["title"]) == ("fi", "Lesson 1.2")


def test_the_outline_mixes_languages_page_by_page(course, learner, as_user):
    page, _modules, _lessons = course
    learner.language = "en"
    learner.save()
    outline = as_user(learner).get(f"/api/courses/{page.pk}/").json()
    assert outline["title"] == "Onboarding (en)"
    assert [x["language"] for x in outline["modules"][0]["lessons"]] == ["en", "fi"]


def test_a_finnish_learner_opening_the_english_id_reads_finnish(course, learner, as_user):
    _page, _modules, lessons = course
    english = lessons[0][0].get_translation(
        lessons[0][0].locale.__class__.objects.get(language_code="en")
    )
    payload = as_user(learner).get(f"/api/lessons/{english.pk}/").json()
    assert (payload["language"], payload["id"]) == ("fi", lessons[0][0].pk)


def test_the_english_course_page_lists_the_outline_in_english(course, learner, client):
    page, _modules, _lessons = course
    client.force_login(learner)
    english = page.get_translation(Locale.objects.get(language_code="en"))
    html = client.get(english.url).content.decode()
    assert '<html lang="en">' in html
    assert "Lesson 1.1 (en)" in html and "Lesson 1.2" in html
