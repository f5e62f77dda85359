"""Enrolling with a due date lets progress follow overdue onboarding."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from courses.models import CoursePage
from courses.services import enrollment_create
from progress.models import OnboardingDue

pytestmark = pytest.mark.django_db


def test_a_due_date_on_enrolment_is_followed_by_progress(make_member, team, django_user_model):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    course = CoursePage.objects.filter(locale__language_code="fi").first()
    learner = make_member(team, "learner")
    due = timezone.localdate() - timedelta(days=3)
    enrollment_create(
        learner=learner, course=course, cohort_start=date(2026, 1, 1), due_date=due, team=team
    )
    record = OnboardingDue.objects.get(learner=learner)
    assert record.course_key == str(course.translation_key)

    api = APIClient()
    api.force_authenticate(make_member(team, "manager"))
    overdue = api.get(f"/api/progress/teams/{team.pk}/dashboard/").json()["overdue"]
    assert [(row["learner"]["id"], row["days_overdue"]) for row in overdue] == [(learner.pk, 3)]
