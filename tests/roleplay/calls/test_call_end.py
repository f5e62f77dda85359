"""The end of a call is orderly: when the coach ends the role-play, the browsers stop
their recorders, upload the last chunk and say their track is complete. The recording
takes those chunks for a grace period and is merged as soon as every track is
complete, or by the worker once the period is over; the merged file lasts until the
call ended, so that what happened in its last moments is on the debrief's timeline."""

import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from roleplay.callrecording.selectors import call_timeline
from roleplay.callrecording.services import call_recording_close
from roleplay.models import CallRecording, SessionEvent
from roleplay.room import call as room_call
from roleplay.room import services as room
from roleplay.room.access import current_viewer

from .audio import split, webm_opus
from .conftest import complete, put_chunk, track

SECONDS = 3


def now_ms() -> int:
    return int(time.time() * 1000)


@pytest.fixture
def talking(call):
    """Agent and customer have uploaded all but the last chunk of a 3 s recording that
    started 3 s ago, and the coach has started the role-play."""
    start = now_ms() - SECONDS * 1000
    parts = {}
    for who, loud in (("agent", [(0, 1)]), ("customer", [(2, 3)])):
        user = getattr(call, who)
        data = webm_opus(SECONDS, loud)
        third = len(data) // 3
        parts[who] = [data[:third], data[third : 2 * third], data[2 * third :]]
        for n, part in enumerate(parts[who][:2]):
            response = put_chunk(
                user, call.session, user.pk, n, part, start=start if n == 0 else None
            )
            assert response.status_code == 201
    coach = current_viewer(session_id=call.session.pk, user_id=call.coach.pk)
    room.session_control(viewer=coach, action="start")
    call.parts = parts
    call.coach_viewer = coach
    return call


def end(call, capture):
    with capture(execute=True):
        room.session_control(viewer=call.coach_viewer, action="end")
    return CallRecording.objects.get(session=call.session)


def test_the_last_chunks_after_the_end_are_taken_and_the_call_merges_when_every_track_is_complete(
    talking, django_capture_on_commit_callbacks
):
    call, capture = talking, django_capture_on_commit_callbacks
    recording = end(call, capture)
    assert recording.state == "recording"
    assert track(call.agent, call.session, call.agent.pk).json()["accepting"] is True
    # The agent's last chunk comes after the end: taken, and its repeat stores nothing.
    last = call.parts["agent"][2]
    assert put_chunk(call.agent, call.session, call.agent.pk, 2, last).status_code == 201
    again = put_chunk(call.agent, call.session, call.agent.pk, 2, last)
    assert (again.status_code, again.json()["created"]) == (200, False)
    other = put_chunk(call.agent, call.session, call.agent.pk, 2, call.parts["customer"][2])
    assert other.status_code == 409
    with capture(execute=True):
        answer = complete(call.agent, call.session)
    assert answer.status_code == 200
    assert (answer.json()["complete"], answer.json()["state"]) == (True, "recording")
    recording.refresh_from_db()
    assert recording.state == "recording"  # the customer's track is still coming
    customer = call.customer
    last = call.parts["customer"][2]
    assert put_chunk(customer, call.session, customer.pk, 2, last).status_code == 201
    with capture(execute=True):
        answer = complete(customer, call.session)
    assert answer.json()["state"] == "processing"  # the worker merges it next
    recording.refresh_from_db()
    assert recording.state == "ready", recording.error
    assert recording.tracks.get(user=customer).chunks.count() == 3
    # Final now: any chunk is refused, as before the grace period existed.
    late = put_chunk(customer, call.session, customer.pk, 3, call.parts["customer"][1])
    assert late.status_code == 409
    assert "final" in late.json()["detail"]
    assert put_chunk(customer, call.session, customer.pk, 2, last).status_code == 409
    assert complete(customer, call.session).status_code == 200  # idempotent


def test_a_speaker_who_joined_and_has_not_uploaded_yet_holds_the_recording_open(
    talking, django_capture_on_commit_callbacks
):
    call, capture = talking, django_capture_on_commit_callbacks
    observer = current_viewer(session_id=call.session.pk, user_id=call.observer.pk)
    for viewer in (call.coach_viewer, observer):
        room_call.call_action(viewer=viewer, action="join")
    recording = end(call, capture)
    for who in ("agent", "customer"):
        user = getattr(call, who)
        put_chunk(user, call.session, user.pk, 2, call.parts[who][2])
        with capture(execute=True):
            answer = complete(user, call.session)
    # The coach joined 1 s before the end: their only chunk comes as their recorder stops.
    assert answer.json()["state"] == "recording"
    coach = call.coach
    first = webm_opus(1, [(0, 1)])
    assert put_chunk(coach, call.session, coach.pk, 0, first, start=now_ms()).status_code == 201
    with capture(execute=True):
        answer = complete(coach, call.session)
    assert answer.json()["state"] == "processing"  # the observer sends nothing to wait for
    recording.refresh_from_db()
    assert recording.state == "ready", recording.error
    assert recording.tracks.count() == 3


def test_a_track_that_never_completes_is_merged_when_the_grace_period_is_over(
    talking, django_capture_on_commit_callbacks
):
    call, capture = talking, django_capture_on_commit_callbacks
    with override_settings(ROLEPLAY_CALL_END_GRACE_SECONDS=7):
        recording = end(call, capture)
    assert recording.ended_at == recording.session.ended_at  # the end event's time
    grace = recording.closes_at - recording.ended_at
    assert timedelta(seconds=7) <= grace < timedelta(seconds=8)
    with capture(execute=True):
        complete(call.agent, call.session)  # the customer's page had closed
    # The worker's task before the period is over leaves it open, after it closes it.
    with capture(execute=True):
        assert call_recording_close(recording.pk) is False
    recording.refresh_from_db()
    assert recording.state == "recording"
    with capture(execute=True):
        closed = call_recording_close(recording.pk, now=recording.closes_at + timedelta(seconds=1))
    assert closed is True
    recording.refresh_from_db()
    assert recording.state == "ready", recording.error
    assert call_recording_close(recording.pk) is False  # once only


def test_a_chunk_after_the_grace_period_is_refused_and_closes_the_recording(
    talking, django_capture_on_commit_callbacks
):
    call, capture = talking, django_capture_on_commit_callbacks
    recording = end(call, capture)
    CallRecording.objects.filter(pk=recording.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    assert track(call.agent, call.session, call.agent.pk).json()["accepting"] is False
    with capture(execute=True):
        late = put_chunk(call.agent, call.session, call.agent.pk, 2, call.parts["agent"][2])
    assert late.status_code == 409
    recording.refresh_from_db()
    assert recording.state == "ready", recording.error


def test_with_a_real_queue_the_end_asks_the_worker_to_close_after_the_grace_period(
    talking, django_capture_on_commit_callbacks, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        **settings.TASKS,
        "worker": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }
    recording = end(talking, django_capture_on_commit_callbacks)
    queued = DBTaskResult.objects.get(task_path="roleplay.tasks.call_recording_close")
    assert queued.args_kwargs["args"] == [recording.pk]
    assert queued.run_after == recording.closes_at
    recording.refresh_from_db()
    assert recording.state == "recording"


@pytest.mark.parametrize("who", ["customer", "coach", "observer", "outsider"])
def test_no_one_completes_someone_elses_track(talking, who):
    response = complete(getattr(talking, who), talking.session, talking.agent.pk)
    assert response.status_code == 403
    assert response.json()["detail"]
    assert track(talking.agent, talking.session, talking.agent.pk).json()["complete"] is False


def test_a_new_chunk_opens_a_completed_track_again(talking):
    """Leaving the call mid-session completes the track; joining again records on."""
    call = talking
    assert complete(call.agent, call.session).json()["complete"] is True
    rejoin = split(webm_opus(1, [(0, 1)]), [900])[0]
    assert (
        put_chunk(call.agent, call.session, call.agent.pk, 2, rejoin, start=now_ms()).status_code
        == 201
    )
    assert track(call.agent, call.session, call.agent.pk).json()["complete"] is False


def test_the_merged_call_lasts_until_the_end_and_its_last_events_are_on_the_timeline(
    talking, django_capture_on_commit_callbacks
):
    call, capture = talking, django_capture_on_commit_callbacks
    # A moment of silence after the recorders' last audio, and a score in it.
    time.sleep(1.2)
    observer = current_viewer(session_id=call.session.pk, user_id=call.observer.pk)
    room.event_score(viewer=observer, criterion_id=call.criteria[0].pk, value=3)
    recording = end(call, capture)
    for who in ("agent", "customer"):
        user = getattr(call, who)
        put_chunk(user, call.session, user.pk, 2, call.parts[who][2])
        with capture(execute=True):
            complete(user, call.session)
    recording.refresh_from_db()
    assert recording.state == "ready", recording.error
    called = (recording.ended_at - recording.started_at).total_seconds()
    assert called > SECONDS + 1
    assert abs(recording.duration_seconds - called) < 0.1
    events = list(SessionEvent.objects.filter(session=call.session).order_by("seq"))
    timeline = call_timeline(session=call.session, events=events, criteria={})
    kinds = [(marker["kind"], marker["at_seconds"]) for marker in timeline["markers"]]
    score = [at for kind, at in kinds if kind == "score"]
    assert score and score[0] > SECONDS, kinds
    end_marker = kinds[-1]
    assert end_marker[0] == "control" and end_marker[1] >= called - 0.2, kinds
