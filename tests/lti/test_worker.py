"""Grade passback on the real queue: the database tasks backend and ``db_worker``.

Kohtaamo's server queues the score when the learner completes the lesson; a real
``manage.py db_worker`` process posts it to the LMS, and queues its own retry when the
LMS is down.
"""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lti.models import ScoreOutbox
from tests.courses.tree import build_course
from tests.lti.test_launch import deep_link
from tests.servers import DB_TASKS_BACKEND, run_db_worker, running_server

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def tool(transactional_db):
    with running_server(extra_env={"TASKS_BACKEND": DB_TASKS_BACKEND}) as server:
        yield server


def test_the_worker_posts_the_score_a_completion_queued_and_retries_a_down_lms(
    registered, lms, home, teacher, student, browser, another_browser
):
    course, _modules, lessons = build_course(home, [("what", 1, False)])
    lesson = lessons[0][0]
    link_id = deep_link(browser, lms, teacher, f"lesson:{lesson.translation_key}")
    assert another_browser.launch(lms, student, link_id).status_code == 200

    lms.down = True
    assert another_browser.api_post(f"/api/lessons/{lesson.pk}/complete/").status_code == 201
    # Queued, not posted on the learner's request.
    assert DBTaskResult.objects.filter(task_path__endswith="score_post").count() == 1
    assert lms.scores == []

    worker = run_db_worker()
    assert worker.returncode == 0, worker.stderr[-2000:]
    entry = ScoreOutbox.objects.get()
    assert (entry.attempts, entry.delivered_at) == (1, None)
    retry = DBTaskResult.objects.filter(task_path__endswith="score_post", status="READY").get()
    assert retry.run_after > timezone.now()

    lms.down = False
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # the backoff passed
    worker = run_db_worker()
    assert worker.returncode == 0, worker.stderr[-2000:]
    entry.refresh_from_db()
    assert entry.delivered_at is not None
    assert [(s["userId"], s["scoreGiven"]) for s in lms.scores] == [(student.sub, 100)]
