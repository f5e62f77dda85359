"""Flow 3: a manager opens the team dashboard, switches language, drills down to one
learner and downloads the team's CSV."""

import os
import re

from django.core.management import call_command
from playwright.sync_api import expect

from people.models import Team, User


def test_a_manager_reads_the_dashboard_in_two_languages_drills_down_and_downloads(
    signed_in, check_accessibility
):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    manager = User.objects.get(username="manager")
    team = Team.objects.get(name="Asiakaspalvelu Aurora")
    page = signed_in(manager)

    page.goto("/")
    page.get_by_role("link", name="Tiimin tilannekuva: Asiakaspalvelu Aurora").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tiimin tilannekuva: Asiakaspalvelu Aurora"
    )
    check_accessibility(page, "manager-dashboard-fi")

    page.select_option("#language-select", "en")
    page.locator("form.language button").click()
    page.wait_for_url(f"**/en/teams/{team.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Team dashboard: Asiakaspalvelu Aurora"
    )
    expect(page.get_by_role("img", name=re.compile("against the targets"))).to_be_visible()
    manager.refresh_from_db()
    assert manager.language == "en"
    check_accessibility(page, "manager-dashboard")

    page.get_by_role("link", name="Eero Mäkinen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eero Mäkinen")
    expect(page.get_by_role("table").first).to_contain_text("2 levels below target")
    check_accessibility(page, "manager-learner")

    page.get_by_role("link", name="Asiakaspalvelu Aurora").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as CSV").click()
    download = info.value
    assert download.suggested_filename == f"team-{team.pk}-progress.csv"
    text = open(download.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    header, *rows = text.splitlines()
    assert header.startswith("username,name,competency key")
    assert any(row.startswith("learner2,Eero Mäkinen,empathy") for row in rows)
