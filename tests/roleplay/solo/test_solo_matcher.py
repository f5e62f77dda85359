"""The intent matcher hears attitude behaviours in free-text replies, in Finnish and
English, whatever the inflection; the chat-model matcher falls back to it."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from roleplay.solo.matchers import ChatModelMatcher, KeywordMatcher
from tests.servers import free_port

match = KeywordMatcher().match


@pytest.mark.parametrize(
    "text",
    [
        "Pahoittelen tilannetta.",
        "Pahoittelemme virhettä.",
        "Pahoittelut viivästyksestä!",
        "Olen todella pahoillani.",
        "I'm so sorry about that.",
        "We apologise for the delay.",
    ],
)
def test_apologies_in_any_form_are_heard(text):
    assert "apology" in match(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ymmärrän hyvin.",
        "Ymmärrämme, että tämä harmittaa.",
        "Tilanne on ymmärrettävästi turhauttava.",
        "Kuulostaa todella raskaalta.",
        "I understand how frustrating this is.",
        "That must be stressful.",
    ],
)
def test_acknowledging_the_feeling_is_heard(text):
    assert "acknowledge" in match(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mitä laskua maksu koskee?",
        "Muistatteko, milloin lasku tuli?",
        "Onko kirje edessänne?",
        "Could you tell me which invoice it is?",
        "When did it stop working?",
    ],
)
def test_a_clarifying_question_is_heard(text):
    assert "clarify" in match(text)


def test_a_question_word_without_a_question_is_not_a_clarifying_question():
    assert "clarify" not in match("Kerron mitä teen seuraavaksi. I'll tell you what happens.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Minä hoidan tämän: poistan maksun ja lähetän vahvistuksen tänään.",
            {"ownership", "next_step"},
        ),
        ("Hoidamme asian, soitamme teille huomenna.", {"next_step"}),
        ("Leave it with me: I'll call you back by tomorrow.", {"ownership", "next_step"}),
        ("Lisäksi saat kahvilipun kiitokseksi.", {"extra"}),
        ("And as a small thank you, the delivery is on the house.", {"extra"}),
    ],
)
def test_ownership_next_steps_and_the_small_extra_are_heard(text, expected):
    assert expected <= set(match(text))


def test_a_cold_rule_shows_no_attitude_behaviour():
    assert match("Maksu on ehtojen mukainen.") == []
    assert match("The fee is in line with our terms.") == []


class FailingEndpoint(BaseHTTPRequestHandler):
    def do_POST(self):
        self.send_response(500)
        self.end_headers()
        self.wfile.write(b"model overloaded")

    def log_message(self, *args):
        pass


class AnsweringEndpoint(FailingEndpoint):
    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.asked = json.loads(self.rfile.read(length))
        body = json.dumps({"choices": [{"message": {"content": '["extra"]'}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def endpoint(request):
    server = HTTPServer(("127.0.0.1", 0), request.param)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("endpoint", [FailingEndpoint], indirect=True)
def test_a_failing_model_endpoint_falls_back_to_the_keywords(endpoint):
    url = f"http://127.0.0.1:{endpoint.server_port}/v1"
    heard = ChatModelMatcher(url, model="stub", timeout=2).match("Pahoittelemme, hoidan tämän.")
    assert heard == ["apology", "ownership"]


def test_an_unreachable_model_endpoint_falls_back_to_the_keywords():
    url = f"http://127.0.0.1:{free_port()}/v1"
    assert ChatModelMatcher(url, model="stub", timeout=1).match("I'm sorry.") == ["apology"]


@pytest.mark.parametrize("endpoint", [AnsweringEndpoint], indirect=True)
def test_a_working_model_endpoint_decides(endpoint):
    url = f"http://127.0.0.1:{endpoint.server_port}/v1"
    heard = ChatModelMatcher(url, model="stub", timeout=2).match("I'm sorry.", context="Hello")
    assert heard == ["extra"]
    assert endpoint.asked["model"] == "stub"
