"""Call recordings are personal data: the export lists them with the person's own
chunks, erasure deletes every call their voice is in, and old ones are purged."""

import time
from datetime import timedelta

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cms.privacy import personal_data_erase, personal_data_export
from roleplay.callrecording.services import call_recording_finish
from roleplay.models import CallChunk, CallRecording, CallTrack, Recording

from .audio import webm_opus
from .conftest import api, complete, put_chunk


def recorded(call, capture, *speakers) -> CallRecording:
    start = int(time.time() * 1000)
    for who in speakers:
        user = getattr(call, who)
        assert (
            put_chunk(
                user, call.session, user.pk, 0, webm_opus(1, [(0, 1)]), start=start
            ).status_code
            == 201
        )
        assert complete(user, call.session).status_code == 200
    with capture(execute=True):
        call_recording_finish(call.session)
    return CallRecording.objects.get(session=call.session)


def test_the_export_lists_the_calls_with_the_persons_own_chunks(
    call, django_capture_on_commit_callbacks
):
    recording = recorded(call, django_capture_on_commit_callbacks, "agent", "customer")
    data = personal_data_export(call.agent)["call_recordings"]
    assert len(data) == 1
    assert data[0]["session"] == call.session.pk
    assert data[0]["role"] == "agent"
    assert data[0]["state"] == "ready"
    assert data[0]["merged_file"] == recording.file.name
    assert [chunk["n"] for chunk in data[0]["chunks"]] == [0]
    assert data[0]["chunks"][0]["file"] == CallChunk.objects.get(track__user=call.agent).file.name
    assert personal_data_export(call.observer)["call_recordings"] == []


def test_erasure_deletes_every_call_the_persons_voice_is_in(
    call, django_capture_on_commit_callbacks
):
    recording = recorded(call, django_capture_on_commit_callbacks, "agent", "customer")
    api(call.coach).post(f"/api/roleplay/sessions/{call.session.pk}/recording/review/")
    assert Recording.objects.count() == 1
    storage, name = recording.file.storage, recording.file.name
    chunk_files = [chunk.file.name for chunk in CallChunk.objects.all()]
    assert len(chunk_files) == 2 and all(storage.exists(f) for f in chunk_files)
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_erase(call.customer)
    assert not CallRecording.objects.exists()
    assert not CallTrack.objects.exists() and not CallChunk.objects.exists()
    assert not Recording.objects.exists()  # the team review copy went with it
    assert not storage.exists(name)
    assert not any(storage.exists(f) for f in chunk_files)  # both voices' chunks


def test_an_observer_erased_leaves_the_call(call, django_capture_on_commit_callbacks):
    recorded(call, django_capture_on_commit_callbacks, "agent")
    personal_data_erase(call.observer)
    assert CallRecording.objects.count() == 1


@override_settings(ROLEPLAY_RECORDING_RETENTION_DAYS=30)
def test_the_purge_deletes_recordings_older_than_the_retention(
    call, django_capture_on_commit_callbacks
):
    recording = recorded(call, django_capture_on_commit_callbacks, "agent")
    storage, name = recording.file.storage, recording.file.name
    chunk_file = CallChunk.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_call_recordings")
    assert CallRecording.objects.count() == 1
    CallRecording.objects.update(created_at=timezone.now() - timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_call_recordings")
    assert not CallRecording.objects.exists() and not CallChunk.objects.exists()
    assert not storage.exists(name) and not storage.exists(chunk_file)


def test_deleting_the_session_deletes_its_chunks_files(call, django_capture_on_commit_callbacks):
    recorded(call, django_capture_on_commit_callbacks, "agent")
    chunk = CallChunk.objects.get()
    storage, name = chunk.file.storage, chunk.file.name
    with django_capture_on_commit_callbacks(execute=True):
        call.session.delete()
    assert not CallChunk.objects.exists()
    assert not storage.exists(name)
