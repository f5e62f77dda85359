"""The call's end-to-end acceptance (issue 13): coach, agent, customer and observer
hold a phone role-play by voice in four Chromium processes in the test's own network
namespace; the agent's and the customer's microphones play WAVs with speech at known,
distinct seconds; the agent reloads mid-call and rejoins; the coach whispers, the
observer scores, the coach ends; each browser uploads its last chunk after the end
and completes its track. Then the merged recording is fetched as the coach would and
decoded with PyAV (tests/roleplay/calls/audio.py): it lasts as long as the call, up
to its last second, and each channel is loud exactly in the seconds its speaker
spoke. The debrief plays it with its markers, the end's included. (Requests go from
the pages: only they are in the namespace.)"""

import base64
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from roleplay.models import CallChunk
from tests.roleplay.calls.audio import loudness

from .conftest import launch_with_microphone, open_room, run, wrapper

pytestmark = pytest.mark.django_db(transaction=True)

PORT = 8610
ROLES = ("coach", "agent", "customer", "observer")
LOOP = 8  # seconds: the fake microphone plays its WAV over and over
SPEAKS = {"agent": (1, 3), "customer": (5, 7)}  # [from, to) seconds of each loop
LINES = {
    "agent": "Kohtaamo, Aino puhelimessa. Kuinka voin auttaa teitä tänään?",
    "customer": "Minulle tuli karhukirje, vaikka maksoin laskun ajallaan.",
}
CHANNELS = {"agent": 0, "customer": 1}  # front left, front right (docs/call-recording.md)


def microphone(folder: Path, role: str) -> Path:
    """A WAV of ``LOOP`` seconds: speech in the role's ``SPEAKS`` seconds, silence
    elsewhere (the coach and the observer are silent)."""
    wav = folder / f"{role}.wav"
    if role not in SPEAKS:
        run("sox", "-n", "-r", "48000", "-c", "1", str(wav), "trim", "0", str(LOOP))
        return wav
    start, end = SPEAKS[role]
    raw = folder / f"{role}-raw.wav"
    run("espeak-ng", "-v", "fi", "-w", str(raw), LINES[role])
    run(
        "sox", str(raw), "-r", "48000", "-c", "1", str(wav),
        "trim", "0", str(end - start), "pad", str(start), str(LOOP), "trim", "0", str(LOOP),
    )  # fmt: skip
    return wav


# When the page's microphone opened (the fake device plays its file from the start then),
# on the machine's clock, which is the session clock here.
MICROPHONE_CLOCK = """(() => {
  window.microphoneOpenedAt = [];
  window.recorderEvents = [];
  window.addEventListener("kohtaamo-call-recorder", (event) => {
    window.recorderEvents.push({ ...event.detail, at: Date.now() });
  });
  const media = navigator.mediaDevices;
  const open = media.getUserMedia.bind(media);
  media.getUserMedia = async (constraints) => {
    const stream = await open(constraints);
    window.microphoneOpenedAt.push(Date.now());
    return stream;
  };
})();"""


def speech_per_second(role: str, runs: list[tuple[int, int, int]], origin_ms: int) -> dict:
    """How much of each second of the merged file ``role``'s WAV speaks in (0 to 1): in
    each run (microphone opened, recorded from, recorded to; session clock ms) the file
    plays in a loop from the moment the microphone opened."""
    start, end = SPEAKS[role]
    share: dict[int, float] = {}
    for opened, first, last in runs:
        for ms in range(first, last, 50):
            if start <= ((ms - opened) / 1000) % LOOP < end:
                second = (ms - origin_ms) // 1000
                share[second] = share.get(second, 0) + 0.05
    return share


def near(seconds: set[int], slack=1) -> set[int]:
    return {s + d for s in seconds for d in range(-slack, slack + 1)}


def segments_of(session, user, end_ms: int) -> list[tuple[int, int]]:
    """A track's segments as (start, end) on the session clock: a segment lasts until
    the next one starts or its uploaded chunks (one second each) run out, whichever
    comes first (a reload loses what it had not uploaded yet)."""
    chunks = CallChunk.objects.filter(track__recording__session=session, track__user=user)
    starts = list(chunks.order_by("n").values_list("n", "segment_start_ms"))
    firsts = [(n, start) for n, start in starts if start is not None]
    segments = []
    for index, (n, start) in enumerate(firsts):
        following = firsts[index + 1] if index + 1 < len(firsts) else (len(starts), end_ms)
        segments.append((start, min(following[1], start + (following[0] - n) * 1000)))
    return segments


def connected(page):
    expect(page.locator("[data-call-panel]")).to_have_attribute(
        "data-call-state", "connected", timeout=20_000
    )


def get_json(page, url):
    return page.evaluate("async (url) => (await fetch(url)).json()", url)


def get_bytes(page, url, headers) -> tuple[int, bytes]:
    status, body = page.evaluate(
        """async ([url, headers]) => {
          const answer = await fetch(url, {headers});
          const bytes = new Uint8Array(await answer.arrayBuffer());
          let text = "";
          for (let i = 0; i < bytes.length; i += 0x8000)
            text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return [answer.status, btoa(text)];
        }""",
        [url, headers],
    )
    return status, base64.b64decode(body)


def test_the_call_is_recorded_and_the_debrief_plays_it(
    room, server, namespace, tmp_path, async_unsafe
):
    chromium = wrapper(tmp_path, namespace)
    session = room.session
    api = f"/api/roleplay/sessions/{session.pk}/"
    with sync_playwright() as playwright:
        browsers, pages = [], {}
        for role in ROLES:
            browser = launch_with_microphone(playwright, chromium, microphone(tmp_path, role))
            browsers.append(browser)
            pages[role] = open_room(
                browser, server, getattr(room, role), session, "en", MICROPHONE_CLOCK
            )
        coach, agent, observer = pages["coach"], pages["agent"], pages["observer"]
        coach.locator('[data-action="start"]').click()
        for role in ROLES:
            expect(pages[role].locator("[data-roleplay-room]")).to_have_attribute(
                "data-room-state", "live"
            )
            pages[role].locator('[data-call-action="join"]').click()
        for role in ROLES:
            connected(pages[role])

        # A written whisper, with the room's own controls, once the recording runs (an
        # event before the recording's first second is not on its timeline).
        for role in SPEAKS:
            pages[role].wait_for_function(
                "() => (window.kohtaamoCall.recorder?.state().uploaded || 0) >= 1",
                timeout=20_000,
            )
        coach.get_by_label("Whisper to the agent").fill("Name the feeling before the fee.")
        coach.get_by_role("button", name="Whisper", exact=True).click()
        expect(agent.locator("[data-transcript]")).to_contain_text("Name the feeling")
        # The agent reloads mid-call, once some chunks are up, and joins again.
        agent.wait_for_function(
            "() => (window.kohtaamoCall.recorder?.state().uploaded || 0) >= 8", timeout=20_000
        )
        opened = {role: pages[role].evaluate("window.microphoneOpenedAt") for role in SPEAKS}
        agent.reload()
        expect(agent.locator("[data-connection]")).to_have_attribute("data-value", "connected")
        agent.locator('[data-call-action="join"]').click()
        connected(agent)
        agent.wait_for_function(
            "() => (window.kohtaamoCall.recorder?.state().uploaded || 0) >= 10", timeout=20_000
        )
        opened["agent"] += agent.evaluate("window.microphoneOpenedAt")
        # The observer scores, well into the call.
        criterion = room.criteria[0]
        form = observer.locator(f'[data-score-form][data-criterion="{criterion.pk}"]')
        # The score controls are off while the observer's socket is not connected to a
        # live room (under load it may be reconnecting): score once they are on.
        expect(observer.locator("[data-connection]")).to_have_attribute("data-value", "connected")
        expect(observer.locator("[data-roleplay-room]")).to_have_attribute(
            "data-room-state", "live"
        )
        four = form.locator('input[name="value"][value="4"]')
        expect(four).to_be_enabled()
        four.check()
        form.get_by_role("button").click()
        expect(form.locator("[data-scored]")).to_contain_text("4/5")
        # The call goes on a little before the coach ends it mid-chunk.
        agent.wait_for_function(
            "() => (window.kohtaamoCall.recorder?.state().uploaded || 0) >= 12", timeout=20_000
        )

        coach.locator('[data-action="end"]').click()
        end_ms = int(time.time() * 1000)
        expect(coach.locator("[data-roleplay-room]")).to_have_attribute("data-room-state", "ended")

        # Each speaker's browser stops its recorder on the end, uploads the last chunk
        # (within the grace period: not refused) and says its track is complete.
        for role in ("coach", "agent", "customer"):
            pages[role].wait_for_function(
                "() => window.recorderEvents.some((e) => e.type === 'complete')", timeout=20_000
            )
            events = pages[role].evaluate("window.recorderEvents")
            assert not [e for e in events if e["type"] == "refused"], (role, events)
            uploaded = [e for e in events if e["type"] == "uploaded"]
            assert uploaded[-1]["at"] >= end_ms - 1000, (role, uploaded[-1], end_ms)
            user = getattr(room, role)
            state = get_json(pages[role], f"{api}tracks/{user.pk}/")
            assert state["complete"] is True, state
            assert state["next"] == uploaded[-1]["n"] + 1, (role, state, uploaded[-1])

        # The worker merges; the coach's API says when it is ready.
        deadline = time.monotonic() + 45
        while True:
            recording = get_json(coach, api)["recording"]
            if recording and recording["state"] in ("ready", "failed"):
                break
            assert time.monotonic() < deadline, recording
            time.sleep(0.5)
        assert recording["state"] == "ready", recording
        status, audio = get_bytes(coach, recording["url"], {"Range": "bytes=0-"})
        assert status == 206
        duration, rms = loudness(audio)

        # No uploaded chunk of the agent's was lost across the reload.
        track = get_json(agent, f"{api}tracks/{room.agent.pk}/")
        assert track["segments"] == 2, track
        assert track["chunks"] == track["next"] > 0, track
        numbers = CallChunk.objects.filter(
            track__recording__session=session, track__user=room.agent
        ).values_list("n", flat=True)
        assert sorted(numbers) == list(range(track["chunks"]))

        segments = {role: segments_of(session, getattr(room, role), end_ms) for role in SPEAKS}
        origin_ms = min(CallChunk.objects.filter(
            track__recording__session=session, segment_start_ms__isnull=False
        ).values_list("segment_start_ms", flat=True))  # fmt: skip
        assert abs(duration - (end_ms - origin_ms) / 1000) <= 1.0, (duration, end_ms - origin_ms)
        assert abs(recording["duration_seconds"] - duration) <= 1.0
        assert duration >= (end_ms - origin_ms) / 1000 - 0.5  # the last second is there

        loud = {}
        for role, channel in CHANNELS.items():
            levels = rms[channel]
            peak = max(levels)
            loud[role] = {second for second, level in enumerate(levels) if level > peak / 10}
            runs = [
                (mic, first, last)
                for mic, (first, last) in zip(opened[role], segments[role], strict=True)
            ]
            share = speech_per_second(role, runs, origin_ms)
            spoken = {second for second, part in share.items() if part > 0}
            mostly = {s for s, part in share.items() if part >= 0.6 and s < len(levels)}
            report = f"{role}: loud {sorted(loud[role])}, speech {sorted(share.items())}"
            assert peak > 300, report  # of 32767
            assert loud[role] <= near(spoken), report  # quiet wherever the WAV is silent
            assert mostly <= loud[role], report  # loud wherever it speaks
        assert loud["agent"] != loud["customer"]
        reload_second = (segments["agent"][1][0] - origin_ms) // 1000
        assert any(second > reload_second for second in loud["agent"]), "no sound after reload"

        # The debrief plays the call, with the whisper and the score on its timeline.
        coach.goto(f"/en/coach/sessions/{session.pk}/debrief/")
        player = coach.locator("[data-call-recording]")
        expect(player.locator("[data-call-audio]")).to_be_visible()
        markers = player.locator("button[data-seek]")
        expect(markers.first).to_be_visible()
        kinds = set(markers.evaluate_all("all => all.map((m) => m.dataset.markerKind)"))
        assert {"score", "whisper", "control"} <= kinds, kinds
        # The end itself is on the timeline, at the recording's last second.
        last = markers.last
        assert last.get_attribute("data-marker-kind") == "control"
        assert float(last.get_attribute("data-seek")) >= duration - 1.5
        score = markers.and_(coach.locator('[data-marker-kind="score"]')).first
        at = float(score.get_attribute("data-seek"))
        assert at > 5, at
        score.click()
        coach.wait_for_function(
            "at => { const a = document.querySelector('[data-call-audio]');"
            " return a.readyState >= 1 && Math.abs(a.currentTime - at) < 1.5; }",
            arg=at,
        )
        for browser in browsers:
            browser.close()
