"""The migration that moves call chunks' bytes out of the database: each chunk stored
as a row's bytes before it is a file in the private storage after it, byte for byte,
with its metadata unchanged; migrating back puts the bytes in the rows again."""

import hashlib
from datetime import UTC, datetime

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.roleplay.conftest import make_room

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("roleplay", "0008_call_end_grace")]
AFTER = [("roleplay", "0009_call_chunk_files")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_chunk_bytes_move_to_the_private_storage_and_back():
    call = make_room()
    body = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 8
    try:
        old = migrate(BEFORE)
        recording = old.get_model("roleplay", "CallRecording").objects.create(
            session_id=call.session.pk
        )
        track = old.get_model("roleplay", "CallTrack").objects.create(
            recording=recording, user_id=call.agent.pk, role="agent"
        )
        old.get_model("roleplay", "CallChunk").objects.create(
            track=track,
            n=0,
            segment_start_ms=1764632400000,
            content_type="audio/webm",
            digest=hashlib.sha256(body).hexdigest(),
            size=len(body),
            data=body,
            received_at=datetime(2026, 12, 2, tzinfo=UTC),
        )

        new = migrate(AFTER)
        chunk = new.get_model("roleplay", "CallChunk").objects.get()
        assert chunk.file.name.startswith(f"calls/recording-{recording.pk}/track-{track.pk}/")
        assert chunk.file.name.endswith(".webm")
        with storages["private"].open(chunk.file.name, "rb") as source:
            assert source.read() == body
        assert (chunk.n, chunk.size, chunk.digest) == (
            0,
            len(body),
            hashlib.sha256(body).hexdigest(),
        )
        name = chunk.file.name

        back = migrate(BEFORE)
        assert bytes(back.get_model("roleplay", "CallChunk").objects.get().data) == body
        storages["private"].delete(name)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
