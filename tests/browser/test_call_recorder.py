"""call-recorder.js in a real Chromium with its fake microphone: it uploads the
participant's track in numbered chunks while recording, and a page reloaded mid-call
continues the numbering with a new segment, so that no uploaded chunk is lost and the
merged recording lasts as long as the two recordings together. The recorder's slices
are joined into chunks of ``uploadEvery`` ms, and a closing page sends the slices it
still holds."""

import os

import pytest

from roleplay.callrecording.services import call_recording_finish
from roleplay.models import CallChunk, CallRecording, CallTrack
from tests.browser.conftest import CHROMIUM_ARGS
from tests.roleplay.conftest import make_room
from tests.servers import session_cookie

FAKE_MEDIA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]

RECORD = """async ([sessionId, participantId, ms, uploadEvery]) => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const csrf = (document.cookie.match(/(?:^|;\\s*)csrftoken=([^;]+)/) || [])[1] || "";
  const recorder = window.KohtaamoCallRecorder.start({
    sessionId, participantId, stream, csrfToken: csrf, timeslice: 500, uploadEvery,
  });
  window.recorder = recorder;
  await recorder.ready;
  await new Promise((resolve) => setTimeout(resolve, ms));
  return %s;
}"""


@pytest.fixture
def microphone_page(chromium_path, server):
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path, args=CHROMIUM_ARGS + FAKE_MEDIA
            )

            def open_page(user):
                context = browser.new_context(locale="en-GB", base_url=server.http)
                name, value = session_cookie(user).split("=", 1)
                context.add_cookies([{"name": name, "value": value, "url": server.http}])
                page = context.new_page()
                page.set_default_timeout(15_000)
                return page

            yield open_page
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def test_the_recorder_uploads_and_survives_a_reload(microphone_page):
    call = make_room()
    session, agent = call.session, call.agent
    page = microphone_page(agent)
    room = f"/en/coach/sessions/{session.pk}/room/"
    page.goto(room)
    # Recording 3 s, then the page reloads without stopping the recorder (chunks that
    # were not uploaded yet are lost, as in a real reload; uploaded ones are kept).
    first = page.evaluate(RECORD % "recorder.state()", [session.pk, agent.pk, 3000, 500])
    assert first["uploaded"] >= 3
    page.goto(room)
    kept = CallChunk.objects.filter(track__user=agent).count()
    assert kept >= first["uploaded"]
    second = page.evaluate(
        RECORD % "await recorder.stop({ complete: true })", [session.pk, agent.pk, 2000, 500]
    )
    assert second["pending"] == 0 and second["failed"] == 0
    assert CallTrack.objects.get(user=agent).completed_at is not None
    numbers = list(CallChunk.objects.filter(track__user=agent).values_list("n", flat=True))
    assert numbers == list(range(len(numbers)))  # no gap, nothing overwritten
    starts = CallChunk.objects.filter(track__user=agent, segment_start_ms__isnull=False)
    assert starts.count() == 2
    assert starts.order_by("n")[1].n == kept  # the reloaded page went on at `next`

    call_recording_finish(session)  # every track is complete: the worker merges (at once here)
    recording = CallRecording.objects.get(session=session)
    assert recording.state == "ready", recording.error
    assert 4 <= recording.duration_seconds <= 8


def test_slices_are_joined_into_chunks_and_a_closing_page_sends_what_it_holds(
    microphone_page,
):
    call = make_room()
    session, agent = call.session, call.agent
    page = microphone_page(agent)
    room = f"/en/coach/sessions/{session.pk}/room/"
    page.goto(room)
    # Half-second slices, a chunk every 1.5 s: 4.2 s make two chunks of three slices,
    # and the slices of the third chunk are held when the page goes.
    state = page.evaluate(RECORD % "recorder.state()", [session.pk, agent.pk, 4200, 1500])
    assert state["uploaded"] == 2, state
    sizes = list(
        CallChunk.objects.filter(track__user=agent).order_by("n").values_list("size", flat=True)
    )
    assert len(sizes) == 2
    page.evaluate("window.recorder.flush({ keepalive: true })")
    page.goto(room)  # the keepalive request outlives the page
    page.wait_for_timeout(500)
    chunks = CallChunk.objects.filter(track__user=agent).order_by("n")
    assert [c.n for c in chunks] == [0, 1, 2]
    assert chunks[2].size > 0 and chunks[2].segment_start_ms is None
    track = CallTrack.objects.get(user=agent)
    track.completed_at = track.chunks.last().received_at
    track.save(update_fields=["completed_at"])
    call_recording_finish(session)
    recording = CallRecording.objects.get(session=session)
    assert recording.state == "ready", recording.error
    assert 3.5 <= recording.duration_seconds <= 6, recording.duration_seconds
