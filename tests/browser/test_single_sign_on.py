"""A company employee signs in with their company account (a real OpenID Connect
provider on loopback) and lands in their team's onboarding, in their language."""

import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import Enrollment
from people.models import ClaimMapping, Membership, Role, Team, User
from tests.people.oidc_peer import running_provider
from tests.servers import running_server

SUB = "00000000-aino-4aa0-8000-testyritys01"


@pytest.fixture
def provider():
    with running_provider() as provider:
        yield provider


@pytest.fixture
def server(transactional_db, provider):
    with running_server(extra_env=provider.kohtaamo_env()) as server:
        yield server


def seed() -> Team:
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    aurora = Team.objects.get(name="Asiakaspalvelu Aurora")
    ClaimMapping.objects.create(claim="groups", value="aurora-learners", team=aurora)
    ClaimMapping.objects.create(
        claim="groups", value="aurora-coaches", team=aurora, role=Role.COACH
    )
    return aurora


def sign_in_with_company_account(page, server, sub=SUB):
    page.goto("/accounts/login/")
    page.locator("[data-sso]").click()
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    # Signed in, the person lands on their own start (a course, the coach's sessions).
    page.wait_for_url(re.compile(re.escape(server.http) + r"/(fi|en)/(?!start/)"))


def test_a_new_employee_signs_in_with_the_company_account_and_finds_their_onboarding(
    signed_in, server, provider, check_accessibility
):
    aurora = seed()
    provider.set_user(
        SUB,
        email="aino.aalto@testyritys.example",
        given_name="Aino",
        family_name="Aalto",
        locale="fi-FI",
        groups=["aurora-learners", "some-other-group"],
    )
    page = signed_in(locale="en-GB")
    page.goto("/accounts/login/")
    sso = page.locator("[data-sso]")
    expect(sso).to_have_text("Sign in with Testyritys")
    check_accessibility(page, "login-sso")

    sign_in_with_company_account(page, server)
    assert page.locator("html").get_attribute("lang") == "fi"
    expect(page.locator("header.site-header")).to_contain_text("Aino Aalto")

    aino = User.objects.get(external_id=SUB)
    assert aino.email == "aino.aalto@testyritys.example"
    assert aino.language == "fi"
    assert Membership.objects.get(user=aino).role == Role.LEARNER
    # The joiner is held to the same onboarding dates as the rest of the team.
    newest = (
        Enrollment.objects.filter(team=aurora).exclude(learner=aino).order_by("-created_at", "-pk")
    )
    team_due = newest.first().due_date
    assert Enrollment.objects.get(learner=aino).due_date == team_due

    page.goto("/fi/learn/")
    expect(page.locator("main")).to_contain_text(team_due.strftime("%-d.%-m.%Y"))


def test_a_changed_group_claim_changes_the_team_role_at_the_next_sign_in(
    signed_in, server, provider
):
    aurora = seed()
    provider.set_user(SUB, email="aino@testyritys.example", groups=["aurora-learners"])
    page = signed_in()
    sign_in_with_company_account(page, server)
    aino = User.objects.get(external_id=SUB)
    assert Membership.objects.get(user=aino, team=aurora).role == Role.LEARNER

    # Logging out ends the provider's session too: its end-session page asks.
    page.get_by_role("button", name=re.compile("Log out|Kirjaudu ulos")).click()
    page.wait_for_url(re.compile(re.escape(provider.issuer) + "/oauth2/end_session"))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(re.escape(server.http) + r"/(\?.*)?$"))

    provider.set_user(SUB, email="aino@testyritys.example", groups=["aurora-coaches"])
    sign_in_with_company_account(page, server)
    assert Membership.objects.get(user=aino, team=aurora).role == Role.COACH

    page.context.clear_cookies()
    provider.set_user(SUB, email="aino@testyritys.example", groups=[])
    page.goto("/accounts/login/")
    page.locator("[data-sso]").click()
    page.locator("input[name=sub]").fill(SUB)
    page.get_by_role("button", name="Authorize").click()
    expect(page.locator("[data-sso-error]")).to_have_attribute("data-sso-error", "no_team")
    assert not Membership.objects.filter(user=aino).exists()
