"""Solo practice and team review in a real browser: a learner practises with the
scripted customer to the automatic debrief; a coach plays a call recording for a
team member, whose player follows, and the moment the member marks appears in the
review's debrief."""

import re

from playwright.sync_api import expect

from roleplay.models import RolePlaySession, SessionKind
from tests.frontend.practice import add_recording
from tests.roleplay.practice import make_practice

AUDIO = "[data-playback-audio]"


def wait_connected(page):
    expect(page.locator("[data-connection]")).to_have_attribute("data-value", "connected")


def transcript(page):
    return page.locator("[data-transcript]")


def audio_time(page) -> float:
    return page.locator(AUDIO).evaluate("audio => audio.currentTime")


def test_a_learner_practises_alone_to_the_debrief(signed_in, check_accessibility):
    practice = make_practice()
    page = signed_in(practice.learner)
    page.goto("/en/learn/practice/")
    page.get_by_role("button", name="Start practising").click()
    page.wait_for_url(re.compile(r"/en/learn/practice/\d+/$"))
    wait_connected(page)

    # The scripted customer opens, angry, and offers reply choices.
    expect(transcript(page)).to_contain_text("Marja · Customer: Your company is unbelievable!")
    expect(page.locator("[data-mood]")).to_have_text("Angry")
    check_accessibility(page, "practice-room")
    page.get_by_role("button", name="I understand this is annoying. Which invoice is it?").click()
    expect(transcript(page)).to_contain_text("My mother just moved into a care home.")
    expect(page.locator("[data-mood]")).to_have_text("Upset")
    expect(page.locator("[data-typing]")).to_have_text("")

    # A free-text reply is heard as ownership and a next step; the talk ends.
    reply = page.get_by_label("Or write your own reply")
    reply.fill("Leave it with me: I'll remove the fee today.")
    reply.press("Control+Enter")
    expect(transcript(page)).to_contain_text("Thank you for listening.")
    expect(page.locator("[data-state]")).to_have_text("Ended")
    expect(page.get_by_role("button", name="Send")).to_be_disabled()

    page.get_by_role("link", name="Open my debrief").click()
    expect(page.get_by_role("heading", name="Debrief: The angry customer")).to_be_visible()
    shown = page.locator("[data-shown]")
    for behaviour in ("Acknowledging the feeling", "Clarifying question", "Taking ownership"):
        expect(shown).to_contain_text(behaviour)
    expect(page.locator("[data-missed]")).to_contain_text("None: you showed every behaviour")
    expect(page.locator("[data-turns]")).to_contain_text("Leave it with me: I'll remove the fee")
    check_accessibility(page, "practice-debrief")


def test_the_coachs_playback_moves_a_members_audio_and_a_mark_reaches_the_debrief(
    signed_in, check_accessibility
):
    practice = make_practice()
    add_recording(practice.team, practice.coach, title="A cold call", seconds=90)

    # The coach opens a review with the learner as a reviewer.
    coach = signed_in(practice.coach)
    coach.goto("/en/coach/recordings/")
    check_accessibility(coach, "recordings")
    coach.get_by_role("link", name=re.compile(r"^Start a review\W+A cold call")).click()
    coach.get_by_label("Rubric").select_option(label="Voice")
    coach.get_by_role("button", name="Open the review").click()
    coach.wait_for_url(re.compile(r"/en/coach/reviews/\d+/room/$"))
    session = RolePlaySession.objects.get(kind=SessionKind.REVIEW)

    # The learner finds it among their role-plays.
    member = signed_in(practice.learner)
    member.goto("/en/learn/role-plays/")
    member.get_by_role("link", name=re.compile(r"^Join the room\W+A cold call")).click()
    member.wait_for_url(f"**/en/coach/reviews/{session.pk}/room/")
    for page in (coach, member):
        wait_connected(page)
    coach.get_by_role("button", name="Start", exact=True).click()
    expect(member.locator("[data-state]")).to_have_text("Live")
    member.get_by_role("button", name="Listen along").click()

    # The coach seeks and plays; the member's player follows.
    coach.locator(AUDIO).evaluate("audio => { audio.currentTime = 42; }")
    expect(transcript(member)).to_contain_text("The coach moved the recording to 0:42.")
    assert 41.5 <= audio_time(member) <= 44
    coach.locator(AUDIO).evaluate("audio => audio.play()")
    expect(transcript(member)).to_contain_text("The coach played the recording from 0:42.")
    member.wait_for_function(
        "() => !document.querySelector('[data-playback-audio]').paused", timeout=5000
    )
    coach.locator(AUDIO).evaluate("audio => audio.pause()")
    expect(transcript(member)).to_contain_text("The coach paused the recording at 0:4")
    member.wait_for_function("() => document.querySelector('[data-playback-audio]').paused")
    check_accessibility(member, "review-room-member")

    # The member marks the moment and scores; the coach ends the review.
    member.get_by_label("Note", exact=True).fill("Here the customer felt heard")
    member.get_by_role("button", name="Mark this moment").click()
    expect(transcript(coach)).to_contain_text("– Here the customer felt heard")
    member.get_by_role("group", name="Naming the feeling").get_by_label(re.compile(r"^4 ")).check()
    member.get_by_role("button", name="Score “Naming the feeling”").click()
    expect(member.locator("[data-scored]").first).to_have_text("Your latest score: 4/5")
    coach.get_by_role("button", name="End", exact=True).click()

    member.get_by_role("link", name="Open the debrief").click()
    moments = member.locator("[data-moments]")
    expect(moments).to_contain_text(re.compile(r"0:4\d – Here the customer felt heard"))
    expect(member.locator("[data-averages]")).to_contain_text("4 / 5")

    coach.goto(f"/en/coach/reviews/{session.pk}/debrief/")
    coach.get_by_role("button", name="Save as a lesson example").click()
    expect(coach.get_by_role("status")).to_contain_text("Saved as a lesson example.")
    check_accessibility(coach, "review-debrief")
