"""Forwarding to an external LRS through the outbox: nothing is lost while it is down."""

import io
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from progress import lrs, verbs
from progress.models import LrsOutboxEntry
from tests.progress.xapi_rules import problems

pytestmark = pytest.mark.django_db


class FakeLrs:
    """An LRS on 127.0.0.1 that answers 503 while ``down`` and stores what it accepts.

    Like a real one (and Ralph) it answers 409 to a whole batch, storing none of it,
    when a statement id in it is held with different content, and answers
    ``GET ?statementId=`` from what it holds.
    """

    def __init__(self):
        self.down = True
        self.received: list[dict] = []
        self.stored: dict[str, dict] = {}
        self.bodies: list[bytes] = []
        self.refuse: set[str] = set()
        self.headers: list = []
        lrs_state = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self, status, payload=b""):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                lrs_state.bodies.append(body)
                if lrs_state.down:
                    return self.answer(503, b"maintenance")
                lrs_state.headers.append(self.headers)  # case-insensitive
                statements = json.loads(body)
                if any(
                    lrs_state.stored.get(s["id"], s) != s or s["id"] in lrs_state.refuse
                    for s in statements
                ):
                    return self.answer(409, b"differing statement with the same id")
                new = [s for s in statements if s["id"] not in lrs_state.stored]
                lrs_state.received.extend(new)
                lrs_state.stored.update({s["id"]: s for s in new})
                self.answer(200, json.dumps([s["id"] for s in statements]).encode())

            def do_GET(self):
                query = parse_qs(urlparse(self.path).query)
                found = lrs_state.stored.get(query.get("statementId", [""])[0])
                if found is None:
                    return self.answer(404, b"{}")
                self.answer(200, json.dumps(found).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/xapi"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_lrs(settings):
    server = FakeLrs()
    settings.LRS_ENDPOINT = server.url
    settings.LRS_USERNAME, settings.LRS_PASSWORD = "kohtaamo", "secret"
    yield server
    server.close()


@pytest.fixture
def learner(make_member, team):
    return make_member(team, "learner")


def completed_lesson(record, learner, key="k1"):
    return record(actor=learner, verb=verbs.COMPLETED, object_type="lesson", object_id=key,
                  result={"completion": True})  # fmt: skip


def test_no_outbox_entry_is_written_without_an_lrs(record, learner, settings):
    settings.LRS_ENDPOINT = ""
    completed_lesson(record, learner)
    assert not LrsOutboxEntry.objects.exists()


def test_a_statement_is_forwarded_after_commit_when_the_lrs_is_up(record, learner, fake_lrs):
    fake_lrs.down = False
    statement = completed_lesson(record, learner)
    assert [s["id"] for s in fake_lrs.received] == [str(statement.pk)]
    assert problems(fake_lrs.received[0]) == []
    assert fake_lrs.headers[0]["X-Experience-API-Version"] == "1.0.3"
    assert fake_lrs.headers[0]["Authorization"].startswith("Basic ")
    assert LrsOutboxEntry.objects.get().sent_at is not None


def test_the_outbox_keeps_statements_while_the_lrs_is_down_and_sends_them_later(
    record, learner, fake_lrs
):
    first = completed_lesson(record, learner, "k1")
    entry = LrsOutboxEntry.objects.get(statement=first)
    assert (entry.sent_at, entry.attempts) == (None, 1)
    assert "503" in entry.last_error
    second = completed_lesson(record, learner, "k2")  # waits: the LRS failed recently
    assert LrsOutboxEntry.objects.get(statement=second).attempts == 0
    fake_lrs.down = False
    call_command("lrs_outbox", "--retry", "--all", stdout=io.StringIO())
    assert {s["id"] for s in fake_lrs.received} == {str(first.pk), str(second.pk)}
    assert not LrsOutboxEntry.objects.filter(sent_at__isnull=True).exists()


def test_a_refused_connection_is_retried_later(record, learner, settings):
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xapi"  # nothing listens on the discard port
    completed_lesson(record, learner)
    entry = LrsOutboxEntry.objects.get()
    assert entry.attempts == 1 and entry.next_attempt_at > timezone.now()


def test_retry_without_all_waits_for_the_backoff(record, learner, fake_lrs):
    completed_lesson(record, learner)
    fake_lrs.down = False
    assert lrs.deliver() == {"sent": 0, "failed": 0}
    LrsOutboxEntry.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert lrs.deliver() == {"sent": 1, "failed": 0}


def test_backoff_doubles_up_to_an_hour():
    assert [lrs.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert lrs.backoff(20) == timedelta(hours=1)


def test_the_command_shows_the_queue(record, learner, fake_lrs, capsys):
    completed_lesson(record, learner)
    call_command("lrs_outbox")
    output = capsys.readouterr().out
    assert "pending" in output and "503" in output


def test_a_409_on_a_batch_still_stores_its_new_statements(record, learner, fake_lrs):
    held = completed_lesson(record, learner, "k1")  # LRS down: queued
    fresh = completed_lesson(record, learner, "k2")
    # The LRS already holds k1's id with other content (sent by an older version).
    fake_lrs.stored[str(held.pk)] = {"id": str(held.pk), "verb": {"id": "other"}}
    fake_lrs.down = False
    result = lrs.deliver(force=True)
    assert result == {"sent": 2, "failed": 0}
    assert str(fresh.pk) in fake_lrs.stored  # before: marked sent, never stored
    assert not LrsOutboxEntry.objects.filter(sent_at__isnull=True).exists()


def test_a_statement_the_lrs_refuses_and_does_not_hold_stays_queued_with_its_error(
    record, learner, fake_lrs
):
    refused = completed_lesson(record, learner, "k1")
    fresh = completed_lesson(record, learner, "k2")
    fake_lrs.down = False
    fake_lrs.refuse.add(str(refused.pk))  # 409 for it, yet it holds nothing under the id
    assert lrs.deliver(force=True) == {"sent": 1, "failed": 1}
    entry = LrsOutboxEntry.objects.get(statement=refused)
    assert entry.sent_at is None and "409" in entry.last_error and entry.attempts == 2
    assert LrsOutboxEntry.objects.get(statement=fresh).sent_at is not None


def test_a_resent_statement_is_byte_identical_to_the_first_send(record, learner, fake_lrs):
    completed_lesson(record, learner, "k1")  # first try: 503
    learner.first_name = "Renamed"
    learner.save()
    fake_lrs.down = False
    lrs.deliver(force=True)
    first, resend = fake_lrs.bodies
    assert first == resend
    assert b"Renamed" not in resend


def test_retry_exits_non_zero_when_a_delivery_failed(record, learner, fake_lrs):
    completed_lesson(record, learner)
    with pytest.raises(CommandError, match="1 statements could not be delivered"):
        call_command("lrs_outbox", "--retry", "--all", stdout=io.StringIO())
    fake_lrs.down = False
    call_command("lrs_outbox", "--retry", "--all", stdout=io.StringIO())  # all sent: exit 0
