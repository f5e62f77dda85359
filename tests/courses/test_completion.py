"""Lesson completion is idempotent; module and course completion are derived, once."""

import pytest

from courses.models import Enrollment, LessonCompletion
from progress import verbs
from progress.models import Statement
from tests.courses.tree import build_course, enrol, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home, learner):
    course, modules, lessons = build_course(home, [("what", 2, False), ("how", 1, False)])
    enrol(learner, course)
    return course, modules, lessons


def completed(object_type):
    return Statement.objects.filter(verb=verbs.COMPLETED, object_type=object_type)


def test_completing_a_lesson_twice_keeps_one_record_and_one_statement(course, learner, as_user):
    _page, _modules, lessons = course
    api = as_user(learner)
    first = api.post(f"/api/lessons/{lessons[0][0].pk}/complete/")
    again = api.post(f"/api/lessons/{lessons[0][0].pk}/complete/")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["completed_at"] == again.json()["completed_at"]
    assert LessonCompletion.objects.count() == 1
    assert completed("lesson").count() == 1


def test_the_lesson_statement_names_the_page_translation_key_and_its_context(
    course, learner, as_user
):
    page, modules, lessons = course
    as_user(learner).post(f"/api/lessons/{lessons[0][0].pk}/complete/")
    statement = completed("lesson").get()
    assert statement.object_id == str(lessons[0][0].translation_key)
    assert statement.completion is True
    assert statement.context == {
        "course": str(page.translation_key),
        "module": str(modules[0].translation_key),
    }


def test_a_module_is_completed_when_its_last_lesson_is(course, learner, as_user):
    _page, modules, lessons = course
    api = as_user(learner)
    api.post(f"/api/lessons/{lessons[0][0].pk}/complete/")
    assert not completed("module").exists()
    response = api.post(f"/api/lessons/{lessons[0][1].pk}/complete/")
    assert response.json()["module_completed"] is True
    assert list(completed("module").values_list("object_id", flat=True)) == [
        str(modules[0].translation_key)
    ]


def test_the_course_is_completed_once_when_every_lesson_is(course, learner, as_user):
    page, _modules, lessons = course
    api = as_user(learner)
    for lesson in [*lessons[0], *lessons[1]]:
        api.post(f"/api/lessons/{lesson.pk}/complete/")
    api.post(f"/api/lessons/{lessons[1][0].pk}/complete/")
    assert completed("course").count() == 1
    assert completed("module").count() == 2
    assert Enrollment.objects.get(learner=learner).completed_at is not None
    mine = api.get("/api/courses/").json()[0]
    assert (mine["percent_complete"], mine["completed"], mine["next_lesson"]) == (100, True, None)


def test_completing_the_english_lesson_completes_the_finnish_one(course, learner, as_user):
    page, modules, lessons = course
    translate(page)
    translate(modules[0])
    english = translate(lessons[0][0])
    api = as_user(learner)
    assert api.post(f"/api/lessons/{english.pk}/complete/").status_code == 201
    assert api.post(f"/api/lessons/{lessons[0][0].pk}/complete/").status_code == 200
    assert completed("lesson").get().object_id == str(lessons[0][0].translation_key)


def test_my_courses_shows_percent_next_lesson_and_due_date(home, learner, as_user):
    from datetime import date

    page, _modules, lessons = build_course(home, [("what", 4, False)], prefix="d")
    enrol(learner, page, cohort_start=date(2025, 3, 3), due_date=date(2025, 4, 30))
    api = as_user(learner)
    api.post(f"/api/lessons/{lessons[0][0].pk}/complete/")
    [mine] = api.get("/api/courses/").json()
    assert mine["percent_complete"] == 25
    assert mine["next_lesson"]["id"] == lessons[0][1].pk
    assert (mine["cohort_start"], mine["due_date"]) == ("2025-03-03", "2025-04-30")
