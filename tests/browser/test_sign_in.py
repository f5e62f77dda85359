"""A visitor signs in from the front page; the pages pass an accessibility scan."""

import os

from django.core.management import call_command
from playwright.sync_api import expect


def seed():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_a_learner_signs_in_from_the_front_page(signed_in, check_accessibility):
    seed()
    page = signed_in()
    page.goto("/")
    check_accessibility(page, "home")
    page.get_by_role("link", name="Log in").first.click()
    check_accessibility(page, "login")
    page.get_by_label("Username").fill("learner2")
    page.get_by_label("Password").fill("kohtaamo-demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/art-of-the-encounter/")
    assert "Eero" in page.inner_text("header")


def test_a_wrong_password_is_explained(signed_in):
    seed()
    page = signed_in()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("learner2")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    # The click starts a navigation: wait for the answer page, do not sample the old one.
    expect(page.get_by_role("alert")).to_be_visible()
