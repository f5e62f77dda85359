"""Uploading a call's track chunk by chunk: idempotent, only your own track while you
take part, only audio, within the size limit, and nothing after the recording is final;
a reloaded page continues where the server's track has come to."""

import hashlib
import time

import pytest
from django.test import override_settings

from people.models import Membership
from roleplay.callrecording.services import call_recording_finish
from roleplay.models import CallChunk, CallRecording

from .audio import split, webm_opus
from .conftest import complete, put_chunk, track

HEADER = webm_opus(2, [(0, 1)])
PARTS = split(HEADER, [700, 1300])


def now_ms() -> int:
    return int(time.time() * 1000)


def test_a_participant_uploads_their_track_and_the_same_chunk_again_stores_nothing(call):
    start = now_ms()
    first = put_chunk(call.agent, call.session, call.agent.pk, 0, PARTS[0], start=start)
    assert first.status_code == 201
    assert first.json() == {
        "participant": call.agent.pk,
        "n": 0,
        "size": len(PARTS[0]),
        "segment_start_ms": start,
        "created": True,
    }
    assert put_chunk(call.agent, call.session, call.agent.pk, 1, PARTS[1]).status_code == 201
    again = put_chunk(call.agent, call.session, call.agent.pk, 1, PARTS[1])
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert CallChunk.objects.count() == 2
    assert CallRecording.objects.get().state == "recording"
    # The bytes are a file in the private storage; the row says what they are.
    stored = CallChunk.objects.get(n=0)
    assert not hasattr(stored, "data")
    assert stored.file.name.startswith("calls/") and stored.file.name.endswith(".webm")
    with stored.file.open("rb") as source:
        assert source.read() == PARTS[0]
    assert (stored.size, stored.digest) == (len(PARTS[0]), hashlib.sha256(PARTS[0]).hexdigest())


def test_other_content_at_a_taken_number_is_a_conflict(call):
    put_chunk(call.agent, call.session, call.agent.pk, 0, PARTS[0], start=now_ms())
    response = put_chunk(call.agent, call.session, call.agent.pk, 0, PARTS[1], start=now_ms())
    assert response.status_code == 409
    assert "other content" in response.json()["detail"]


@pytest.mark.parametrize("who", ["customer", "coach", "observer", "bystander", "outsider"])
def test_no_one_uploads_someone_elses_track(call, who):
    response = put_chunk(getattr(call, who), call.session, call.agent.pk, 0, PARTS[0], start=1)
    assert response.status_code == 403
    assert response.json()["detail"]
    assert CallChunk.objects.count() == 0


def test_the_customer_and_the_coach_upload_their_own_but_an_observer_is_not_recorded(call):
    start = now_ms()
    for who in ("customer", "coach"):
        user = getattr(call, who)
        assert put_chunk(user, call.session, user.pk, 0, PARTS[0], start=start).status_code == 201
    observer = call.observer
    response = put_chunk(observer, call.session, observer.pk, 0, PARTS[0], start=start)
    assert response.status_code == 403


def test_a_leaver_uploads_nothing_more(call):
    put_chunk(call.agent, call.session, call.agent.pk, 0, PARTS[0], start=now_ms())
    Membership.objects.filter(user=call.agent, team=call.team).delete()
    assert put_chunk(call.agent, call.session, call.agent.pk, 1, PARTS[1]).status_code == 403
    assert track(call.agent, call.session, call.agent.pk).status_code == 403


@override_settings(ROLEPLAY_CALL_CHUNK_MAX_BYTES=1024)
def test_a_chunk_over_the_size_limit_is_refused(call):
    response = put_chunk(call.agent, call.session, call.agent.pk, 0, HEADER[:1025], start=1)
    assert response.status_code == 413
    assert "1 KiB" in response.json()["detail"]


def test_a_segment_start_that_is_not_audio_is_refused(call):
    response = put_chunk(call.agent, call.session, call.agent.pk, 0, b"<html></html>", start=1)
    assert response.status_code == 400
    assert "not audio" in response.json()["detail"]


def test_an_ogg_segment_starts_with_oggs(call):
    ogg = webm_opus(1, [(0, 1)], fmt="ogg")
    ok = put_chunk(
        call.agent, call.session, call.agent.pk, 0, ogg, start=1, content_type="audio/ogg"
    )
    assert ok.status_code == 201
    wrong = put_chunk(
        call.customer, call.session, call.customer.pk, 0, HEADER, start=1, content_type="audio/ogg"
    )
    assert wrong.status_code == 400


def test_a_continuation_needs_a_segment_start_before_it(call):
    response = put_chunk(call.agent, call.session, call.agent.pk, 0, PARTS[1])
    assert response.status_code == 400
    assert "no segment has started" in response.json()["detail"]


def test_a_body_of_another_type_is_unsupported(call):
    response = put_chunk(
        call.agent, call.session, call.agent.pk, 0, PARTS[0], start=1, content_type="text/plain"
    )
    assert response.status_code == 415


def test_a_segment_start_must_be_milliseconds(call):
    response = put_chunk(call.agent, call.session, call.agent.pk, 0, PARTS[0], start="soon")
    assert response.status_code == 400


def test_after_the_call_the_recording_is_final(call):
    put_chunk(call.agent, call.session, call.agent.pk, 0, PARTS[0], start=now_ms())
    CallRecording.objects.update(state="ready")  # as after a merge
    response = put_chunk(call.agent, call.session, call.agent.pk, 1, PARTS[1])
    assert response.status_code == 409
    assert "final" in response.json()["detail"]


def test_an_ended_session_without_a_call_takes_no_chunks(call):
    call.session.state = "ended"
    call.session.save()
    assert (
        put_chunk(call.agent, call.session, call.agent.pk, 0, PARTS[0], start=1).status_code == 409
    )


def test_a_reloaded_page_continues_numbering_with_a_new_segment(call):
    session, agent = call.session, call.agent
    empty = track(agent, session, agent.pk).json()
    assert (empty["next"], empty["state"], empty["accepting"]) == (0, None, True)
    assert abs(empty["server_time_ms"] - now_ms()) < 5000
    for n, part in enumerate(PARTS[:3]):
        start = now_ms() if n == 0 else None
        assert put_chunk(agent, session, agent.pk, n, part, start=start).status_code == 201
    # The page reloads: it asks how far the track has come and starts a new segment.
    state = track(agent, session, agent.pk).json()
    assert (state["next"], state["chunks"], state["segments"]) == (3, 3, 1)
    second = split(webm_opus(1, [(0, 1)]), [900])
    assert put_chunk(agent, session, agent.pk, 3, second[0], start=now_ms()).status_code == 201
    assert put_chunk(agent, session, agent.pk, 4, second[1]).status_code == 201
    state = track(agent, session, agent.pk).json()
    assert (state["next"], state["segments"]) == (5, 2)
    assert track(call.customer, session, agent.pk).status_code == 403


def test_finishing_the_call_closes_the_recording(call, django_capture_on_commit_callbacks):
    put_chunk(call.agent, call.session, call.agent.pk, 0, HEADER, start=now_ms())
    assert complete(call.agent, call.session).json()["complete"] is True
    with django_capture_on_commit_callbacks(execute=True):
        recording = call_recording_finish(call.session)
    recording.refresh_from_db()
    assert recording.state == "ready"  # tests run the worker's task at once
    assert call_recording_finish(call.session).state == "ready"
    state = track(call.agent, call.session, call.agent.pk).json()
    assert (state["state"], state["accepting"]) == ("ready", False)
