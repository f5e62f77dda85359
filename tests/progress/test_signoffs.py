"""Coach sign-offs: who may sign, the statement it records, withdrawal."""

import pytest

from progress import verbs
from progress.models import MilestoneState, MilestoneStatus, SignOff, Statement
from tests.factories import TeamFactory
from tests.progress.conftest import condition

pytestmark = pytest.mark.django_db

URL = "/api/progress/signoffs/"


@pytest.fixture
def milestone(make_milestone):
    return make_milestone(condition("signed_off"), name="Owns the case")


def sign(api, committed, user, learner, milestone):
    body = {"learner": learner.pk, "milestone": milestone.pk, "note": "Seen in the role-play."}
    return committed(api(user).post, URL, body, format="json")


def state(learner, milestone):
    return MilestoneState.objects.get(learner=learner, milestone=milestone).state


def test_a_coach_of_the_learners_team_signs_a_milestone_off(
    api, committed, make_member, team, milestone
):
    learner, coach = make_member(team, "learner"), make_member(team, "coach")
    response = sign(api, committed, coach, learner, milestone)
    assert response.status_code == 201
    assert state(learner, milestone) == MilestoneStatus.ACHIEVED


def test_a_signoff_records_a_signed_off_statement_about_the_learner(
    api, committed, make_member, team, milestone
):
    learner, coach = make_member(team, "learner"), make_member(team, "coach")
    signoff_id = sign(api, committed, coach, learner, milestone).json()["id"]
    statement = Statement.objects.get(verb=verbs.SIGNED_OFF)
    assert (statement.actor, statement.object_type, statement.object_id) == (
        learner,
        "milestone",
        str(milestone.pk),
    )
    assert statement.success is True
    assert statement.context == {"rater": coach.pk, "signoff": signoff_id}


def test_signing_off_twice_returns_the_same_signoff(api, committed, make_member, team, milestone):
    learner, coach = make_member(team, "learner"), make_member(team, "coach")
    first = sign(api, committed, coach, learner, milestone)
    again = sign(api, committed, coach, learner, milestone)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert SignOff.objects.count() == 1


def test_a_manager_may_not_sign_off(api, committed, make_member, team, milestone):
    learner, manager = make_member(team, "learner"), make_member(team, "manager")
    response = sign(api, committed, manager, learner, milestone)
    assert response.status_code == 403
    assert response.json()["detail"]


def test_a_coach_of_another_team_may_not_sign_off(api, committed, make_member, team, milestone):
    learner, other_coach = make_member(team, "learner"), make_member(TeamFactory(), "coach")
    assert sign(api, committed, other_coach, learner, milestone).status_code == 403
    assert not SignOff.objects.exists()


def test_withdrawing_a_signoff_makes_the_milestone_need_revision(
    api, committed, make_member, team, milestone
):
    learner, coach = make_member(team, "learner"), make_member(team, "coach")
    signoff_id = sign(api, committed, coach, learner, milestone).json()["id"]
    response = committed(
        api(coach).post, f"{URL}{signoff_id}/withdraw/", {"reason": "too early"}, format="json"
    )
    assert response.status_code == 200 and response.json()["withdrawn_at"]
    assert state(learner, milestone) == MilestoneStatus.NEEDS_REVISION
    assert Statement.objects.get(verb=verbs.SIGNED_OFF).voided


def test_a_new_signoff_after_withdrawal_achieves_the_milestone_again(
    api, committed, make_member, team, milestone
):
    learner, coach = make_member(team, "learner"), make_member(team, "coach")
    signoff_id = sign(api, committed, coach, learner, milestone).json()["id"]
    committed(api(coach).post, f"{URL}{signoff_id}/withdraw/", {}, format="json")
    assert sign(api, committed, coach, learner, milestone).status_code == 201
    assert state(learner, milestone) == MilestoneStatus.ACHIEVED
