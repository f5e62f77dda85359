"""Two statements for one learner committing at once (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection

from progress import verbs
from progress.models import MilestoneAward, MilestoneState, MilestoneStatus
from progress.services import milestone_evaluate, record_statement
from tests.progress.conftest import condition

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*functions):
    barrier = threading.Barrier(len(functions))
    errors = []

    def run(function):
        try:
            barrier.wait(timeout=10)
            function()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []


def test_two_statements_at_once_achieve_the_milestone_exactly_once(
    make_member, team, make_milestone
):
    learner = make_member(team, "learner")
    milestone = make_milestone(
        condition("completed", object_type="module", object_id="a"),
        condition("completed", object_type="module", object_id="b"),
    )

    def complete(key):
        return lambda: record_statement(
            actor=learner, verb=verbs.COMPLETED, object_type="module", object_id=key
        )

    run_together(complete("a"), complete("b"))
    state = MilestoneState.objects.get(learner=learner, milestone=milestone)
    assert state.state == MilestoneStatus.ACHIEVED
    award = MilestoneAward.objects.get(learner=learner, milestone=milestone)
    assert award.evidence.count() == 2


def test_evaluating_in_two_threads_at_once_makes_one_state_and_one_award(
    make_member, team, make_milestone
):
    learner = make_member(team, "learner")
    milestone = make_milestone(condition("completed", object_type="module", object_id="a"))
    record_statement(actor=learner, verb=verbs.COMPLETED, object_type="module", object_id="a")
    MilestoneState.objects.all().delete()
    MilestoneAward.objects.all().delete()

    def evaluate():
        milestone_evaluate(learner=learner, milestone=milestone)

    run_together(evaluate, evaluate, evaluate)
    assert MilestoneState.objects.filter(learner=learner, milestone=milestone).count() == 1
    assert MilestoneAward.objects.filter(learner=learner, milestone=milestone).count() == 1
