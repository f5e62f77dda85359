"""The merged call: one Ogg/Opus file on the session clock, agent, customer and coach
on their own channels, sound exactly in the seconds each spoke (a reloaded page's
second segment included), silence elsewhere; heard with ranges by the session's
participants and the team's coaches only."""

import time
from datetime import UTC, datetime

import pytest

from people.models import Membership
from roleplay.callrecording.services import call_recording_finish
from roleplay.models import CallRecording

from .audio import loudness, split, webm_opus
from .conftest import api, complete, put_chunk

LOUD = 1000  # RMS of the tone is about 6400; Opus's silence is near 0


def ms_time(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def upload(user, session, segments: list[tuple[int, bytes]], sizes, first_n=0) -> int:
    """Upload each (start ms, encoded segment) cut at arbitrary byte boundaries."""
    n = first_n
    for start, data in segments:
        for index, part in enumerate(split(data, sizes)):
            response = put_chunk(
                user, session, user.pk, n, part, start=start if index == 0 else None
            )
            assert response.status_code == 201, response.json()
            n += 1
    return n


@pytest.fixture
def merged(call, django_capture_on_commit_callbacks):
    session = call.session
    t0 = int(time.time() * 1000) - 60_000
    # The agent speaks in seconds 1-3; the page reloads at 2.5 s (a second segment).
    upload(
        call.agent,
        session,
        [(t0, webm_opus(2.5, [(1, 2.5)])), (t0 + 2500, webm_opus(1.5, [(0, 0.5)]))],
        [1500, 613, 2048],
    )
    # The customer records from the start and speaks in seconds 4-6.
    upload(call.customer, session, [(t0, webm_opus(7, [(4, 6)]))], [3001, 999])
    # The coach barges in during second 7.
    upload(call.coach, session, [(t0 + 7000, webm_opus(1, [(0, 1)]))], [800])
    for who in ("agent", "customer", "coach"):
        assert complete(getattr(call, who), session).status_code == 200
    with django_capture_on_commit_callbacks() as merges:
        call_recording_finish(session)
    # The call ended as the coach's barge-in did (the file lasts until the end).
    CallRecording.objects.filter(session=session).update(ended_at=ms_time(t0 + 8000))
    for merge in merges:
        merge()
    return call, CallRecording.objects.get(session=session)


def test_each_channel_sounds_exactly_when_its_speaker_spoke(merged):
    _call, recording = merged
    assert recording.state == "ready"
    assert recording.content_type == "audio/ogg"
    assert abs(recording.duration_seconds - 8) <= 1
    duration, channels = loudness(recording.file.open("rb").read())
    assert abs(duration - 8) <= 1
    spoke = {0: {1, 2}, 1: {4, 5}, 2: {7}}  # agent, customer, coach
    for channel, seconds in spoke.items():
        heard = {second for second, rms in enumerate(channels[channel]) if rms > LOUD}
        assert heard == seconds, (channel, [round(v) for v in channels[channel]])


def test_the_session_tells_its_recording(merged):
    call, _recording = merged
    body = api(call.agent).get(f"/api/roleplay/sessions/{call.session.pk}/").json()
    recording = body["recording"]
    assert recording["state"] == "ready"
    assert abs(recording["duration_seconds"] - 8) <= 1
    assert recording["url"] == f"/api/roleplay/sessions/{call.session.pk}/recording/audio/"


def test_a_session_without_a_call_has_no_recording(call):
    body = api(call.agent).get(f"/api/roleplay/sessions/{call.session.pk}/").json()
    assert body["recording"] is None


def test_the_audio_answers_range_requests(merged):
    call, recording = merged
    url = f"/api/roleplay/sessions/{call.session.pk}/recording/audio/"
    whole = api(call.customer).get(url)
    assert whole.status_code == 200
    assert whole["Content-Type"] == "audio/ogg"
    assert whole["Cache-Control"] == "private, no-store"
    body = b"".join(whole.streaming_content)
    assert body[:4] == b"OggS" and len(body) == recording.size
    part = api(call.customer).get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{recording.size}"
    assert b"".join(part.streaming_content) == body[100:200]
    beyond = api(call.customer).get(url, HTTP_RANGE=f"bytes={recording.size + 10}-")
    assert beyond.status_code == 416


@pytest.mark.parametrize(
    ("who", "status"),
    [("agent", 200), ("customer", 200), ("observer", 200), ("coach", 200), ("bystander", 403)],
)
def test_only_participants_and_team_coaches_hear_it(merged, who, status):
    call, _recording = merged
    url = f"/api/roleplay/sessions/{call.session.pk}/recording/audio/"
    assert api(getattr(call, who)).get(url).status_code == status


def test_another_coach_of_the_team_hears_it_and_an_outsider_or_leaver_does_not(merged):
    from tests.factories import MembershipFactory, UserFactory

    call, _recording = merged
    url = f"/api/roleplay/sessions/{call.session.pk}/recording/audio/"
    other_coach = UserFactory()
    MembershipFactory(user=other_coach, team=call.team, role="coach")
    assert api(other_coach).get(url).status_code == 200
    assert api(call.outsider).get(url).status_code in (403, 404)
    Membership.objects.filter(user=call.customer, team=call.team).delete()
    assert api(call.customer).get(url).status_code == 403


def test_ending_the_role_play_merges_its_call_once_its_tracks_are_complete(
    call, django_capture_on_commit_callbacks
):
    from roleplay.room import services as room
    from roleplay.room.access import current_viewer

    t0 = int(time.time() * 1000)
    upload(call.agent, call.session, [(t0, webm_opus(2, [(0, 1)]))], [4000])
    coach = current_viewer(session_id=call.session.pk, user_id=call.coach.pk)
    with django_capture_on_commit_callbacks(execute=True):
        room.session_control(viewer=coach, action="start")
        room.session_control(viewer=coach, action="end")
    assert CallRecording.objects.get(session=call.session).state == "recording"
    with django_capture_on_commit_callbacks(execute=True):
        complete(call.agent, call.session)
    assert CallRecording.objects.get(session=call.session).state == "ready"
