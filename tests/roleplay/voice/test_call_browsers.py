"""A phone role-play by voice in four real Chromium processes (coach, agent, customer,
observer), each fed Finnish speech made by espeak-ng as its microphone, all inside a
network namespace of the test's own with only the loopback interface up: the server
and every browser run in it, so no media can reach any other address of the machine.
What each one hears is read from ``getStats()`` of the page's peer connections
(``window.kohtaamoCall.peers``)."""

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from .conftest import launch_with_microphone, open_room, run, wrapper

pytestmark = pytest.mark.django_db(transaction=True)

PORT = 8150
ROLES = ("coach", "agent", "customer", "observer")
LINES = {
    "coach": "Kysy, mitä asiakas toivoo seuraavaksi.",
    "agent": "Kohtaamo, Aino puhelimessa. Kuinka voin auttaa?",
    "customer": "Minulle tuli karhukirje, vaikka maksoin laskun ajallaan.",
    "observer": "Tämän ei pitäisi kuulua kenellekään.",
}
STATS = """async () => {
  const out = {};
  for (const [id, peer] of window.kohtaamoCall.peers) {
    const s = {inPackets: 0, inEnergy: 0, level: 0, outBytes: 0, state: peer.pc.connectionState};
    (await peer.pc.getStats()).forEach((e) => {
      if (e.type === "inbound-rtp" && e.kind === "audio") {
        s.inPackets += e.packetsReceived || 0;
        s.inEnergy += e.totalAudioEnergy || 0;
        s.level = Math.max(s.level, e.audioLevel || 0);
      }
      if (e.type === "outbound-rtp" && e.kind === "audio") s.outBytes += e.bytesSent || 0;
    });
    out[id] = s;
  }
  return out;
}"""


def speech(folder: Path, role: str) -> Path:
    """``role``'s line, 0.5 s of silence before and 1 s after (the fake microphone loops)."""
    raw, padded = folder / f"{role}-raw.wav", folder / f"{role}.wav"
    run("espeak-ng", "-v", "fi", "-w", str(raw), LINES[role])
    run("sox", str(raw), "-r", "48000", "-c", "1", str(padded), "pad", "0.5", "1")
    return padded


def sample(pages, seconds=1.5):
    """Each page's stats now and ``seconds`` later: {role: {peer id: (before, after)}}."""
    before = {role: page.evaluate(STATS) for role, page in pages.items()}
    time.sleep(seconds)
    after = {role: page.evaluate(STATS) for role, page in pages.items()}
    return {
        role: {int(peer): (before[role].get(peer), after[role][peer]) for peer in after[role]}
        for role in pages
    }


def hears(stats, listener, speaker) -> bool:
    """Packets with sound came in from ``speaker`` during the sample."""
    pair = stats[listener].get(speaker.pk)
    if pair is None or pair[0] is None:
        return False
    before, after = pair
    return after["inPackets"] > before["inPackets"] and after["inEnergy"] > before["inEnergy"]


def silent(stats, listener, speaker) -> bool:
    pair = stats[listener].get(speaker.pk)
    if pair is None or pair[0] is None:
        return True
    before, after = pair
    return after["inPackets"] == before["inPackets"]


def until(check, timeout=12.0):
    deadline = time.monotonic() + timeout
    while True:
        stats = sample(PAGES)
        if check(stats) or time.monotonic() > deadline:
            return stats


PAGES: dict = {}


def test_a_phone_role_play_by_voice_with_whisper_barge_and_pause(
    room, server, namespace, tmp_path, async_unsafe
):
    chromium = wrapper(tmp_path, namespace)
    people = {role: getattr(room, role) for role in ROLES}
    try:
        with sync_playwright() as playwright:
            browsers = []
            for role in ROLES:
                browser = launch_with_microphone(playwright, chromium, speech(tmp_path, role))
                browsers.append(browser)
                PAGES[role] = open_room(browser, server, people[role], room.session)
            check_the_call(PAGES, people)
            for browser in browsers:
                browser.close()
    finally:
        PAGES.clear()


def check_the_call(pages, people):
    coach, agent, customer, observer = (people[role] for role in ROLES)
    panel = {role: page.locator("[data-call-panel]") for role, page in pages.items()}
    pages["coach"].locator('[data-action="start"]').click()
    for role in ROLES:
        room_page = pages[role].locator("[data-roleplay-room]")
        expect(room_page).to_have_attribute("data-room-state", "live")
        expect(panel[role].locator("[data-call-notice]")).to_be_visible()
        pages[role].locator('[data-call-action="join"]').click()
    for role in ROLES:
        expect(panel[role]).to_have_attribute("data-call-state", "connected", timeout=20_000)
    expect(panel["customer"].locator("[data-call-recording]")).to_be_visible()
    # Your own microphone moves the meter; the others' voices light their names.
    pages["agent"].wait_for_function(
        "() => document.querySelector('[data-call-meter]').value > 0", timeout=10_000
    )
    expect(panel["observer"].locator('[data-call-peer][data-speaking="yes"]').first).to_be_visible(
        timeout=10_000
    )

    # Listen: agent and customer hear each other; the coach and the observer hear
    # both and are heard by nobody; the observer sends nothing at all.
    stats = until(
        lambda s: (
            hears(s, "agent", customer)
            and hears(s, "customer", agent)
            and hears(s, "observer", agent)
            and hears(s, "observer", customer)
            and hears(s, "coach", agent)
            and hears(s, "coach", customer)
        )
    )
    assert hears(stats, "agent", customer) and hears(stats, "customer", agent)
    assert hears(stats, "observer", agent) and hears(stats, "observer", customer)
    assert hears(stats, "coach", agent) and hears(stats, "coach", customer)
    assert silent(stats, "agent", coach) and silent(stats, "customer", coach)
    assert all(after["outBytes"] == 0 for _before, after in stats["observer"].values())
    assert observer.pk not in stats["coach"]  # no connection between coach and observer

    # Whisper: the agent hears the coach; the customer does not, and is not told.
    pages["coach"].locator('[data-call-action="whisper"]').click()
    stats = until(lambda s: hears(s, "agent", coach))
    assert hears(stats, "agent", coach)
    assert silent(stats, "customer", coach)
    assert hears(stats, "agent", customer) and hears(stats, "customer", agent)
    customer_log = pages["customer"].locator("[data-transcript]").inner_text()
    assert "kuiskaus" not in customer_log.lower() and "whisper" not in customer_log.lower()

    # Barge in: both hear the coach.
    pages["coach"].locator('[data-call-action="barge"]').click()
    stats = until(lambda s: hears(s, "agent", coach) and hears(s, "customer", coach))
    assert hears(stats, "agent", coach) and hears(stats, "customer", coach)

    # Pause: nobody is heard.
    pages["coach"].locator('[data-action="pause"]').click()
    time.sleep(1.0)
    stats = sample(pages)
    for listener in ROLES:
        for _peer, (before, after) in stats[listener].items():
            assert before is None or after["inPackets"] == before["inPackets"], listener


def test_without_a_microphone_a_phone_role_play_goes_on_in_writing(
    room, server, namespace, tmp_path, async_unsafe
):
    with sync_playwright() as playwright:
        # No fake devices and no fake permission prompt: headless Chromium refuses.
        browser = playwright.chromium.launch(
            executable_path=str(wrapper(tmp_path, namespace)),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = open_room(browser, server, room.agent, room.session, locale="en")
        page.locator('[data-call-action="join"]').click()
        panel = page.locator("[data-call-panel]")
        expect(panel).to_have_attribute("data-call-state", "failed")
        expect(panel.locator("[data-call-message]")).to_contain_text("in writing")
        expect(page.locator("[data-say-form] textarea")).to_be_visible()
        browser.close()
