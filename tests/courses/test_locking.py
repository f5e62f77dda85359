"""A module can require earlier modules; its lessons stay locked until they are complete."""

import pytest

from courses.models import LessonCompletion
from progress.models import Statement
from tests.courses.tree import build_course, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home, learner):
    course, modules, lessons = build_course(
        home, [("what", 2, False), ("how", 1, False), ("why", 1, True)]
    )
    enrol(learner, course)
    return course, modules, lessons


def test_a_module_that_requires_earlier_ones_is_locked_with_the_reason(course, learner, as_user):
    page, _modules, _lessons = course
    modules = as_user(learner).get(f"/api/courses/{page.pk}/").json()["modules"]
    assert [m["locked"] for m in modules] == [False, False, True]
    assert modules[2]["lock_reason"] == "Complete these modules first: Module 1, Module 2."
    assert modules[2]["lessons"][0]["locked"] is True


def test_opening_a_locked_lesson_is_403_with_the_reason(course, learner, as_user):
    _page, _modules, lessons = course
    response = as_user(learner).get(f"/api/lessons/{lessons[2][0].pk}/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Complete these modules first: Module 1, Module 2."


def test_completing_a_locked_lesson_is_403_and_stores_nothing(course, learner, as_user):
    _page, _modules, lessons = course
    response = as_user(learner).post(f"/api/lessons/{lessons[2][0].pk}/complete/")
    assert response.status_code == 403
    assert not LessonCompletion.objects.exists()
    assert not Statement.objects.exists()


def test_finishing_the_earlier_modules_unlocks_the_module(course, learner, as_user):
    page, _modules, lessons = course
    api = as_user(learner)
    for lesson in [*lessons[0], *lessons[1]]:
        assert api.post(f"/api/lessons/{lesson.pk}/complete/").status_code == 201
    assert api.get(f"/api/lessons/{lessons[2][0].pk}/").status_code == 200
    assert api.get(f"/api/courses/{page.pk}/").json()["modules"][2]["locked"] is False


def test_an_unknown_lesson_is_404(learner, as_user, db):
    response = as_user(learner).get("/api/lessons/999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_lesson_of_a_course_i_am_not_enrolled_in_is_403(home, make_member, team, as_user):
    _course, _modules, lessons = build_course(home, [("what", 1, False)])
    stranger = make_member(team, "learner")
    response = as_user(stranger).get(f"/api/lessons/{lessons[0][0].pk}/")
    assert response.status_code == 403
    assert response.json()["detail"] == "You are not enrolled in this course."


def test_the_lesson_page_of_a_locked_module_answers_403_with_the_reason(course, learner, client):
    _page, _modules, lessons = course
    client.force_login(learner)
    response = client.get(lessons[2][0].url)
    assert response.status_code == 403
    assert "Suorita ensin nämä moduulit: Module 1, Module 2." in response.content.decode()


def test_the_lesson_page_asks_an_anonymous_visitor_to_log_in(course, client):
    _page, _modules, lessons = course
    response = client.get(lessons[0][0].url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_course_module_and_lesson_pages_carry_the_learners_navigation(course, learner, client):
    page, modules, lessons = course
    client.force_login(learner)
    for url in (page.url, modules[0].url, lessons[0][0].url, lessons[2][0].url):
        html = client.get(url).content.decode()
        assert '/learn/progress/"' in html and '/learn/practice/"' in html, url
