"""Onboarding due dates: set by courses at enrolment, closed by a course completion."""

from datetime import date, timedelta

import pytest

from progress import verbs
from progress.services import onboarding_due_set, statement_void

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(make_member, team):
    return make_member(team, "learner")


def complete_course(record, learner, key):
    return record(actor=learner, verb=verbs.COMPLETED, object_type="course", object_id=key,
                  result={"completion": True})  # fmt: skip


def test_completing_the_course_closes_the_due_date(record, learner, team):
    due = onboarding_due_set(learner=learner, team=team, due_date=date.today(), course_key="c1")
    complete_course(record, learner, "c1")
    due.refresh_from_db()
    assert due.completed_at is not None


def test_a_completion_recorded_before_the_due_date_was_set_counts(record, learner, team):
    complete_course(record, learner, "c1")
    due = onboarding_due_set(learner=learner, team=team, due_date=date.today(), course_key="c1")
    assert due.completed_at is not None


def test_another_course_does_not_close_it(record, learner, team):
    due = onboarding_due_set(learner=learner, team=team, due_date=date.today(), course_key="c1")
    complete_course(record, learner, "c2")
    due.refresh_from_db()
    assert due.completed_at is None


def test_setting_it_again_moves_the_date(learner, team):
    onboarding_due_set(learner=learner, team=team, due_date=date(2026, 1, 1), course_key="c1")
    due = onboarding_due_set(learner=learner, team=team, due_date=date(2026, 2, 1), course_key="c1")
    assert due.due_date == date(2026, 2, 1)
    assert learner.onboarding_dues.count() == 1


def test_a_voided_completion_reopens_it(record, learner, team, django_capture_on_commit_callbacks):
    due = onboarding_due_set(learner=learner, team=team, due_date=date.today(), course_key="c1")
    completion = complete_course(record, learner, "c1")
    with django_capture_on_commit_callbacks(execute=True):
        statement_void(statement_id=completion.pk)
    due.refresh_from_db()
    assert due.completed_at is None


def test_an_overdue_learner_is_listed_on_the_dashboard_until_completing(
    api, record, learner, team, make_member
):
    manager = make_member(team, "manager")
    onboarding_due_set(learner=learner, team=team, due_date=date.today() - timedelta(days=2),
                       course_key="c1", course_name="Perehdytys")  # fmt: skip
    url = f"/api/progress/teams/{team.pk}/dashboard/"
    overdue = api(manager).get(url).json()["overdue"]
    assert [(row["learner"]["id"], row["course_name"], row["days_overdue"]) for row in overdue] == [
        (learner.pk, "Perehdytys", 2)
    ]
    complete_course(record, learner, "c1")
    assert api(manager).get(url).json()["overdue"] == []
