"""The demo seed gives the Aurora team a dashboard worth looking at, told from the real
course, scenarios and rubrics, with targets from the published service promise; and
seeding again changes nothing."""

import os

import pytest
from django.core.management import call_command

from cms.models import ServicePromisePage
from courses.models import LessonCompletion, QuizAttempt
from people.models import Team, User
from progress.models import (
    Assessment,
    CompetencyTarget,
    Milestone,
    MilestoneState,
    MilestoneStatus,
    SignOff,
    Statement,
)
from roleplay.models import Scenario

pytestmark = pytest.mark.django_db


def seed_demo():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def counts():
    return tuple(
        model.objects.count()
        for model in (Milestone, Statement, Assessment, MilestoneState, SignOff, QuizAttempt)
    )


def test_seeding_twice_changes_nothing(demo, committed):
    first = counts()
    committed(seed_demo)
    assert counts() == first


def dashboard(api):
    team = Team.objects.get(name="Asiakaspalvelu Aurora")
    return (
        api(User.objects.get(username="manager"))
        .get(f"/api/progress/teams/{team.pk}/dashboard/")
        .json()
    )


def test_the_aurora_dashboard_is_not_empty(demo, api):
    data = dashboard(api)
    assert sum(m["counts"]["achieved"] for m in data["milestones"]) >= 1
    assert any(member["levels"]["empathy"]["latest"] for member in data["members"])
    assert data["overdue"] and sum(week["statements"] for week in data["trend"]) > 0


def test_the_history_names_only_the_real_course_and_scenarios(demo):
    assert LessonCompletion.objects.exists()
    names = set(Statement.objects.values_list("object_name", flat=True))
    assert not {n for n in names if n.startswith(("Oppitunti", "Harjoitus:")) or n == "Tietovisa"}
    scenario_titles = set(Scenario.objects.values_list("title", flat=True))
    scored = set(
        Statement.objects.filter(object_type="roleplay-session").values_list(
            "object_name", flat=True
        )
    )
    assert scored and scored <= scenario_titles


def test_a_learner_two_lessons_in_has_not_completed_the_course(demo):
    aino = User.objects.get(username="learner")
    assert LessonCompletion.objects.filter(learner=aino).count() == 2
    assert not Statement.objects.filter(actor=aino, object_type="course").exists()


def test_the_targets_are_the_published_service_promise(demo):
    promise = ServicePromisePage.objects.get(locale__language_code="fi")
    published = {row.competency.slug: row.target_level for row in promise.rows()}
    targets = {
        t.competency.slug: t.level for t in CompetencyTarget.objects.filter(team__isnull=True)
    }
    assert targets == published


def test_knowing_the_promise_needs_more_than_one_quiz(demo):
    milestone = Milestone.objects.get(name="Knows our service promise")
    quizzes = [c for c in milestone.criteria if c.block_type == "quiz_passed"]
    assert milestone.match == "all" and len(quizzes) >= 2
    states = {
        state.learner.username: state.state == MilestoneStatus.ACHIEVED
        for state in MilestoneState.objects.filter(milestone=milestone.canonical)
    }
    # Sanna passed the promise and the listening quizzes; Aino only the promise quiz.
    assert states.get("learner3") is True
    assert not states.get("learner")
