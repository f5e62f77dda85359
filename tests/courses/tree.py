"""Build course trees and lesson bodies for the course tests."""

import uuid
from datetime import date

from wagtail.models import Locale

from courses.models import CoursePage, LessonPage, ModulePage
from courses.services import enrollment_create
from demo.cms import seed as seed_home
from demo.progress import seed as seed_competencies
from progress.models import Competency


def ids(*parts) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "test/" + "/".join(map(str, parts))))


def item(value, *parts) -> dict:
    return {"type": "item", "value": value, "id": ids(*parts)}


def quiz_block(competencies: dict[str, Competency], name: str = "quiz", pass_mark: int = 80):
    """A quiz of three questions: two on empathy (single, scenario), one multiple on trust."""
    questions = [
        (
            "single",
            "",
            "How do you start?",
            "empathy",
            [("Name the feeling", True), ("Quote the policy", False)],
        ),
        (
            "scenario",
            "A customer is angry about a late parcel.",
            "What do you say first?",
            "empathy",
            [
                ("That sounds really frustrating.", True),
                ("Calm down.", False),
                ("Not my fault.", False),
            ],
        ),
        (
            "multiple",
            "",
            "Which build trust?",
            "building-trust",
            [
                ("Promise only what you keep", True),
                ("Say when you call back", True),
                ("Guess", False),
            ],
        ),
    ]
    return {
        "type": "quiz",
        "id": ids(name),
        "value": {
            "title": "Check yourself",
            "intro": "",
            "pass_mark": pass_mark,
            "questions": [
                item(
                    {
                        "kind": kind,
                        "scenario": scenario,
                        "question": text,
                        "competency": competencies[slug].pk,
                        "options": [
                            item(
                                {
                                    "text": option,
                                    "correct": correct,
                                    "feedback": f"Because {option}",
                                },
                                name,
                                q,
                                o,
                            )
                            for o, (option, correct) in enumerate(options)
                        ],
                    },
                    name,
                    q,
                )
                for q, (kind, scenario, text, slug, options) in enumerate(questions)
            ],
        },
    }


def question_ids(name: str = "quiz") -> list[str]:
    return [ids(name, q) for q in range(3)]


def option_id(q: int, o: int, name: str = "quiz") -> str:
    return ids(name, q, o)


def reflection_block(name: str = "reflect") -> dict:
    return {
        "type": "reflection_prompt",
        "id": ids(name),
        "value": {"prompt": "How did the customer feel?", "guidance": ""},
    }


def text_block(text: str, name: str = "text") -> dict:
    return {"type": "rich_text", "id": ids(name, text), "value": f"<p>{text}</p>"}


def setup_site():
    """Home pages (fi, en) and the eight demo competencies; returns (home, competencies)."""
    home = seed_home()
    seed_competencies()
    competencies = {c.slug: c for c in Competency.objects.filter(locale=Locale.get_default())}
    return home, competencies


def build_course(home, modules, *, title="Onboarding", body=None, prefix="c"):
    """``modules``: list of (pillar, number of lessons, requires earlier modules).

    Returns (course, [module, ...], [[lesson, ...], ...]) in the default locale.
    """
    course = home.add_child(instance=CoursePage(title=title, slug=f"{prefix}-course"))
    built_modules, built_lessons = [], []
    for m, (pillar, lesson_count, requires) in enumerate(modules):
        module = course.add_child(
            instance=ModulePage(
                title=f"Module {m + 1}",
                slug=f"{prefix}-module-{m}",
                pillar=pillar,
                objectives="Notice feelings\nName them",
                requires_earlier_modules=requires,
            )
        )
        lessons = []
        for n in range(lesson_count):
            lesson = LessonPage(title=f"Lesson {m + 1}.{n + 1}", slug=f"{prefix}-lesson-{m}-{n}")
            lesson.body = body(m, n) if body else [text_block(f"Lesson {m}.{n}")]
            lessons.append(module.add_child(instance=lesson))
        built_modules.append(module)
        built_lessons.append(lessons)
    return course, built_modules, built_lessons


def translate(page, language="en", title_suffix=" (en)"):
    """Copy ``page`` into ``language`` (parents must be translated first) and publish it."""
    locale = Locale.objects.get(language_code=language)
    copy = page.copy_for_translation(locale)
    copy.title = page.title + title_suffix
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy.specific


def enrol(learner, course, **dates):
    enrollment, _created = enrollment_create(
        learner=learner,
        course=course,
        cohort_start=dates.get("cohort_start", date(2025, 1, 6)),
        due_date=dates.get("due_date"),
    )
    return enrollment
