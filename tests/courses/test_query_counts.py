"""'My courses' and the outline cost the same number of queries for 3 or 60 lessons."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.courses.tree import build_course, enrol

pytestmark = pytest.mark.django_db

SHAPES = {
    3: [("what", 1, False), ("how", 1, False), ("why", 1, True)],
    60: [("what", 20, False), ("how", 20, False), ("why", 20, True)],
}
MAX_QUERIES = 12


def queries(api, url) -> int:
    api.get(url)  # warm Wagtail's site-root cache, as any earlier request would
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def counts(home, learner, as_user):
    def count(lessons: int, url: str) -> int:
        course, _modules, _lessons = build_course(home, SHAPES[lessons], prefix=f"q{lessons}")
        enrol(learner, course)
        return queries(as_user(learner), url.format(course=course.pk))

    return count


def test_my_courses_is_constant_in_the_number_of_lessons(counts, learner):
    from courses.models import Enrollment

    three = counts(3, "/api/courses/")
    Enrollment.objects.all().delete()
    sixty = counts(60, "/api/courses/")
    assert three == sixty <= MAX_QUERIES


def test_the_outline_is_constant_in_the_number_of_lessons(counts):
    three = counts(3, "/api/courses/{course}/")
    sixty = counts(60, "/api/courses/{course}/")
    assert three == sixty <= MAX_QUERIES


# A lesson without exercises: the session and the user (2), Wagtail's routing (11) and
# the learner's records (1); see LEARNER_LESSON_QUERIES below.
LESSON_PAGE_QUERIES = 14


def test_the_lesson_page_is_constant_in_the_course_and_sent_compressed(home, learner):
    from django.test import Client

    counted = []
    for size in (3, 60):
        course, _modules, lessons = build_course(home, SHAPES[size], prefix=f"l{size}")
        enrol(learner, course)
        client = Client()
        client.force_login(learner)
        url = lessons[0][0].get_url()
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        counted.append(len(captured))
    assert counted[0] == counted[1] <= LESSON_PAGE_QUERIES


# What the lesson page asks the database. A learner's page: the session and the user
# (2); Wagtail's site, locale, routing down the tree, aliases and view restrictions
# (11); the learner's enrolment, completions, quiz attempts and reflections, in one
# query (courses.selectors._learner_records) (1); the competencies the quiz block
# names (1). The course's modules and lessons, the course
# a lesson is in and the default locale are kept between requests
# (courses.selectors) until a page changes, so they cost nothing here.
LEARNER_LESSON_QUERIES = 15
# A reader who is not signed in: Wagtail's site, locale and routing (11), then the
# sign-in redirect, which reads nothing.
ANONYMOUS_LESSON_QUERIES = 11


def _quiz_lesson(home, competencies, learner, prefix):
    from tests.courses.tree import quiz_block, reflection_block

    course, modules, lessons = build_course(home, SHAPES[3], prefix=prefix)
    lesson = lessons[0][0]
    lesson.body = [quiz_block(competencies), reflection_block()]
    lesson.save_revision().publish()
    enrol(learner, course)
    return course, modules, lesson


def test_the_lesson_page_asks_a_fixed_number_of_queries_for_a_learner(
    home, competencies, learner, django_assert_num_queries
):
    from django.test import Client

    _course, _modules, lesson = _quiz_lesson(home, competencies, learner, "n")
    client = Client()
    client.force_login(learner)
    url = lesson.get_url()
    assert client.get(url).status_code == 200  # keeps the course's structure
    with django_assert_num_queries(LEARNER_LESSON_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert b"lesson-footer" in response.content


def test_the_lesson_page_asks_a_fixed_number_of_queries_for_an_anonymous_reader(
    home, competencies, learner, django_assert_num_queries
):
    from django.test import Client

    _course, _modules, lesson = _quiz_lesson(home, competencies, learner, "a")
    client = Client()
    url = lesson.get_url()
    client.get(url)
    with django_assert_num_queries(ANONYMOUS_LESSON_QUERIES):
        response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/")


def test_a_published_change_to_the_course_shows_on_the_next_lesson_page(
    home, competencies, learner
):
    """The kept structure is forgotten when an editor publishes: a renamed module
    shows in the breadcrumb, a lesson taken down is no longer in the outline."""
    from django.test import Client

    from courses.models import ModulePage
    from courses.selectors import lesson_access

    course, modules, lesson = _quiz_lesson(home, competencies, learner, "p")
    client = Client()
    client.force_login(learner)
    url = lesson.get_url()
    assert "Module of trust" not in client.get(url).content.decode()
    module = ModulePage.objects.get(pk=modules[0].pk)
    module.title = "Module of trust"
    module.save_revision().publish()
    assert "Module of trust" in client.get(url).content.decode()

    before = len(lesson_access(learner=learner, lesson=lesson).outline.lessons)
    other = modules[1].get_children().live().first().specific
    other.unpublish()
    after = lesson_access(learner=learner, lesson=lesson).outline
    assert len(after.lessons) == before - 1
    assert other.translation_key not in [item.key for item in after.lessons]


def test_the_lesson_page_shows_the_learners_own_quiz_results_and_reflection(
    home, competencies, learner
):
    from django.test import Client

    from courses.models import QuizAttempt, Reflection
    from tests.courses.tree import ids

    _course, _modules, lesson = _quiz_lesson(home, competencies, learner, "s")
    key = lesson.translation_key
    for score in (1, 3):
        QuizAttempt.objects.create(
            learner=learner, lesson_key=key, quiz_id=ids("quiz"), score=score, max_score=3,
            pass_mark=80, passed=score == 3,
        )  # fmt: skip
    Reflection.objects.create(
        learner=learner, lesson_key=key, block_id=ids("reflect"),
        prompt="How did the customer feel?", text="Relieved, I think.",
    )  # fmt: skip
    client = Client()
    client.force_login(learner)
    page = client.get(lesson.get_url()).content.decode()
    assert "Relieved, I think." in page
    assert "100 %" in page and "(2 " in page  # best of two attempts
