"""The debrief plays the recorded call in a real browser: the score, whisper and twist
are drawn on the audio's timeline at the second they happened, and choosing one
(by keyboard here) seeks the recording there; the coach saves that moment as a lesson
example."""

import time
from datetime import timedelta

from playwright.sync_api import expect

from roleplay.callrecording.services import chunk_store, track_complete
from roleplay.models import CallRecording, LessonExample, SessionEvent
from roleplay.room import services as room
from roleplay.room.access import current_viewer
from tests.roleplay.calls.audio import split, webm_opus
from tests.roleplay.conftest import make_room


def record_call(call, t0: int) -> None:
    for who, loud in (("agent", [(1, 3)]), ("customer", [(4, 6)])):
        user = getattr(call, who)
        for n, part in enumerate(split(webm_opus(12, loud), [5000])):
            chunk_store(
                session_id=call.session.pk,
                user=user,
                participant_id=user.pk,
                n=n,
                data=part,
                content_type="audio/webm",
                segment_start_ms=t0 if n == 0 else None,
            )


def test_the_debrief_shows_the_events_on_the_call_and_seeks_to_them(signed_in):
    call = make_room()
    t0 = int(time.time() * 1000) - 12_000  # the call ends as its 12 s recording does
    record_call(call, t0)
    coach = current_viewer(session_id=call.session.pk, user_id=call.coach.pk)
    observer = current_viewer(session_id=call.session.pk, user_id=call.observer.pk)
    room.session_control(viewer=coach, action="start")
    room.event_whisper(viewer=coach, text="Name the feeling")
    room.event_inject(viewer=coach, twist_id=call.twist.pk)
    room.event_score(viewer=observer, criterion_id=call.criteria[0].pk, value=4)
    start = CallRecording.objects.get().started_at
    for kind, second in (("whisper", 2), ("inject", 5), ("score", 8)):
        SessionEvent.objects.filter(session=call.session, kind=kind).update(
            created_at=start + timedelta(seconds=second)
        )
    SessionEvent.objects.filter(session=call.session, kind="control").update(
        created_at=start + timedelta(seconds=0.5)
    )
    room.session_control(viewer=coach, action="end")
    for user in (call.agent, call.customer):  # the browsers' recorders stop
        track_complete(session=call.session, user=user, participant_id=user.pk)
    # ... and the worker merges (at once here).
    recording = CallRecording.objects.get()
    assert recording.state == "ready", recording.error

    page = signed_in(call.coach)
    page.goto(f"/en/coach/sessions/{call.session.pk}/debrief/")
    buttons = page.locator("[data-call-recording] button[data-seek]")
    kinds = buttons.evaluate_all("els => els.map(e => [e.dataset.markerKind, e.dataset.seek])")
    assert ["whisper", "2.0"] in kinds and ["twist", "5.0"] in kinds and ["score", "8.0"] in kinds
    assert page.locator("[data-call-timeline] .call-marker").count() == len(kinds)
    page.wait_for_function(
        "document.querySelector('[data-call-audio]').readyState >= 1", timeout=10_000
    )
    duration = page.evaluate("document.querySelector('[data-call-audio]').duration")
    assert 11.5 <= duration <= 14

    twist = page.locator("[data-marker-kind=twist]")
    twist.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "Math.abs(document.querySelector('[data-call-audio]').currentTime - 5) < 0.6"
    )
    page.locator("[data-marker-kind=score]").click()
    page.wait_for_function(
        "Math.abs(document.querySelector('[data-call-audio]').currentTime - 8) < 0.6"
    )

    # The coach saves the scored moment as a lesson example: its second is filled in.
    form = page.locator("[data-call-example]")
    assert form.locator("[data-call-example-at]").input_value() == "8.0"
    form.get_by_label("Who speaks").select_option("agent")
    form.get_by_label("What the moment shows").fill("Names the feeling before the fee")
    form.locator("[data-call-example-save]").click()
    expect(page.locator("ul.messages")).to_contain_text("saved in the call's lesson example")
    expect(page.locator("[data-call-example] [data-lesson-example]")).to_contain_text("1 moment")
    example = LessonExample.objects.get(session=call.session)
    assert example.moments == [
        {"at": "0:08", "speaker": "agent", "text": "Names the feeling before the fee"}
    ]

    # The agent's debrief plays it too; a coach opens a team review in one click.
    agent_page = signed_in(call.agent)
    agent_page.goto(f"/en/learn/role-plays/{call.session.pk}/")
    assert agent_page.locator("[data-call-audio]").count() == 1
    assert agent_page.locator("[data-call-review]").count() == 0
    assert agent_page.locator("[data-call-example]").count() == 0
    page.locator("[data-call-review]").click()
    page.wait_for_url("**/coach/reviews/*/room/")
