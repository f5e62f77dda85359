"""Quizzes are scored on the server; answers and feedback never leave it beforehand."""

import json

import pytest

from courses.models import QuizAttempt
from progress import verbs
from progress.models import Milestone, MilestoneState, MilestoneStatus, Statement
from tests.courses.tree import build_course, enrol, option_id, question_ids, quiz_block

pytestmark = pytest.mark.django_db

RIGHT = {0: [0], 1: [0], 2: [0, 1]}


@pytest.fixture
def lesson(home, competencies, learner):
    course, _modules, lessons = build_course(
        home, [("how", 1, False)], body=lambda m, n: [quiz_block(competencies)]
    )
    enrol(learner, course)
    return lessons[0][0]


def answers(choices: dict[int, list[int]]) -> dict:
    qids = question_ids()
    return {qids[q]: [option_id(q, o) for o in options] for q, options in choices.items()}


def attempt(api, lesson, choices, **extra):
    return api.post(
        f"/api/lessons/{lesson.pk}/quiz-attempts/",
        {"answers": answers(choices), **extra},
        format="json",
    )


def test_the_lesson_json_has_no_answer_key_or_feedback(lesson, learner, as_user):
    payload = as_user(learner).get(f"/api/lessons/{lesson.pk}/").json()
    quiz = next(block for block in payload["blocks"] if block["type"] == "quiz")
    text = json.dumps(quiz)
    assert '"correct"' not in text and '"feedback"' not in text and "Because" not in text
    assert quiz["value"]["questions"][0]["options"][0] == {
        "id": option_id(0, 0),
        "text": "Name the feeling",
    }
    assert quiz["value"]["questions"][0]["competency"] == {"slug": "empathy", "name": "Empatia"}


def test_all_right_answers_pass_with_full_score(lesson, learner, as_user):
    response = attempt(as_user(learner), lesson, RIGHT)
    assert response.status_code == 201
    result = response.json()
    assert (result["score"], result["max_score"], result["percent"]) == (3, 3, 100)
    assert result["passed"] is True and result["pass_mark"] == 80


def test_a_multiple_choice_question_needs_exactly_the_right_options(lesson, learner, as_user):
    result = attempt(as_user(learner), lesson, {**RIGHT, 2: [0]}).json()
    assert result["questions"][2]["correct"] is False
    assert (result["score"], result["passed"]) == (2, False)


def test_feedback_is_given_for_the_chosen_options_only(lesson, learner, as_user):
    result = attempt(as_user(learner), lesson, {0: [1]}).json()
    first, second, _third = result["questions"]
    assert first == {
        "id": question_ids()[0],
        "answered": True,
        "correct": False,
        "feedback": [
            {
                "option": option_id(0, 1),
                "text": "Quote the policy",
                "feedback": "Because Quote the policy",
            }
        ],
    }
    assert second == {"id": question_ids()[1], "answered": False, "correct": False, "feedback": []}


def test_the_attempt_gets_one_verdict_and_each_competency_a_score(lesson, learner, as_user):
    attempt(as_user(learner), lesson, {0: [0], 1: [1], 2: [0, 1]})
    verdict = Statement.objects.get(object_type="quiz", competency=None)
    assert verdict.verb == verbs.FAILED and verdict.success is False
    assert (verdict.score_raw, verdict.score_max) == (2, 3)
    scores = {
        s.competency.slug: s
        for s in Statement.objects.filter(object_type="quiz", verb=verbs.SCORED)
    }
    assert set(scores) == {"empathy", "building-trust"}
    assert (scores["empathy"].score_raw, scores["empathy"].score_max) == (1, 2)
    assert scores["empathy"].score_scaled == 0.5
    assert scores["building-trust"].score_scaled == 1.0
    assert {s.success for s in scores.values()} == {None}


def test_a_failed_attempt_passes_no_competency_it_happened_to_cover(
    lesson, learner, as_user, competencies, django_capture_on_commit_callbacks
):
    trust = competencies["building-trust"]
    milestone = Milestone.objects.create(
        name="Trust quiz",
        criteria=[{"type": "quiz_passed", "value": {"competency": trust.pk, "min_percent": 80}}],
    )
    # Every trust question right, both empathy questions wrong: 1 of 3, failed.
    with django_capture_on_commit_callbacks(execute=True):
        result = attempt(as_user(learner), lesson, {0: [1], 1: [1], 2: [0, 1]}).json()
    assert result["passed"] is False
    assert not Statement.objects.filter(verb=verbs.PASSED).exists()
    state = MilestoneState.objects.get(learner=learner, milestone=milestone)
    assert state.state == MilestoneStatus.IN_PROGRESS
    with django_capture_on_commit_callbacks(execute=True):
        attempt(as_user(learner), lesson, RIGHT)
    state.refresh_from_db()
    assert state.state == MilestoneStatus.ACHIEVED


def test_the_quiz_statement_object_is_lesson_key_and_block_id(lesson, learner, as_user):
    response = attempt(as_user(learner), lesson, RIGHT)
    statement = Statement.objects.filter(object_type="quiz").first()
    assert statement.object_id == f"{lesson.translation_key}:{response.json()['quiz']}"
    assert statement.context == {
        "attempt": response.json()["id"],
        "lesson": str(lesson.translation_key),
    }


def test_every_attempt_is_kept_and_the_best_score_reported(lesson, learner, as_user):
    api = as_user(learner)
    attempt(api, lesson, RIGHT)
    second = attempt(api, lesson, {0: [1]}).json()
    assert QuizAttempt.objects.count() == 2
    assert (second["attempts"], second["best_percent"], second["percent"]) == (2, 100, 0)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": {"no-such-question": ["x"]}}, "no-such-question"),
        ({"answers": "not an object"}, "answers"),
        ({"quiz": "no-such-quiz", "answers": {}}, "quiz"),
        ({}, "answers"),
    ],
)
def test_malformed_answers_are_400_naming_the_field_and_store_nothing(
    lesson, learner, as_user, body, field
):
    response = as_user(learner).post(
        f"/api/lessons/{lesson.pk}/quiz-attempts/", body, format="json"
    )
    assert response.status_code == 400
    assert field in json.dumps(response.json()["errors"])
    assert not QuizAttempt.objects.exists() and not Statement.objects.exists()


def test_an_unknown_option_is_400_on_that_question(lesson, learner, as_user):
    qid = question_ids()[0]
    response = as_user(learner).post(
        f"/api/lessons/{lesson.pk}/quiz-attempts/", {"answers": {qid: ["nope"]}}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]["answers"]) == [qid]
    assert not QuizAttempt.objects.exists()


def test_two_options_on_a_single_choice_question_is_400(lesson, learner, as_user):
    response = attempt(as_user(learner), lesson, {0: [0, 1]})
    assert response.status_code == 400
    assert response.json()["errors"]["answers"][question_ids()[0]] == ["Choose only one option."]
    assert not QuizAttempt.objects.exists()
