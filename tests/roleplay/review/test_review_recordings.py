"""Recordings for team review hold personal data: only the team's members reach them,
only audio we can play is accepted, and a coach deletes them with what was derived."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from roleplay.models import Recording, RolePlaySession
from roleplay.review import services as review_services
from tests.roleplay.clients import api
from tests.roleplay.practice import make_practice

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40


@pytest.fixture
def team(db):
    return make_practice()


def upload(user, team, content=WAV, name="call.wav", kind="audio"):
    return api(user).post(
        "/api/roleplay/recordings/",
        {
            "team": team.pk,
            "title": "A warm call",
            "kind": kind,
            "file": SimpleUploadedFile(name, content),
        },
        format="multipart",
    )


def test_a_coach_uploads_a_call_recording_sniffed_as_audio(team):
    response = upload(team.coach, team.team)
    assert response.status_code == 201
    assert response.json()["content_type"] == "audio/wav"


def test_a_file_that_only_claims_to_be_audio_is_refused(team):
    response = upload(team.coach, team.team, content=b"<html>not audio</html>", name="call.mp3")
    assert response.status_code == 400
    assert Recording.objects.count() == 0


@override_settings(ROLEPLAY_RECORDING_MAX_BYTES=32)
def test_a_recording_over_the_size_limit_is_refused(team):
    response = upload(team.coach, team.team)
    assert response.status_code == 400
    assert "too large" in response.json()["detail"]


def test_a_learner_cannot_upload(team):
    assert upload(team.learner, team.team).status_code == 403


def test_a_transcript_needs_no_audio(team):
    response = api(team.coach).post(
        "/api/roleplay/recordings/",
        {"team": team.team.pk, "title": "Chat", "kind": "chat", "transcript": "Customer: Hi"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["audio"] is None


def test_members_of_the_team_stream_the_audio_privately(team):
    recording_id = upload(team.coach, team.team).json()["id"]
    response = api(team.peer).get(f"/api/roleplay/recordings/{recording_id}/audio/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == WAV
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("header", "part"),
    [("bytes=4-11", slice(4, 12)), ("bytes=10-", slice(10, None)), ("bytes=-6", slice(-6, None))],
)
def test_a_player_seeks_with_a_range_and_gets_only_that_part(team, header, part):
    recording_id = upload(team.coach, team.team).json()["id"]
    response = api(team.peer).get(
        f"/api/roleplay/recordings/{recording_id}/audio/", HTTP_RANGE=header
    )
    assert response.status_code == 206
    body = b"".join(response.streaming_content)
    assert body == WAV[part]
    first = len(WAV) + part.start if part.start < 0 else part.start
    assert response["Content-Range"] == f"bytes {first}-{first + len(body) - 1}/{len(WAV)}"
    assert response["Content-Length"] == str(len(body))
    assert response["Cache-Control"] == "private, no-store"


def test_a_range_past_the_end_is_refused_with_the_size(team):
    recording_id = upload(team.coach, team.team).json()["id"]
    response = api(team.peer).get(
        f"/api/roleplay/recordings/{recording_id}/audio/", HTTP_RANGE=f"bytes={len(WAV)}-"
    )
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(WAV)}"


def test_several_ranges_get_the_whole_file(team):
    recording_id = upload(team.coach, team.team).json()["id"]
    response = api(team.peer).get(
        f"/api/roleplay/recordings/{recording_id}/audio/", HTTP_RANGE="bytes=0-1,4-5"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == WAV
    assert response["Accept-Ranges"] == "bytes"


def test_an_outsider_gets_no_part_of_the_audio_either(team):
    recording_id = upload(team.coach, team.team).json()["id"]
    response = api(team.outsider).get(
        f"/api/roleplay/recordings/{recording_id}/audio/", HTTP_RANGE="bytes=0-3"
    )
    assert response.status_code == 404


def test_anyone_outside_the_team_finds_no_recording(team):
    recording_id = upload(team.coach, team.team).json()["id"]
    for path in ("", "audio/"):
        response = api(team.outsider).get(f"/api/roleplay/recordings/{recording_id}/{path}")
        assert response.status_code == 404


def test_the_file_is_not_under_the_public_media_folder(team, settings):
    recording = Recording.objects.get(pk=upload(team.coach, team.team).json()["id"])
    assert not recording.file.path.startswith(str(settings.MEDIA_ROOT))


def test_a_coach_deletes_a_recording_with_its_reviews_and_file(
    team, django_capture_on_commit_callbacks
):
    recording = Recording.objects.get(pk=upload(team.coach, team.team).json()["id"])
    review_services.review_create(recording=recording, rubric=None, coach=team.coach)
    storage, name = recording.file.storage, recording.file.name
    assert api(team.learner).delete(f"/api/roleplay/recordings/{recording.pk}/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = api(team.coach).delete(f"/api/roleplay/recordings/{recording.pk}/")
    assert response.status_code == 204
    assert not RolePlaySession.objects.filter(kind="review").exists()
    assert not storage.exists(name)
