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


LESSON_PAGE_QUERIES = 30


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
