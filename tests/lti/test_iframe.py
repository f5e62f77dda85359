"""Kohtaamo inside the LMS's iframe, in a real Chromium that blocks third-party cookies.

The LMS runs on ``localhost`` and Kohtaamo on ``127.0.0.1``: two sites, so the frame is
third party and its cookies are blocked. With LTI Platform Storage the launch is
verified through the LMS page and goes on in a new window, signed in; without it the
login page says so and opens the new window itself.
"""

import os
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.courses.tree import build_course
from tests.lti.platform import Link, TestPlatform
from tests.servers import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    # Chrome's own switch for blocking third-party cookies, on top of the two sites.
    "--test-third-party-cookie-phaseout",
]


@pytest.fixture
def lms(tool):
    platform = TestPlatform(tool_url=tool.http, host="localhost").start()
    yield platform
    platform.stop()


@pytest.fixture
def chromium(chromium_path, tool):
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
            context = browser.new_context(locale="en-GB")
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield context, page
            context.close()
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def lesson_link(lms, home):
    _course, _modules, lessons = build_course(home, [("what", 1, False)])
    lesson = lessons[0][0]
    lms.links["lesson"] = Link(
        id="lesson",
        title=lesson.title,
        custom={"kohtaamo_target": f"lesson:{lesson.translation_key}"},
        lineitem_id=None,
    )
    return lesson


def _where(frame, tool) -> str:
    """Where the frame stopped and what the server said, for a failure's message."""
    log = (ROOT / f".server-{tool.port}.log").read_text(errors="replace")[-2000:]
    return f"the frame is at {frame.url} showing {frame.inner_text('body')!r}; server log: {log}"


@pytest.mark.parametrize("storage", ["1", "0"], ids=["platform-storage", "no-storage"])
def test_a_launch_in_an_iframe_without_cookies_continues_signed_in_in_a_new_window(
    registered, lms, tool, student, lesson_link, chromium, storage
):
    context, page = chromium
    lms.users[student.sub] = student
    page.goto(f"{lms.url}/course?link=lesson&sub={student.sub}&storage={storage}")
    frame = page.frame(name="kohtaamo")
    new_window = frame.get_by_role("link", name=re.compile("new window"))
    try:
        new_window.wait_for()
    except PlaywrightTimeout:
        pytest.fail(f"no new-window link; {_where(frame, tool)}")
    expect(frame.get_by_text("blocks the cookies")).to_be_visible()
    with context.expect_page() as opened:
        new_window.click()
    window = opened.value
    window.wait_for_load_state()
    window.wait_for_url(f"**{lesson_link.slug}**")
    expect(window.get_by_text("Leo Oppija")).to_be_visible()
    expect(window.get_by_role("heading", name=lesson_link.title)).to_be_visible()
