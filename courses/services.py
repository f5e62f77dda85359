"""Writes for courses: enrolment, lesson completion, quiz attempts and reflections.

Every event is told to progress through ``record_statement`` with the vocabulary of
docs/architecture.md. Events that can be reported twice (completions, derived module
and course completions) use deterministic statement ids, so a retry records nothing
new. Each service validates everything before it writes anything.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import INVALID, DomainError
from people.models import Role, Team
from progress import objects, verbs
from progress import services as progress_services
from progress.services import record_statement, statement_id_for

from .blocks import REFLECTABLE_BLOCKS, CallRecordingBlock, QuizBlock
from .models import CoursePage, Enrollment, LessonCompletion, QuizAttempt, Reflection
from .selectors import LessonAccess, course_outline

REFLECTION_MAX_LENGTH = 5000


class InvalidInput(DomainError):
    """Input a service refused before writing anything; ``errors`` maps field to messages.

    Values are lists of messages, or a dict for a field with parts (``answers`` maps
    each question id to its messages). The API and the pages map it as any
    ``core.errors.DomainError``.
    """

    def __init__(self, errors: dict):
        super().__init__(INVALID, "", errors=errors)


def enrollment_create(
    *,
    learner,
    course: CoursePage,
    cohort_start: date,
    due_date: date | None = None,
    team: Team | None = None,
    enrolled_by=None,
) -> tuple[Enrollment, bool]:
    """Enrol ``learner`` on ``course``; enrolling again updates the dates.

    A due date is also handed to progress, which follows overdue onboarding for the
    learner's managers without knowing anything about courses.
    """
    if due_date is not None and due_date < cohort_start:
        raise InvalidInput({"due_date": [_("The due date cannot be before the cohort starts.")]})
    enrollment, created = Enrollment.objects.update_or_create(
        learner=learner,
        course=course,
        defaults={
            "cohort_start": cohort_start,
            "due_date": due_date,
            "team": team,
            "enrolled_by": enrolled_by,
        },
    )
    if due_date is not None:
        progress_services.onboarding_due_set(
            learner=learner,
            due_date=due_date,
            team=team,
            course_key=str(course.translation_key),
            course_name=course.title,
        )
    return enrollment, created


@transaction.atomic
def team_enrol(
    *,
    team: Team,
    course: CoursePage,
    cohort_start: date,
    due_date: date | None = None,
    enrolled_by=None,
) -> list[tuple[Enrollment, bool]]:
    """Enrol every learner of ``team`` on ``course`` at once (coaches and managers are not)."""
    learners = [
        membership.user
        for membership in team.memberships.filter(role=Role.LEARNER).select_related("user")
    ]
    return [
        enrollment_create(
            learner=learner,
            course=course,
            cohort_start=cohort_start,
            due_date=due_date,
            team=team,
            enrolled_by=enrolled_by,
        )
        for learner in learners
    ]


def _completed(learner, kind: str, page_key, name: str, context: dict | None = None) -> None:
    record_statement(
        actor=learner,
        verb=verbs.COMPLETED,
        object_type=kind,
        object_id=str(page_key),
        object_name=name,
        result={"completion": True},
        context=context,
        statement_id=statement_id_for(f"{kind}-completion", f"{learner.pk}/{page_key}"),
    )


def lesson_complete(*, learner, access: LessonAccess) -> tuple[LessonCompletion, bool]:
    """Mark the lesson complete; derive module and course completion from it.

    Completing a lesson twice returns the first completion and records nothing new.
    The module and the course are reported complete when their last lesson is.
    """
    lesson, module, outline = access.lesson, access.module, access.outline
    with transaction.atomic():
        try:
            with transaction.atomic():
                completion, created = LessonCompletion.objects.get_or_create(
                    learner=learner,
                    lesson_key=lesson.translation_key,
                    defaults={"module_key": module.key, "course_key": outline.key},
                )
        except IntegrityError:
            # A concurrent request completed the same lesson first.
            completion = LessonCompletion.objects.get(
                learner=learner, lesson_key=lesson.translation_key
            )
            created = False
        _completed(
            learner,
            objects.LESSON,
            lesson.translation_key,
            lesson.title,
            {"course": str(outline.key), "module": str(module.key)},
        )
        # Re-read progress so that derived completions see this lesson and any other
        # learner request that finished at the same time.
        fresh = course_outline(learner=learner, course=outline.course)
        fresh_module = fresh.module(module.key)
        if fresh_module is not None and fresh_module.completed:
            _completed(
                learner,
                objects.MODULE,
                module.key,
                fresh_module.ref.title,
                {"course": str(outline.key)},
            )
        if fresh.completed:
            _completed(learner, objects.COURSE, outline.key, fresh.ref.title)
            Enrollment.objects.filter(
                learner=learner, course=outline.course, completed_at__isnull=True
            ).update(completed_at=timezone.now())
    access.item.completed = True
    access.outline = fresh
    return completion, created


def _answer_errors(questions: list[dict], answers) -> tuple[dict, dict]:
    """Check answers against the quiz; return (errors, chosen option ids by question)."""
    if not isinstance(answers, dict):
        return {"answers": [_("Give the answers as an object: question id → option ids.")]}, {}
    by_id = {question["id"]: question for question in questions}
    errors: dict[str, list[str]] = {}
    chosen: dict[str, list[str]] = {}
    for question_id, picked in answers.items():
        question = by_id.get(question_id)
        if question is None:
            errors[question_id] = [_("This quiz has no such question.")]
            continue
        if isinstance(picked, str):
            picked = [picked]
        if not isinstance(picked, list) or not all(isinstance(o, str) for o in picked):
            errors[question_id] = [_("Give a list of option ids.")]
            continue
        option_ids = {option["id"] for option in question["options"]}
        unknown = [option for option in picked if option not in option_ids]
        if unknown:
            errors[question_id] = [_("This question has no option %(id)s.") % {"id": unknown[0]}]
            continue
        if len(set(picked)) != len(picked):
            errors[question_id] = [_("An option is chosen more than once.")]
            continue
        if question["kind"] != "multiple" and len(picked) > 1:
            errors[question_id] = [_("Choose only one option.")]
            continue
        if picked:
            chosen[question_id] = picked
    if errors:
        return {"answers": errors}, {}
    return {}, chosen


def quiz_score(*, questions: list[dict], chosen: dict[str, list[str]]) -> list[dict]:
    """Score each question: right when exactly the correct options were chosen.

    Feedback is returned for answered questions only, and only for the options the
    learner chose; unanswered questions reveal nothing.
    """
    results = []
    for question in questions:
        picked = chosen.get(question["id"])
        if not picked:
            results.append(
                {"id": question["id"], "answered": False, "correct": False, "feedback": []}
            )
            continue
        correct = {option["id"] for option in question["options"] if option["correct"]}
        results.append(
            {
                "id": question["id"],
                "answered": True,
                "correct": set(picked) == correct,
                "feedback": [
                    {"option": option["id"], "text": option["text"], "feedback": option["feedback"]}
                    for option in question["options"]
                    if option["id"] in picked
                ],
            }
        )
    return results


def quiz_attempt_create(
    *, learner, access: LessonAccess, quiz_id: str | None, answers
) -> tuple[QuizAttempt, list[dict]]:
    """Score a quiz attempt on the server, keep it, and report it per competency.

    Raises ``InvalidInput`` naming the field (``quiz`` or ``answers.<question id>``)
    before anything is stored.
    """
    quizzes = access.shown.blocks_of_type("quiz")
    if quiz_id is None and len(quizzes) == 1:
        quiz_id = quizzes[0].id
    quiz = next((block for block in quizzes if block.id == quiz_id), None)
    if quiz is None:
        raise InvalidInput({"quiz": [_("This lesson has no such quiz.")]})
    questions = QuizBlock.questions_of(quiz.value)
    errors, chosen = _answer_errors(questions, answers)
    if errors:
        raise InvalidInput(errors)

    results = quiz_score(questions=questions, chosen=chosen)
    score = sum(1 for result in results if result["correct"])
    pass_mark = quiz.value["pass_mark"]
    max_score = len(questions)
    lesson_key = access.lesson.translation_key
    with transaction.atomic():
        attempt = QuizAttempt.objects.create(
            learner=learner,
            lesson_key=lesson_key,
            quiz_id=quiz.id,
            answers=chosen,
            score=score,
            max_score=max_score,
            pass_mark=pass_mark,
            passed=100 * score >= pass_mark * max_score,
        )
        per_competency: dict = defaultdict(lambda: [0, 0, None])
        for question, result in zip(questions, results, strict=True):
            competency = question["competency"]
            if competency is None:
                continue
            tally = per_competency[competency.translation_key]
            tally[0] += int(result["correct"])
            tally[1] += 1
            tally[2] = competency
        # One verdict for the attempt as a whole, against the pass mark; the share of
        # each competency's questions answered right is a score, never a verdict, so a
        # failed attempt says "passed" about nothing.
        context = {"attempt": attempt.pk, "lesson": str(lesson_key)}
        common = {
            "actor": learner,
            "object_type": objects.QUIZ,
            "object_id": f"{lesson_key}:{quiz.id}",
            "object_name": quiz.value["title"],
            "context": context,
        }
        record_statement(
            **common,
            verb=verbs.PASSED if attempt.passed else verbs.FAILED,
            result={
                "score_raw": score,
                "score_max": max_score,
                "score_scaled": score / max_score if max_score else 0,
                "success": attempt.passed,
            },
            statement_id=statement_id_for("quiz-attempt", attempt.pk),
        )
        for raw, total, competency in per_competency.values():
            record_statement(
                **common,
                verb=verbs.SCORED,
                result={"score_raw": raw, "score_max": total, "score_scaled": raw / total},
                competency=competency,
                statement_id=statement_id_for("quiz-attempt", f"{attempt.pk}/{competency.slug}"),
            )
    return attempt, results


def reflection_save(*, learner, access: LessonAccess, block_id: str, text: str):
    """Write (or rewrite) the learner's answer to a prompt; report it once.

    Returns ``(reflection, created)``. Rewriting keeps the sharing as it was.
    """
    text = (text or "").strip()
    block = access.shown.block_by_id(block_id)
    if block is None or block.block_type not in REFLECTABLE_BLOCKS:
        raise InvalidInput({"block": [_("This lesson has no such reflection prompt.")]})
    if not text:
        raise InvalidInput({"text": [_("Write something before saving.")]})
    if len(text) > REFLECTION_MAX_LENGTH:
        raise InvalidInput(
            {"text": [_("Keep it under %(max)s characters.") % {"max": REFLECTION_MAX_LENGTH}]}
        )
    prompt = (
        block.value["prompt"]
        if block.block_type == "reflection_prompt"
        else CallRecordingBlock.question_text(block.value)
    )
    lesson_key = access.lesson.translation_key
    with transaction.atomic():
        reflection, created = Reflection.objects.update_or_create(
            learner=learner,
            lesson_key=lesson_key,
            block_id=block_id,
            defaults={"text": text, "prompt": prompt},
        )
        record_statement(
            actor=learner,
            verb=verbs.REFLECTED,
            object_type=objects.LESSON,
            object_id=str(lesson_key),
            object_name=access.lesson.title,
            context={"reflection": reflection.pk},
            statement_id=statement_id_for("reflection", reflection.pk),
        )
    return reflection, created


def reflection_share(*, reflection: Reflection, shared: bool = True) -> Reflection:
    """Share a reflection with the learner's coaches, or take the share back."""
    if shared and reflection.shared_at is None:
        reflection.shared_at = timezone.now()
    elif not shared:
        reflection.shared_at = None
    reflection.save(update_fields=["shared_at", "updated_at"])
    return reflection


def joiner_enrol(sender, *, membership, **kwargs) -> None:
    """A learner who joins a team gets the team's courses with the team's dates.

    The team's enrolments are the record of what it was given: the newest one of each
    course gives the cohort start and due date that the joiner is held to as well.
    """
    if membership.role != Role.LEARNER:
        return
    latest = {}
    for enrollment in (
        Enrollment.objects.filter(team_id=membership.team_id)
        .exclude(learner_id=membership.user_id)
        .select_related("course")
        .order_by("course_id", "-created_at", "-pk")
    ):
        latest.setdefault(enrollment.course_id, enrollment)
    for enrollment in latest.values():
        if Enrollment.objects.filter(
            learner_id=membership.user_id, course=enrollment.course
        ).exists():
            continue
        enrollment_create(
            learner=membership.user,
            course=enrollment.course,
            cohort_start=enrollment.cohort_start,
            due_date=enrollment.due_date,
            team=membership.team,
            enrolled_by=enrollment.enrolled_by,
        )
