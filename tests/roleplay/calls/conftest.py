"""A live role-play with its people (tests.roleplay.conftest.make_room) and a client
that uploads chunks as a browser's recorder does."""

import pytest

from tests.roleplay.clients import api
from tests.roleplay.conftest import make_room


@pytest.fixture
def call(db):
    return make_room()


def put_chunk(user, session, participant_id, n, data, *, start=None, content_type="audio/webm"):
    headers = {} if start is None else {"HTTP_X_SEGMENT_START": str(start)}
    return api(user).put(
        f"/api/roleplay/sessions/{session.pk}/tracks/{participant_id}/chunks/{n}/",
        data=data,
        content_type=content_type,
        **headers,
    )


def track(user, session, participant_id):
    return api(user).get(f"/api/roleplay/sessions/{session.pk}/tracks/{participant_id}/")


def complete(user, session, participant_id=None):
    """The browser says its track is complete (its recorder stopped, all uploaded)."""
    participant_id = user.pk if participant_id is None else participant_id
    return api(user).post(f"/api/roleplay/sessions/{session.pk}/tracks/{participant_id}/complete/")
