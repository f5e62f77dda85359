"""A team's coach or manager enrols all its learners at once; nobody else may."""

import pytest

from courses.models import Enrollment
from tests.courses.tree import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home):
    return build_course(home, [("what", 1, False)])[0]


def enrol_team(api, team, course, **extra):
    return api.post(
        f"/api/teams/{team.pk}/enrollments/",
        {"course": course.pk, "cohort_start": "2025-02-03", "due_date": "2025-03-31", **extra},
        format="json",
    )


@pytest.mark.parametrize("role", ["coach", "manager"])
def test_a_coach_or_manager_enrols_every_learner_of_the_team(
    role, course, team, make_member, as_user
):
    learners = {make_member(team, "learner").pk for _ in range(3)}
    leader = make_member(team, role)
    response = enrol_team(as_user(leader), team, course)
    assert response.status_code == 201
    assert response.json()["created"] == 3
    assert set(Enrollment.objects.values_list("learner", flat=True)) == learners


def test_enrolling_again_updates_dates_without_duplicates(course, team, make_member, as_user):
    make_member(team, "learner")
    api = as_user(make_member(team, "coach"))
    enrol_team(api, team, course)
    response = enrol_team(api, team, course, due_date="2025-04-30")
    assert response.json()["created"] == 0
    assert Enrollment.objects.get().due_date.isoformat() == "2025-04-30"


def test_a_learner_cannot_enrol_the_team(course, team, make_member, as_user):
    learner = make_member(team, "learner")
    assert enrol_team(as_user(learner), team, course).status_code == 403
    assert not Enrollment.objects.exists()


def test_a_coach_of_another_team_cannot_enrol_it(course, team, make_member, as_user):
    from tests.factories import TeamFactory

    make_member(team, "learner")
    outsider = make_member(TeamFactory(), "coach")
    assert enrol_team(as_user(outsider), team, course).status_code == 403


def test_an_unknown_team_is_404(course, make_member, team, as_user):
    coach = make_member(team, "coach")
    response = as_user(coach).post(
        "/api/teams/999999/enrollments/", {"course": course.pk}, format="json"
    )
    assert response.status_code == 404


def test_an_unknown_course_is_400_on_course(team, make_member, as_user, db):
    coach = make_member(team, "coach")
    response = as_user(coach).post(
        f"/api/teams/{team.pk}/enrollments/", {"course": 999999}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["course"]


def test_a_due_date_before_the_start_is_400(course, team, make_member, as_user):
    make_member(team, "learner")
    response = enrol_team(as_user(make_member(team, "coach")), team, course, due_date="2025-01-01")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["due_date"]
    assert not Enrollment.objects.exists()
