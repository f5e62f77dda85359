"""A phone role-play by voice in four real Chromium processes (coach, agent, customer,
observer), each fed Finnish speech made by espeak-ng as its microphone, all inside a
network namespace of the test's own with only the loopback interface up: the server
and every browser run in it, so no media can reach any other address of the machine.
What each one hears is read from ``getStats()`` of the page's peer connections
(``window.kohtaamoCall.peers``)."""

import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import IN_CI
from tests.servers import ROOT, database_url, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

PORT = 8150
BASE = f"http://127.0.0.1:{PORT}"
ROLES = ("coach", "agent", "customer", "observer")
LINES = {
    "coach": "Kysy, mitä asiakas toivoo seuraavaksi.",
    "agent": "Kohtaamo, Aino puhelimessa. Kuinka voin auttaa?",
    "customer": "Minulle tuli karhukirje, vaikka maksoin laskun ajallaan.",
    "observer": "Tämän ei pitäisi kuulua kenellekään.",
}
CHROMIUM = "/usr/bin/chromium"
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


def run(*command, check=True):
    return subprocess.run(command, check=check, capture_output=True, text=True, timeout=30)


def unavailable() -> str | None:
    if not shutil.which("ip") or not os.path.exists(CHROMIUM):
        return "ip netns or Chromium"
    if not shutil.which("espeak-ng") or not shutil.which("sox"):
        return "espeak-ng and sox"
    probe = f"kohtaamo-voice-probe-{uuid.uuid4().hex[:6]}"
    if run("ip", "netns", "add", probe, check=False).returncode != 0:
        return "ip netns (needs CAP_SYS_ADMIN)"
    run("ip", "netns", "delete", probe, check=False)
    return None


@pytest.fixture
def namespace():
    missing = unavailable()
    if missing:
        if IN_CI:
            pytest.fail(f"{missing} is required under CI=true")
        pytest.skip(f"{missing} is not available here")
    name = f"kohtaamo-voice-{uuid.uuid4().hex[:8]}"
    run("ip", "netns", "add", name)
    try:
        run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up")
        yield name
    finally:
        run("ip", "netns", "delete", name, check=False)


def speech(folder: Path, role: str) -> Path:
    """``role``'s line, 0.5 s of silence before and 1 s after (the fake microphone loops)."""
    raw, padded = folder / f"{role}-raw.wav", folder / f"{role}.wav"
    run("espeak-ng", "-v", "fi", "-w", str(raw), LINES[role])
    run("sox", str(raw), "-r", "48000", "-c", "1", str(padded), "pad", "0.5", "1")
    return padded


def reachable_database() -> str:
    """The test database as the namespace reaches it: SQLite is a file; PostgreSQL is
    reached over its unix socket (127.0.0.1 of the host is not there)."""
    url = database_url()
    if url.startswith("sqlite"):
        return url
    parts = urllib.parse.urlsplit(url)
    socket_dir = urllib.parse.quote("/var/run/postgresql", safe="")
    user = parts.username or "postgres"
    return f"postgres://{user}@{socket_dir}{parts.path}"


@pytest.fixture
def server(namespace, tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": reachable_database(),
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115
    uvicorn = [sys.executable, "-m", "uvicorn", "cms.asgi:application"]
    process = subprocess.Popen(
        ["ip", "netns", "exec", namespace, *uvicorn, "--host", "127.0.0.1", "--port", str(PORT)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    probe = f"import urllib.request; urllib.request.urlopen('{BASE}/healthz', timeout=1)"
    deadline = time.monotonic() + 40
    while True:
        if process.poll() is not None:
            pytest.fail(f"the server exited: {(tmp_path / 'server.log').read_text()[-2000:]}")
        ping = subprocess.run(
            ["ip", "netns", "exec", namespace, sys.executable, "-c", probe],
            capture_output=True,
            check=False,
        )
        if ping.returncode == 0:
            break
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the server in the namespace did not become healthy")
        time.sleep(0.3)
    yield
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def wrapper(folder: Path, namespace: str) -> Path:
    """Chromium started inside the namespace; Playwright talks to it over a pipe."""
    script = folder / "chromium-in-namespace"
    script.write_text(f'#!/bin/sh\nexec ip netns exec {namespace} {CHROMIUM} "$@"\n')
    script.chmod(0o755)
    return script


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


def test_a_phone_role_play_by_voice_with_whisper_barge_and_pause(room, server, namespace, tmp_path):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    chromium = wrapper(tmp_path, namespace)
    people = {role: getattr(room, role) for role in ROLES}
    try:
        with sync_playwright() as playwright:
            browsers = []
            for role in ROLES:
                browser = playwright.chromium.launch(
                    executable_path=str(chromium),
                    args=[
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--allow-loopback-in-peer-connection",
                        "--use-fake-ui-for-media-stream",
                        "--use-fake-device-for-media-stream",
                        f"--use-file-for-fake-audio-capture={speech(tmp_path, role)}",
                        "--autoplay-policy=no-user-gesture-required",
                    ],
                )
                browsers.append(browser)
                context = browser.new_context(locale="fi-FI", base_url=BASE)
                name, value = session_cookie(people[role]).split("=", 1)
                context.add_cookies([{"name": name, "value": value, "url": BASE}])
                page = context.new_page()
                page.set_default_timeout(15_000)
                page.goto(f"/fi/coach/sessions/{room.session.pk}/room/")
                expect(page.locator("[data-connection]")).to_have_attribute(
                    "data-value", "connected"
                )
                PAGES[role] = page
            check_the_call(PAGES, people)
            for browser in browsers:
                browser.close()
    finally:
        PAGES.clear()
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


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
    room, server, namespace, tmp_path
):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            # No fake devices and no fake permission prompt: headless Chromium refuses.
            browser = playwright.chromium.launch(
                executable_path=str(wrapper(tmp_path, namespace)),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            context = browser.new_context(locale="en-GB", base_url=BASE)
            name, value = session_cookie(room.agent).split("=", 1)
            context.add_cookies([{"name": name, "value": value, "url": BASE}])
            page = context.new_page()
            page.goto(f"/en/coach/sessions/{room.session.pk}/room/")
            expect(page.locator("[data-connection]")).to_have_attribute("data-value", "connected")
            page.locator('[data-call-action="join"]').click()
            panel = page.locator("[data-call-panel]")
            expect(panel).to_have_attribute("data-call-state", "failed")
            expect(panel.locator("[data-call-message]")).to_contain_text("in writing")
            expect(page.locator("[data-say-form] textarea")).to_be_visible()
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
