"""The Aurora team's history, told from the real course, scenarios and rubrics.

Seeded last, once the course (``demo.courses``) and the scenarios (``demo.roleplay``)
exist. Each learner's records match their path:

- Aino (learner) has done the first two lessons (``demo.courses``) and passed the
  promise quiz in the second; her first role-play, the pension call, was scored by
  Kaisa. "Knows our service promise" still misses the empathy quiz, and she is the
  agent of the next, scheduled role-play.
- Eero (learner2) started late and is past his due date: no lesson yet, one nervous
  pension call.
- Sanna (learner3) has done the what and how modules and passed their quizzes; Kaisa
  scored her 4 on empathy in two role-plays and signed off "Empathy in practice".
"""

import uuid
from datetime import timedelta

from django.utils import timezone

from courses.blocks import QuizBlock
from courses.models import LessonPage, QuizAttempt
from courses.selectors import lesson_access
from courses.services import quiz_attempt_create
from people.models import Team, User
from progress import verbs
from progress.models import Assessment, CoachingNote, Competency, Milestone
from progress.services import (
    assessment_create,
    coaching_note_create,
    record_statement,
    signoff_create,
    statement_id_for,
)
from roleplay.models import Scenario

from .roleplay import _key as scenario_key

# username: lessons whose quizzes were passed (all answers right)
QUIZZES = {
    "learner": ["lupaus-kaytannossa"],
    "learner3": ["lupaus-kaytannossa", "kuuntele-loppuun", "julkinen-palaute"],
}

# username: [(scenario key, weeks ago, {competency of a rubric criterion: the coach's level})]
ROLEPLAYS = {
    "learner": [
        ("first-pension-call", 2, {"empathy": 3, "active-listening": 3, "ownership": 3}),
    ],
    "learner2": [
        ("first-pension-call", 1, {"empathy": 3, "active-listening": 2, "ownership": 2}),
    ],
    "learner3": [
        ("first-pension-call", 4, {"empathy": 4, "active-listening": 4, "ownership": 3}),
        ("anger-about-something-else", 2, {"empathy": 4, "active-listening": 4, "ownership": 4}),
    ],
}

# The competencies assessed at the start and since, from each learner's starting level.
ASSESSED = ("empathy", "active-listening", "ownership", "building-trust")
START_LEVEL = {"learner": 2, "learner2": 1, "learner3": 2}


def _milestone(key: str) -> Milestone | None:
    # the key ``demo.progress`` gives each milestone
    translation_key = uuid.uuid5(uuid.NAMESPACE_URL, f"kohtaamo-demo/milestone/{key}")
    return Milestone.objects.filter(
        translation_key=translation_key, locale__language_code="fi"
    ).first()


def _pass_quizzes(learner, slugs) -> None:
    for slug in slugs:
        lesson = LessonPage.objects.filter(slug=slug, locale__language_code="fi").first()
        if (
            lesson is None
            or QuizAttempt.objects.filter(
                learner=learner, lesson_key=lesson.translation_key
            ).exists()
        ):
            continue
        [quiz] = lesson.blocks_of_type("quiz")
        answers = {
            question["id"]: [option["id"] for option in question["options"] if option["correct"]]
            for question in QuizBlock.questions_of(quiz.value)
        }
        quiz_attempt_create(
            learner=learner,
            access=lesson_access(learner=learner, lesson=lesson),
            quiz_id=quiz.id,
            answers=answers,
        )


def _roleplays(learner, coach, now) -> None:
    competencies = {c.slug: c for c in Competency.objects.filter(locale__language_code="fi")}
    for key, weeks, levels in ROLEPLAYS.get(learner.username, []):
        scenario = Scenario.objects.filter(
            translation_key=scenario_key("scenario", key), locale__language_code="fi"
        ).first()
        if scenario is None or scenario.rubric is None:
            continue
        criteria = {c.competency.slug: c for c in scenario.rubric.criteria.all()}
        for slug, level in levels.items():
            criterion = criteria[slug]
            record_statement(
                actor=learner,
                verb=verbs.SCORED,
                object_type="roleplay-session",
                object_id=f"demo-{learner.username}-{key}",
                object_name=scenario.title,
                competency=competencies[slug],
                timestamp=now - timedelta(weeks=weeks),
                result={
                    "score_raw": level,
                    "score_min": 1,
                    "score_max": 5,
                    "score_scaled": level / 5,
                },
                context={
                    "rater_role": "coach",
                    "rater": coach.pk,
                    "criterion": criterion.pk,
                    "scenario": scenario.pk,
                    "session_kind": "live",
                },
                statement_id=statement_id_for(
                    "demo-roleplay-score", f"{learner.username}/{key}/{slug}"
                ),
            )


def _assessments(learner, coach, now) -> None:
    if Assessment.objects.filter(learner=learner).exists():
        return
    competencies = {c.slug: c for c in Competency.objects.filter(locale__language_code="fi")}
    start = START_LEVEL.get(learner.username, 2)
    for n, slug in enumerate(ASSESSED):
        base = max(1, min(5, start + (n % 2)))
        for rater, role, level, weeks in (
            (learner, "self", min(5, base + 1), 5),
            (coach, "coach", base, 4),
            (coach, "coach", min(5, base + 1), 1),
        ):
            assessment_create(
                learner=learner, competency=competencies[slug], rater=rater, rater_role=role,
                level=level, assessed_at=now - timedelta(weeks=weeks, hours=n),
            )  # fmt: skip


def _coaching_notes(learner, coach) -> None:
    empathy = Competency.objects.filter(slug="empathy", locale__language_code="fi").first()
    for body, shared in (
        ("Hyvä alku eläkepuhelussa! Kokeile seuraavaksi sanoittaa asiakkaan tunne ennen "
         "ratkaisua.", True),
        ("Eero jännittää puhelimessa; harjoitellaan rauhallisessa tahdissa.", False),
    ):  # fmt: skip
        if not CoachingNote.objects.filter(learner=learner, body=body).exists():
            coaching_note_create(
                learner=learner, author=coach, body=body, shared_with_learner=shared,
                competency=empathy,
            )  # fmt: skip


def seed() -> None:
    team = Team.objects.filter(name="Asiakaspalvelu Aurora").first()
    if team is None:
        return
    people = {user.username: user for user in User.objects.filter(memberships__team=team)}
    coach = people.get("coach")
    if coach is None:
        return
    now = timezone.now()
    for username in ("learner", "learner2", "learner3"):
        learner = people.get(username)
        if learner is None:
            continue
        _assessments(learner, coach, now)
        _pass_quizzes(learner, QUIZZES.get(username, []))
        _roleplays(learner, coach, now)
    if "learner3" in people and (milestone := _milestone("empathy-in-practice")):
        signoff_create(
            learner=people["learner3"], milestone=milestone, coach=coach,
            note="Rauhoitti vihaisen asiakkaan kuuntelemalla ensin ja sanoittamalla huolen.",
        )  # fmt: skip
    if "learner2" in people:
        _coaching_notes(people["learner2"], coach)
