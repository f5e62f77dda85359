"""Flow 1: a learner logs in, opens the next lesson, answers its quiz, writes a
reflection, completes the lesson and sees their progress change."""

import os

from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import LessonPage
from courses.selectors import lesson_access
from courses.services import lesson_complete
from people.models import User
from people.services import user_set_language


def seed_learner() -> User:
    """The demo, with Eero reading in English and his first lesson done, so that his
    next lesson has a quiz and a reflection."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    eero = User.objects.get(username="learner2")
    user_set_language(user=eero, language="en")
    first = LessonPage.objects.get(slug="jokainen-kohtaaminen")
    lesson_complete(learner=eero, access=lesson_access(learner=eero, lesson=first))
    return eero


def test_a_learner_answers_a_quiz_reflects_and_sees_progress_change(signed_in, check_accessibility):
    seed_learner()
    page = signed_in()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("learner2")
    page.get_by_label("Password").fill("kohtaamo-demo")
    page.get_by_role("button", name="Log in").click()
    # Eero lands on his course, with the lesson to continue from.
    page.wait_for_url("**/art-of-the-encounter/")
    expect(
        page.get_by_role("link", name="Continue: The service promise in practice")
    ).to_be_visible()

    page.get_by_role("link", name="My path").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My onboarding path")
    expect(page.locator(".progress-line").first).to_contain_text("11 % complete (1 of 9")
    check_accessibility(page, "learner-home")

    page.locator("a.next-lesson").first.click()
    quiz = page.locator("form.js-quiz").first
    for question in quiz.locator(".question").all():
        question.locator("input").first.check()
    quiz.get_by_role("button", name="Check my answers").click()
    expect(quiz.locator("p.status")).to_contain_text("%")
    expect(quiz.locator(".feedback").first).not_to_be_empty()

    reflection = page.locator("form.js-reflection").first
    reflection.locator("textarea").fill("I name the feeling first; owning the case needs work.")
    reflection.get_by_role("button", name="Save reflection").click()
    expect(reflection.locator("p.status")).to_have_text("✓")

    page.get_by_role("button", name="Mark lesson complete").click()
    expect(page.locator("form.js-complete .status")).to_contain_text("22 %")

    page.goto("/en/learn/")
    expect(page.locator(".progress-line").first).to_contain_text("22 % complete (2 of 9")

    page.get_by_role("link", name="My progress").click()
    activity = page.locator("ul.evidence")
    expect(activity).to_contain_text("reflected")
    expect(activity).to_contain_text("completed")
    check_accessibility(page, "learner-progress")

    page.get_by_role("link", name="My role-plays").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My role-plays")
    check_accessibility(page, "learner-roleplays")

    page.get_by_role("link", name="Settings").click()
    check_accessibility(page, "learner-settings")
