"""A learner who opens the room of a scheduled role-play before its time sees the time
and a countdown, and the page enters the room by itself when the time comes."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.roleplay.conftest import make_room


def test_the_waiting_page_counts_down_and_opens_the_room_at_the_scheduled_time(
    signed_in, check_accessibility
):
    room = make_room()
    room.session.scheduled_at = timezone.now() + timedelta(seconds=6)
    room.session.save(update_fields=["scheduled_at"])

    agent = signed_in(room.agent)
    agent.goto(f"/en/coach/sessions/{room.session.pk}/room/")
    expect(agent.locator("[data-lobby-wait]")).to_be_visible()
    expect(agent.get_by_text("The role-play opens at")).to_be_visible()
    expect(agent.locator("[data-lobby-countdown]")).to_have_text(re.compile(r"^00:0[0-6]$"))
    assert agent.locator("[data-roleplay-room]").count() == 0
    check_accessibility(agent, "lobby-wait")

    # No reload by the person: the countdown ends and the room is there.
    expect(agent.locator("[data-roleplay-room]")).to_be_visible(timeout=10_000)
    assert timezone.now() >= room.session.scheduled_at
