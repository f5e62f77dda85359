"""The rooms fit their screens: the coach's live console on a 1280×800 laptop shows the
conversation, the people, the whisper box and the rubric at once, without scrolling the
page (each panel scrolls on its own); a learner's room works on a 390×844 phone. Each
role's room is screenshotted to tests/browser/screenshots/."""

import os
import re

from django.core.management import call_command
from playwright.sync_api import expect

from people.models import User
from roleplay.models import RolePlaySession
from tests.browser.conftest import SCREENSHOTS

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def seed():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def box(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,"
        " width: r.width, height: r.height,"
        " scrolls: ['auto', 'scroll'].includes(getComputedStyle(el).overflowY)}; }"
    )


def page_size(page) -> dict:
    return page.evaluate(
        "() => ({height: document.documentElement.scrollHeight, width:"
        " document.documentElement.scrollWidth, innerHeight, innerWidth})"
    )


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def inside(b: dict, viewport: dict) -> bool:
    return (
        b["top"] >= 0
        and b["left"] >= 0
        and b["bottom"] <= viewport["height"] + 0.5
        and (b["right"] <= viewport["width"] + 0.5)
    )


def open_room(signed_in, username: str, viewport: dict):
    session = RolePlaySession.objects.get(team__name="Asiakaspalvelu Aurora")
    page = signed_in(User.objects.get(username=username))
    page.set_viewport_size(viewport)
    page.goto(f"/fi/coach/sessions/{session.pk}/room/")
    expect(page.locator("[data-connection]")).to_have_attribute("data-value", "connected")
    return page


def test_the_coach_console_fits_a_laptop_screen_and_each_panel_scrolls(signed_in):
    seed()
    coach = open_room(signed_in, "coach", LAPTOP)
    agent = open_room(signed_in, "learner", PHONE)
    coach.get_by_role("button", name=re.compile("^(Aloita|Start)$")).click()
    expect(agent.locator("[data-say-form] textarea")).to_be_enabled()
    for n in range(14):
        agent.locator("[data-say-form] textarea").fill(
            f"Vastaus {n}: kuulen, että tämä on ollut raskasta, ja hoidan asian itse loppuun."
        )
        agent.locator("[data-say-form] button[type=submit]").click()
        # one line at a time: the room allows at most ten frames a second
        expect(agent.locator("[data-transcript]")).to_contain_text(f"Vastaus {n}:")
        agent.wait_for_timeout(250)
    expect(coach.locator("[data-transcript] > li").filter(has_text="Vastaus 13")).to_have_count(1)
    shoot(coach, "room-coach-1280x800")

    size = page_size(coach)
    assert size["height"] <= size["innerHeight"], "the coach's page scrolls"
    assert size["width"] <= size["innerWidth"]
    panels = {
        "conversation": ".room-main .transcript",
        "people": ".room-side .people",
        "whisper": "[data-whisper-form] textarea",
        "rubric": "[data-rubric]",
        "first criterion": "[data-rubric] [data-score-form] legend",
    }
    boxes = {name: box(coach, selector) for name, selector in panels.items()}
    for name, b in boxes.items():
        assert inside(b, LAPTOP) and b["height"] > 0, (name, b)
    assert boxes["conversation"]["height"] >= 400
    assert boxes["rubric"]["width"] >= 300
    # The conversation and the rubric are taller than their panels: they scroll inside.
    for selector in (".room-main .transcript", "[data-rubric]"):
        overflow = coach.locator(selector).evaluate("el => el.scrollHeight > el.clientHeight")
        assert overflow and box(coach, selector)["scrolls"], selector


def test_each_learners_room_is_usable_on_a_phone(signed_in):
    seed()
    for username, role in (
        ("learner", "agent"),
        ("learner2", "customer"),
        ("learner3", "observer"),
    ):
        page = open_room(signed_in, username, PHONE)
        shoot(page, f"room-{role}-390x844")
        size = page_size(page)
        assert size["width"] <= PHONE["width"], f"{role}: the page scrolls sideways"
        transcript = box(page, ".room-main .transcript")
        assert transcript["width"] >= 330 and transcript["height"] >= 180, (role, transcript)
        if role != "observer":
            reply = box(page, "[data-say-form] textarea")
            send = box(page, "[data-say-form] button[type=submit]")
            assert reply["width"] >= 330 and reply["right"] <= PHONE["width"], (role, reply)
            assert send["height"] >= 44 and send["width"] >= 330, (role, send)
            # nothing covers the conversation
            assert reply["top"] >= transcript["bottom"], (role, reply, transcript)


def test_the_solo_practice_room_is_usable_on_a_phone(signed_in):
    seed()
    page = signed_in(User.objects.get(username="learner4"))
    page.set_viewport_size(PHONE)
    page.goto("/en/learn/practice/")
    page.get_by_role("button", name="Start practising").first.click()
    page.wait_for_url(re.compile(r"/en/learn/practice/\d+/$"))
    expect(page.locator("[data-connection]")).to_have_attribute("data-value", "connected")
    expect(page.locator("[data-choices] button").first).to_be_visible()
    shoot(page, "room-solo-390x844")
    assert page_size(page)["width"] <= PHONE["width"]
    choice = box(page, "[data-choices] button")
    assert choice["width"] >= 330 and choice["height"] >= 44 and choice["right"] <= PHONE["width"]
