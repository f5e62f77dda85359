"""Signing in leads each person to their own work, and the front page carries the same
navigation as every other page."""

import os

from django.core.management import call_command
from playwright.sync_api import expect

from people.models import Team


def seed():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("kohtaamo-demo")
    page.get_by_role("button", name="Log in").click()


def test_a_learner_lands_on_their_course_and_continues_with_the_next_lesson(
    signed_in, check_accessibility
):
    seed()
    page = signed_in()
    sign_in(page, "learner2")
    page.wait_for_url("**/en/**/art-of-the-encounter/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The art of the encounter")
    check_accessibility(page, "landing-learner")
    page.get_by_role("link", name="Continue: Every encounter counts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Every encounter counts")


def test_a_coach_lands_on_todays_and_upcoming_sessions(signed_in, check_accessibility):
    seed()
    page = signed_in()
    sign_in(page, "coach")
    page.wait_for_url("**/coach/")
    agenda = page.locator("[data-agenda]")
    expect(agenda.get_by_role("heading", name="Today and upcoming")).to_be_visible()
    # The seeded Aurora session has no time yet: it is ready today.
    expect(page.locator("[data-agenda-today] li")).to_have_count(1)
    check_accessibility(page, "landing-coach")


def test_a_manager_of_one_team_lands_on_its_dashboard(signed_in, check_accessibility):
    seed()
    team = Team.objects.get(name="Myymälä Kajo")
    page = signed_in()
    sign_in(page, "manager2")
    page.wait_for_url(f"**/teams/{team.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Myymälä Kajo")
    check_accessibility(page, "landing-manager")


def test_the_front_page_has_the_same_navigation_as_the_learners_pages(signed_in):
    seed()
    page = signed_in()
    sign_in(page, "learner2")
    page.wait_for_url("**/art-of-the-encounter/")
    course_nav = page.locator("header nav").inner_text()
    page.goto("/")
    assert page.locator("header nav").inner_text() == course_nav
    assert "My path" in course_nav
