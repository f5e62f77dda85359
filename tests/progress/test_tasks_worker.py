"""Background work on the real queue: the database tasks backend and ``db_worker``.

The rest of the suite runs tasks at once (cms/settings/test.py); here statements are
queued in the database by a request-like commit, and a real ``manage.py db_worker``
process, against the same test database, forwards them to an LRS on 127.0.0.1.
"""

import pytest
from django_tasks_db.models import DBTaskResult

from progress import verbs
from progress.models import LrsOutboxEntry
from progress.services import record_statement
from tests.progress.test_lrs_outbox import FakeLrs
from tests.servers import DB_TASKS_BACKEND, run_db_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(settings):
    settings.TASKS = {
        **settings.TASKS,
        "worker": {"BACKEND": DB_TASKS_BACKEND, "QUEUES": ["default"]},
    }


def test_the_worker_forwards_statements_that_a_commit_queued(queue, settings, make_member, team):
    lrs = FakeLrs()
    lrs.down = False
    settings.LRS_ENDPOINT = lrs.url
    try:
        learner = make_member(team, "learner")
        statement = record_statement(
            actor=learner, verb=verbs.COMPLETED, object_type="lesson", object_id="k1",
            result={"completion": True},
        )  # fmt: skip
        # Committed (no test transaction here): the task waits in the queue, nothing
        # was sent on the "request" thread.
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        assert lrs.received == []
        worker = run_db_worker(LRS_ENDPOINT=lrs.url)
        assert worker.returncode == 0, worker.stderr[-2000:]
        assert [s["id"] for s in lrs.received] == [str(statement.pk)]
        assert LrsOutboxEntry.objects.get().sent_at is not None
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    finally:
        lrs.close()


def test_a_failed_forward_queues_its_retry_for_later(queue, settings, make_member, team):
    lrs = FakeLrs()  # answers 503
    settings.LRS_ENDPOINT = lrs.url
    try:
        learner = make_member(team, "learner")
        record_statement(actor=learner, verb=verbs.COMPLETED, object_type="lesson",
                         object_id="k1", result={"completion": True})  # fmt: skip
        worker = run_db_worker(LRS_ENDPOINT=lrs.url)
        assert worker.returncode == 0, worker.stderr[-2000:]
        entry = LrsOutboxEntry.objects.get()
        assert entry.sent_at is None and entry.attempts == 1
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.run_after is not None and retry.run_after >= entry.next_attempt_at
        assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    finally:
        lrs.close()


def test_a_mail_server_that_is_down_neither_fails_the_request_nor_loses_the_invitation(
    queue, settings, make_member, team, caplog
):
    from rest_framework.test import APIClient

    from roleplay.live import services as live_services
    from roleplay.tasks import invitation_send
    from tests.roleplay.conftest import make_scenario
    from tests.servers import free_port

    # A real SMTP client against a port on 127.0.0.1 where nothing listens.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    coach = make_member(team, "coach")
    learner = make_member(team, "learner")
    session = live_services.session_create(scenario=make_scenario(), team=team, coach=coach)
    client = APIClient()
    client.force_authenticate(coach)
    response = client.post(
        f"/api/roleplay/sessions/{session.pk}/participants/",
        {"user": learner.pk, "role": "agent"},
        format="json",
    )
    assert response.status_code == 201, response.content[:300]
    [queued] = DBTaskResult.objects.filter(task_path__endswith="invitation_send")
    # What the worker does with it: the send fails, is logged, and a retry is queued.
    assert invitation_send.call(*queued.args_kwargs["args"]) is False
    assert "Could not send the role-play invitation" in caplog.text
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get(task_path__endswith="invitation_send")
    assert retry.args_kwargs == {"args": [queued.args_kwargs["args"][0]], "kwargs": {"attempt": 2}}
    assert retry.run_after > queued.enqueued_at


def test_a_reminder_the_mail_server_refuses_is_retried_by_the_worker(queue, settings, team):
    from progress.models import ReminderSent
    from progress.tasks import reminder_mail_send
    from tests.progress.test_reminders import member, overdue, run
    from tests.servers import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    overdue(member(team, "learner"), team)
    run(only="overdue")
    [queued] = DBTaskResult.objects.filter(task_path__endswith="reminder_mail_send")
    assert reminder_mail_send.call(**queued.args_kwargs["kwargs"]) is False
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2 and retry.run_after > queued.enqueued_at
    assert ReminderSent.objects.count() == 1  # still owed, not lost: the retry sends it
