"""Solo practice against a real uvicorn process over a real WebSocket: the learner
writes free text, the scripted customer answers until the script ends, and the debrief
is there. The server is told to ask a chat model that is down, so every reply is
heard by the keyword fallback."""

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from channels.db import database_sync_to_async

from tests.roleplay.clients import connect_real
from tests.roleplay.practice import make_practice
from tests.servers import running_server, session_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class ModelDown(BaseHTTPRequestHandler):
    def do_POST(self):
        self.server.calls += 1
        self.send_response(503)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def model_down():
    stub = HTTPServer(("127.0.0.1", 0), ModelDown)
    stub.calls = 0
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    yield stub
    stub.shutdown()
    stub.server_close()


@pytest.fixture
def server(transactional_db, model_down):
    env = {"KOHTAAMO_LLM_URL": f"http://127.0.0.1:{model_down.server_port}/v1"}
    with running_server(extra_env=env) as server:
        yield server


async def test_a_learner_practises_alone_to_the_end_over_a_real_websocket(server, model_down):
    practice = await database_sync_to_async(make_practice)()
    cookie = await database_sync_to_async(session_cookie)(practice.learner)
    learner = await connect_real(server, practice.session.pk, cookie=cookie)
    assert (learner.welcome["role"], learner.welcome["state"]) == ("agent", "live")

    await learner.until(lambda f: f["type"] == "typing" and f["role"] == "customer")
    await learner.event("say", role="customer", node="start")
    await learner.send(
        {"type": "say", "text": "Ymmärrän, että tämä harmittaa. Mitä laskua se koskee?"}
    )
    mother = await learner.event("say", role="customer", node="mother")
    assert mother["heard"]["intents"] == ["acknowledge", "clarify"]
    await learner.send({"type": "say", "text": "Minä hoidan tämän ja poistan maksun tänään."})
    await learner.event("say", role="customer", node="thanks")
    await learner.event("control", action="end")
    await learner.close()

    request = urllib.request.Request(
        f"{server.http}/api/roleplay/sessions/{practice.session.pk}/debrief/",
        headers={"Cookie": cookie},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        debrief = json.load(response)
    assert [i["intent"] for i in debrief["missed"]] == []
    assert model_down.calls == 2
