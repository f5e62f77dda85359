"""Chunk uploads through a real server take the short stack (``cms.intake``) and answer
as the rest of the API does: the same sign-in and CSRF check, the person's language,
JSON errors and the security headers."""

import json
import time
import urllib.error
import urllib.request

import pytest

from cms.intake import is_chunk_upload
from tests.roleplay.conftest import make_room
from tests.servers import running_server, session_cookie

from .audio import split, webm_opus

pytestmark = pytest.mark.django_db(transaction=True)

PARTS = split(webm_opus(2, [(0, 1)]), [700, 1300])
CSRF = "k" * 32  # an unmasked CSRF secret: the cookie and the header carry the same


def put(server, user, session, participant_id, n, data, *, start=None, csrf=True):
    url = f"{server.http}/api/roleplay/sessions/{session.pk}/tracks/{participant_id}/chunks/{n}/"
    headers = {"Content-Type": "audio/webm", "Cookie": session_cookie(user)}
    if csrf:
        headers["Cookie"] += f"; csrftoken={CSRF}"
        headers["X-CSRFToken"] = CSRF
    if start is not None:
        headers["X-Segment-Start"] = str(start)
    request = urllib.request.Request(url, data=data, method="PUT", headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=20)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        headers = {name.lower(): value for name, value in response.headers.items()}
        return response.status, headers, json.loads(response.read())


def test_a_chunk_upload_answers_as_the_api_does():
    call = make_room()
    path = f"/api/roleplay/sessions/{call.session.pk}/tracks/{call.agent.pk}/chunks/0/"
    assert is_chunk_upload({"method": "PUT", "path": path})  # this goes the short way
    assert not is_chunk_upload({"method": "GET", "path": path})
    call.customer.language = "fi"
    call.customer.save(update_fields=["language"])
    with running_server() as server:
        status, headers, body = put(
            server,
            call.agent,
            call.session,
            call.agent.pk,
            0,
            PARTS[0],
            start=int(time.time() * 1000),
        )
        assert (status, body["n"], body["created"]) == (201, 0, True)
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["content-type"].startswith("application/json")
        assert put(server, call.agent, call.session, call.agent.pk, 1, PARTS[1])[0] == 201
        again = put(server, call.agent, call.session, call.agent.pk, 1, PARTS[1])
        assert (again[0], again[2]["created"]) == (200, False)
        # Without the CSRF token a signed-in browser's upload is refused.
        refused = put(server, call.agent, call.session, call.agent.pk, 2, PARTS[1], csrf=False)
        assert refused[0] == 403 and "CSRF" in refused[2]["detail"]
        # Someone else's track, in the uploader's own language.
        status, _headers, body = put(
            server, call.customer, call.session, call.agent.pk, 2, PARTS[1]
        )
        assert status == 403
        assert body["detail"] == "Vain osallistuja itse lähettää oman ääniraitansa."
        # Not audio, and no such session: JSON errors too.
        assert (
            put(server, call.agent, call.session, call.agent.pk, 5, b"plain text", start=1)[0]
            == 400
        )
        missing = put(server, call.agent, type(call.session)(pk=10**9), call.agent.pk, 0, PARTS[0])
        assert missing[0] == 404 and missing[2]["detail"]
        # An anonymous upload asks for a sign-in.
        anonymous = urllib.request.Request(
            f"{server.http}/api/roleplay/sessions/{call.session.pk}/tracks/{call.agent.pk}/chunks/3/",
            data=PARTS[1], method="PUT", headers={"Content-Type": "audio/webm"},
        )  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as anonymous_error:
            urllib.request.urlopen(anonymous, timeout=20)
        assert anonymous_error.value.code in (401, 403)
        assert json.loads(anonymous_error.value.read())["detail"]
