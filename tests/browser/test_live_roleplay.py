"""Flow 2 of issue 6 in a real browser: a coach starts a live role-play, an agent, a
customer actor and an observer join in their own browser contexts, and the room keeps
every line exactly once through a pause and a dropped network."""

import re

from django.db import connections
from playwright.sync_api import expect

from roleplay.models import RolePlaySession
from roleplay.room import eventlog
from roleplay.room import selectors as room_selectors
from tests.roleplay.conftest import make_room

ROOM = "[data-roleplay-room]"


def transcript(page):
    return page.locator("[data-transcript]")


def seqs(page) -> list[int]:
    return [
        int(s)
        for s in page.locator("[data-transcript] > li").evaluate_all(
            "items => items.map(item => item.dataset.seq)"
        )
    ]


def visible_seqs(session, user) -> list[int]:
    participant = session.participants.select_related("session", "user").get(user=user)
    events, _last = room_selectors.visible_events(viewer=eventlog.viewer_of(participant))
    return [event.seq for event in events]


def wait_connected(page):
    expect(page.locator("[data-connection]")).to_have_attribute("data-value", "connected")


def expect_state(page, label):
    expect(page.locator("[data-state]")).to_have_text(label)


def say(page, text):
    page.get_by_label(re.compile(r"^Say to")).fill(text)
    page.get_by_role("button", name="Send").click()


def test_a_coach_runs_a_live_role_play_with_three_learners(signed_in, check_accessibility):
    room = make_room()

    # The coach finds the scenario in the library and starts a session.
    coach = signed_in(room.coach)
    coach.goto("/en/coach/")
    expect(coach.get_by_role("heading", name="The angry customer")).to_be_visible()
    check_accessibility(coach, "coach-library")
    coach.get_by_role("link", name="Start a session: The angry customer").click()
    coach.get_by_label("Agent", exact=True).select_option(label="Agent Test")
    coach.get_by_label("Customer", exact=True).select_option(label="Customer Test")
    coach.get_by_label(re.compile(r"^Observer Test")).check()
    check_accessibility(coach, "coach-session-start")
    coach.get_by_role("button", name="Create the session").click()
    coach.wait_for_url(re.compile(r"/en/coach/sessions/\d+/room/$"))
    session = RolePlaySession.objects.latest("pk")
    room_url = f"/en/coach/sessions/{session.pk}/room/"

    # The three learners join, each in a browser of their own.
    agent, customer, observer = (
        signed_in(room.agent),
        signed_in(room.customer),
        signed_in(room.observer),
    )
    pages = {"coach": coach, "agent": agent, "customer": customer, "observer": observer}
    for page in (agent, customer, observer):
        page.goto(room_url)
    for page in pages.values():
        wait_connected(page)
        expect_state(page, "Lobby")
    expect(agent.get_by_label("Say to the customer")).to_be_disabled()

    coach.get_by_role("button", name="Start", exact=True).click()
    for page in pages.values():
        expect_state(page, "Live")

    # They talk.
    say(agent, "Kohtaamo, Aino speaking. How can I help?")
    expect(transcript(customer)).to_contain_text("How can I help?")
    say(customer, "I have been charged a reminder fee and I am furious.")
    expect(transcript(agent)).to_contain_text("I am furious.")
    expect(transcript(observer)).to_contain_text("I am furious.")

    # The coach whispers: only the agent sees it.
    coach.get_by_label("Whisper to the agent").fill("Name the feeling before the fee.")
    coach.get_by_role("button", name="Whisper", exact=True).click()
    expect(transcript(agent)).to_contain_text("Name the feeling before the fee.")

    # The coach pauses: saying is refused with a visible message.
    coach.get_by_role("button", name="Pause").click()
    for page in pages.values():
        expect_state(page, "Paused")
    for page in (customer, observer):
        expect(transcript(page)).not_to_contain_text("Name the feeling")
    expect(agent.get_by_label("Say to the customer")).to_be_disabled()
    expect(agent.locator("[data-state-help]")).to_contain_text("paused")
    agent.evaluate(
        "root => root.roomConnection.send({type: 'say', text: 'Sneaking in a line'})",
        agent.locator(ROOM).element_handle(),
    )
    expect(agent.get_by_role("alert")).to_have_text("The role-play is paused: nothing was sent.")
    check_accessibility(coach, "room-coach")
    check_accessibility(agent, "room-agent")
    check_accessibility(customer, "room-customer")
    check_accessibility(observer, "room-observer")

    coach.get_by_role("button", name="Resume").click()
    for page in pages.values():
        expect_state(page, "Live")

    # The agent's network drops; the conversation goes on; the agent comes back.
    agent.context.set_offline(True)
    agent.evaluate("root => root.roomConnection.drop()", agent.locator(ROOM).element_handle())
    expect(agent.locator("[data-connection]")).not_to_have_attribute("data-value", "connected")
    say(customer, "Are you still there?")
    say(customer, "Hello?")
    coach.get_by_label("Whisper to the agent").fill("Take a breath, then answer.")
    coach.get_by_role("button", name="Whisper", exact=True).click()
    expect(transcript(coach)).to_contain_text("Take a breath")
    agent.context.set_offline(False)
    wait_connected(agent)
    expect(transcript(agent)).to_contain_text("Hello?")
    expect(transcript(agent)).to_contain_text("Take a breath, then answer.")
    say(agent, "Sorry, I am here. That fee is really annoying, I understand.")
    expect(transcript(customer)).to_contain_text("really annoying")

    # The observer scores.
    criterion = room.criteria[0]
    form = observer.locator(f'[data-score-form][data-criterion="{criterion.pk}"]')
    form.locator('input[name="value"][value="4"]').check()
    form.get_by_label("Note (optional)").fill("Named the feeling after the nudge.")
    form.get_by_role("button").click()
    expect(form.locator("[data-scored]")).to_have_text("Your latest score: 4/5")
    expect(transcript(coach)).to_contain_text("Named the feeling after the nudge.")
    expect(transcript(customer)).not_to_contain_text("Named the feeling after the nudge.")

    # No line was lost or shown twice, for anyone, whatever the network did.
    session.refresh_from_db()
    for name, page in pages.items():
        expected = visible_seqs(session, getattr(room, name))
        page.wait_for_function(
            "last => [...document.querySelectorAll('[data-transcript] > li')]"
            ".some(item => Number(item.dataset.seq) === last)",
            arg=expected[-1],
        )
        assert seqs(page) == expected, name

    # The coach ends; the debrief shows the scores.
    coach.get_by_role("button", name="End", exact=True).click()
    for page in pages.values():
        expect_state(page, "Ended")
    agent.get_by_role("link", name="Open the debrief").click()
    scores = agent.locator(f'[data-averages] tr[data-criterion="{criterion.pk}"]')
    expect(scores.locator('[data-rater-role="observer"]')).to_contain_text("4 / 5")
    expect(agent.locator("[data-timeline]")).to_contain_text("Named the feeling after the nudge.")
    check_accessibility(agent, "debrief")
    # The ORM calls above ran beside Playwright's event loop, on a connection of their
    # own: close it, or PostgreSQL refuses to drop the test database at the end.
    connections.close_all()
