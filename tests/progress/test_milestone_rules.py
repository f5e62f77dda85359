"""Milestone rules over statements: each condition, AND/OR, states, revision, idempotency."""

import pytest
from wagtail.models import Page

from progress import verbs
from progress.models import MilestoneAward, MilestoneState, MilestoneStatus, MilestoneTrigger
from progress.services import milestone_evaluate, record_statement, statement_void
from tests.progress.conftest import condition, group

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(make_member, team):
    return make_member(team, "learner")


def state_of(learner, milestone) -> str:
    row = MilestoneState.objects.filter(learner=learner, milestone=milestone).first()
    return row.state if row else MilestoneStatus.NOT_STARTED


ATTEMPTS = iter(range(1, 10_000))


def quiz(record, learner, competency, scaled, key="lesson-1:quiz", passed=None):
    """A quiz attempt as courses records it: the verdict, then the competency's score."""
    attempt = next(ATTEMPTS)
    passed = scaled >= 0.5 if passed is None else passed
    common = {"actor": learner, "object_type": "quiz", "object_id": key}
    record(
        **common,
        verb=verbs.PASSED if passed else verbs.FAILED,
        result={"score_raw": 4 if passed else 1, "score_max": 5, "success": passed},
        context={"attempt": attempt},
    )
    return record(
        **common,
        verb=verbs.SCORED,
        competency=competency,
        result={"score_raw": scaled * 10, "score_max": 10, "score_scaled": scaled},
        context={"attempt": attempt},
    )


def roleplay_score(record, learner, competency, level, session="1", rater_role="coach"):
    return record(
        actor=learner,
        verb=verbs.SCORED,
        object_type="roleplay-session",
        object_id=session,
        competency=competency,
        result={"score_raw": level, "score_min": 1, "score_max": 5, "score_scaled": level / 5},
        context={"rater_role": rater_role, "criterion": 1, "session_kind": "live"},
    )


def completed(record, learner, object_type, key):
    return record(
        actor=learner,
        verb=verbs.COMPLETED,
        object_type=object_type,
        object_id=key,
        result={"completion": True},
    )


def test_completed_condition_is_met_by_completing_that_object(record, make_milestone, learner):
    milestone = make_milestone(condition("completed", object_type="module", object_id="m-1"))
    completed(record, learner, "module", "other")
    assert state_of(learner, milestone) == MilestoneStatus.NOT_STARTED
    completed(record, learner, "module", "m-1")
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED


def test_completed_condition_with_a_page_matches_its_translation_key(
    record, make_milestone, learner
):
    page = Page.get_first_root_node()
    milestone = make_milestone(condition("completed", object_type="module", page=page.pk))
    assert milestone.rules["conditions"][0]["object_id"] == str(page.translation_key)
    completed(record, learner, "module", str(page.translation_key))
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED


def test_completed_condition_without_a_key_accepts_any_object_of_the_type(
    record, make_milestone, learner
):
    milestone = make_milestone(condition("completed", object_type="course", object_id=""))
    completed(record, learner, "course", "any-course")
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED


def test_quiz_condition_needs_the_minimum_percentage(record, make_milestone, learner, competencies):
    empathy = competencies["empathy"]
    milestone = make_milestone(condition("quiz_passed", competency=empathy.pk, min_percent=80))
    quiz(record, learner, empathy, 0.7)
    assert state_of(learner, milestone) == MilestoneStatus.IN_PROGRESS
    quiz(record, learner, empathy, 0.8, key="lesson-2:quiz")
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED


def test_a_failed_quiz_attempt_does_not_pass_a_competency_it_scored_well_on(
    record, make_milestone, learner, competencies
):
    empathy = competencies["empathy"]
    milestone = make_milestone(condition("quiz_passed", competency=empathy.pk, min_percent=80))
    quiz(record, learner, empathy, 1.0, passed=False)
    assert state_of(learner, milestone) == MilestoneStatus.IN_PROGRESS
    quiz(record, learner, empathy, 0.9, key="lesson-2:quiz", passed=True)
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED
    award = MilestoneAward.objects.get(learner=learner, milestone=milestone)
    assert sorted(s.verb for s in award.evidence.all()) == [verbs.PASSED, verbs.SCORED]


def test_quiz_on_another_competency_does_not_count(record, make_milestone, learner, competencies):
    milestone = make_milestone(
        condition("quiz_passed", competency=competencies["empathy"].pk, min_percent=80)
    )
    quiz(record, learner, competencies["caring"], 1.0)
    assert state_of(learner, milestone) == MilestoneStatus.NOT_STARTED


def test_roleplay_condition_counts_sessions_scored_high_enough_by_the_rater_role(
    record, make_milestone, learner, competencies
):
    empathy = competencies["empathy"]
    milestone = make_milestone(
        condition(
            "roleplays_scored", count=2, rater_role="coach", competency=empathy.pk, min_level=4
        )
    )
    roleplay_score(record, learner, empathy, 5, session="1")
    roleplay_score(record, learner, empathy, 5, session="2", rater_role="observer")
    roleplay_score(record, learner, empathy, 3, session="3")
    assert state_of(learner, milestone) == MilestoneStatus.IN_PROGRESS
    roleplay_score(record, learner, empathy, 4, session="4")
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED


def test_roleplay_condition_averages_the_raters_scores_within_a_session(
    make_milestone, learner, competencies, committed
):
    empathy = competencies["empathy"]
    milestone = make_milestone(
        condition(
            "roleplays_scored", count=1, rater_role="coach", competency=empathy.pk, min_level=4
        )
    )

    def final_scores():  # a session's scores arrive in one transaction
        roleplay_score(record_statement, learner, empathy, 5, session="1")
        roleplay_score(record_statement, learner, empathy, 2, session="1")

    committed(final_scores)
    assert state_of(learner, milestone) == MilestoneStatus.IN_PROGRESS


def test_a_later_lower_score_does_not_take_an_achieved_milestone_back(
    record, make_milestone, learner, competencies
):
    caring = competencies["caring"]
    milestone = make_milestone(
        condition("assessed", competency=caring.pk, rater_role="coach", min_level=3)
    )
    for level in (4, 2):
        record(
            actor=learner, verb=verbs.ASSESSED, object_type="competency", object_id="caring",
            competency=caring, result={"score_raw": level}, context={"rater_role": "coach"},
        )  # fmt: skip
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED


def test_assessed_condition_reads_the_latest_assessment_of_the_role(
    record, make_milestone, learner, competencies
):
    caring = competencies["caring"]
    milestone = make_milestone(
        condition("assessed", competency=caring.pk, rater_role="coach", min_level=3)
    )
    context = {"rater_role": "coach", "rater": None, "assessment": 1}
    record(
        actor=learner, verb=verbs.ASSESSED, object_type="competency", object_id="caring",
        competency=caring, result={"score_raw": 3}, context=context,
    )  # fmt: skip
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED


def test_signoff_condition_is_met_by_a_signed_off_statement(record, make_milestone, learner):
    milestone = make_milestone(condition("signed_off"))
    record(
        actor=learner, verb=verbs.SIGNED_OFF, object_type="milestone", object_id=milestone.pk,
        result={"success": True}, context={"rater": 1, "signoff": 1},
    )  # fmt: skip
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED


def test_all_needs_every_condition(record, make_milestone, learner):
    milestone = make_milestone(
        condition("completed", object_type="module", object_id="a"),
        condition("completed", object_type="module", object_id="b"),
        match="all",
    )
    completed(record, learner, "module", "a")
    assert state_of(learner, milestone) == MilestoneStatus.IN_PROGRESS
    completed(record, learner, "module", "b")
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED


def test_any_needs_one_condition(record, make_milestone, learner):
    milestone = make_milestone(
        condition("completed", object_type="module", object_id="a"),
        condition("completed", object_type="module", object_id="b"),
        match="any",
    )
    completed(record, learner, "module", "b")
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED


def test_a_group_nests_or_inside_and(record, make_milestone, learner):
    milestone = make_milestone(
        condition("completed", object_type="module", object_id="a"),
        group(
            "any",
            condition("completed", object_type="lesson", object_id="x"),
            condition("completed", object_type="lesson", object_id="y"),
        ),
    )
    completed(record, learner, "lesson", "y")
    assert state_of(learner, milestone) == MilestoneStatus.IN_PROGRESS
    completed(record, learner, "module", "a")
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED


def test_the_award_links_the_statements_that_proved_it(record, make_milestone, learner):
    milestone = make_milestone(
        condition("completed", object_type="module", object_id="a"),
        condition("completed", object_type="module", object_id="b"),
    )
    first = completed(record, learner, "module", "a")
    second = completed(record, learner, "module", "b")
    award = MilestoneAward.objects.get(learner=learner, milestone=milestone)
    assert set(award.evidence.values_list("id", flat=True)) == {first.pk, second.pk}


def test_voiding_the_evidence_makes_an_achieved_milestone_need_revision(
    make_milestone, learner, record, django_capture_on_commit_callbacks
):
    milestone = make_milestone(condition("completed", object_type="module", object_id="a"))
    evidence = completed(record, learner, "module", "a")
    with django_capture_on_commit_callbacks(execute=True):
        statement_void(statement_id=evidence.pk, reason="recorded by mistake")
    assert state_of(learner, milestone) == MilestoneStatus.NEEDS_REVISION
    award = MilestoneAward.objects.get(learner=learner, milestone=milestone)
    assert award.revoked_at is not None


def test_reaching_a_milestone_again_after_revision_makes_a_new_award(
    make_milestone, learner, record, django_capture_on_commit_callbacks
):
    milestone = make_milestone(condition("completed", object_type="module", object_id="a"))
    evidence = completed(record, learner, "module", "a")
    with django_capture_on_commit_callbacks(execute=True):
        statement_void(statement_id=evidence.pk)
    completed(record, learner, "module", "a")
    assert state_of(learner, milestone) == MilestoneStatus.ACHIEVED
    awards = MilestoneAward.objects.filter(learner=learner, milestone=milestone)
    assert awards.count() == 2 and awards.filter(revoked_at__isnull=True).count() == 1


def test_evaluating_again_changes_nothing(record, make_milestone, learner):
    milestone = make_milestone(condition("completed", object_type="module", object_id="a"))
    completed(record, learner, "module", "a")
    before = MilestoneState.objects.get(learner=learner, milestone=milestone)
    milestone_evaluate(learner=learner, milestone=milestone)
    milestone_evaluate(learner=learner, milestone=milestone)
    after = MilestoneState.objects.get(learner=learner, milestone=milestone)
    assert (after.state, after.changed_at) == (before.state, before.changed_at)
    assert MilestoneAward.objects.filter(learner=learner, milestone=milestone).count() == 1


def test_recording_the_same_statement_twice_awards_once(record, make_milestone, learner):
    milestone = make_milestone(condition("completed", object_type="module", object_id="a"))
    for _ in range(2):
        record(
            actor=learner, verb=verbs.COMPLETED, object_type="module", object_id="a",
            statement_id="6f1c1d1e-0000-4000-8000-000000000001",
        )  # fmt: skip
    assert MilestoneAward.objects.filter(learner=learner, milestone=milestone).count() == 1


def test_a_statement_evaluates_only_the_milestones_it_can_affect(
    record, make_milestone, learner, competencies
):
    module = make_milestone(condition("completed", object_type="module", object_id="a"))
    quiz_milestone = make_milestone(
        condition("quiz_passed", competency=competencies["empathy"].pk, min_percent=80)
    )
    completed(record, learner, "module", "a")
    assert MilestoneState.objects.filter(learner=learner, milestone=module).exists()
    assert not MilestoneState.objects.filter(learner=learner, milestone=quiz_milestone).exists()


def test_changing_the_criteria_replaces_the_trigger_keys(make_milestone):
    milestone = make_milestone(condition("completed", object_type="module", object_id="a"))
    milestone.criteria = [condition("completed", object_type="lesson", object_id="b")]
    milestone.save()
    keys = set(MilestoneTrigger.objects.filter(milestone=milestone).values_list("key", flat=True))
    assert keys == {"completed:lesson:b"}


def test_a_translated_milestone_is_not_evaluated_on_its_own(make_milestone):
    from wagtail.models import Locale

    milestone = make_milestone(condition("completed", object_type="module", object_id="a"))
    english = milestone.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    english.save()
    assert not MilestoneTrigger.objects.filter(milestone=english).exists()
    assert english.canonical == milestone
