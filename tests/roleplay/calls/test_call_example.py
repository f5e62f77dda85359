"""A moment of a recorded call saved as a lesson example from the debrief, as a review
of an uploaded recording is: the same endpoint and the same examples (one per
session, its moments as rows of a call-recording block's transcript), by a coach of
the team only, once the role-play has ended and its recording is ready."""

import time

import pytest

from roleplay.models import CallRecording, LessonExample, Recording
from roleplay.room import services as room
from roleplay.room.access import current_viewer
from tests.factories import MembershipFactory, UserFactory

from .audio import webm_opus
from .conftest import api, complete, put_chunk


def url(session) -> str:
    return f"/api/roleplay/sessions/{session.pk}/lesson-example/"


def record(call, capture, *, end=True):
    start = int(time.time() * 1000) - 6000
    for who in ("agent", "customer"):
        user = getattr(call, who)
        assert (
            put_chunk(
                user, call.session, user.pk, 0, webm_opus(6, [(1, 2)]), start=start
            ).status_code
            == 201
        )
    coach = current_viewer(session_id=call.session.pk, user_id=call.coach.pk)
    observer = current_viewer(session_id=call.session.pk, user_id=call.observer.pk)
    room.session_control(viewer=coach, action="start")
    room.event_score(viewer=observer, criterion_id=call.criteria[0].pk, value=4)
    if not end:
        return call
    with capture(execute=True):
        room.session_control(viewer=coach, action="end")
        for who in ("agent", "customer"):
            complete(getattr(call, who), call.session)
    assert CallRecording.objects.get(session=call.session).state == "ready"
    return call


@pytest.fixture
def recorded(call, django_capture_on_commit_callbacks):
    return record(call, django_capture_on_commit_callbacks)


def test_the_coach_saves_moments_of_the_call_in_its_lesson_example(recorded):
    call = recorded
    first = api(call.coach).post(
        url(call.session), {"at_seconds": 4.2, "note": "Names the feeling"}, format="json"
    )
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["transcript_rows"] == [
        {"at": "0:04", "speaker": "agent", "text": "Names the feeling"}
    ]
    criterion = call.criteria[0].name
    assert {"criterion": criterion, "average": 4.0} in body["averages"]
    assert "0:04 – Names the feeling" in body["summary"]
    assert f"{criterion}: 4 / 5" in body["summary"]
    example = LessonExample.objects.get(session=call.session)
    recording = CallRecording.objects.get(session=call.session)
    assert example.recording == recording.review_recording  # the call's team copy
    assert example.title == recording.review_recording.title
    assert body["admin_url"].endswith(f"/lessonexample/edit/{example.pk}/")
    # Another moment is added in order; one at the same second replaces the first.
    api(call.coach).post(
        url(call.session), {"at_seconds": 1, "note": "Greets", "speaker": "agent"}, format="json"
    )
    last = api(call.coach).post(
        url(call.session),
        {"at_seconds": 4.4, "note": "Apologises", "speaker": "customer"},
        format="json",
    )
    assert [(row["at"], row["text"]) for row in last.json()["transcript_rows"]] == [
        ("0:01", "Greets"),
        ("0:04", "Apologises"),
    ]
    assert LessonExample.objects.count() == 1 and Recording.objects.count() == 1


def test_another_coach_of_the_team_saves_one_too(recorded):
    other = UserFactory()
    MembershipFactory(user=other, team=recorded.team, role="coach")
    response = api(other).post(
        url(recorded.session), {"at_seconds": 2, "note": "Pause"}, format="json"
    )
    assert response.status_code == 201


@pytest.mark.parametrize("who", ["agent", "customer", "observer"])
def test_a_participant_who_is_not_a_coach_gets_a_clear_refusal(recorded, who):
    response = api(getattr(recorded, who)).post(
        url(recorded.session), {"at_seconds": 2, "note": "Mine"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Only a coach of the team saves a lesson example."
    assert not LessonExample.objects.exists()


def test_an_outsider_learns_nothing(recorded):
    response = api(recorded.outsider).post(
        url(recorded.session), {"at_seconds": 2, "note": "x"}, format="json"
    )
    assert response.status_code in (403, 404)
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"at_seconds": -1, "note": "x"}, "at_seconds"),
        ({"at_seconds": "soon", "note": "x"}, "at_seconds"),
        ({"at_seconds": 2, "note": ""}, "note"),
        ({"at_seconds": 2, "note": "x" * 501}, "note"),
        ({"at_seconds": 2, "note": "x", "speaker": "observer"}, "speaker"),
    ],
)
def test_a_moment_is_a_second_of_the_call_with_a_note(recorded, body, field):
    response = api(recorded.coach).post(url(recorded.session), body, format="json")
    assert response.status_code == 400
    assert field in str(response.json())


def test_a_moment_after_the_end_of_the_call_is_refused(recorded):
    duration = CallRecording.objects.get(session=recorded.session).duration_seconds
    response = api(recorded.coach).post(
        url(recorded.session), {"at_seconds": duration + 5, "note": "Later"}, format="json"
    )
    assert response.status_code == 400
    assert "from 0 to" in response.json()["detail"]


def test_not_before_the_role_play_has_ended(call, django_capture_on_commit_callbacks):
    record(call, django_capture_on_commit_callbacks, end=False)
    response = api(call.coach).post(
        url(call.session), {"at_seconds": 1, "note": "x"}, format="json"
    )
    assert response.status_code == 409
    assert "ended" in response.json()["detail"]


def test_a_live_role_play_without_a_call_has_no_lesson_example(call):
    response = api(call.coach).post(
        url(call.session), {"at_seconds": 1, "note": "x"}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["detail"]
