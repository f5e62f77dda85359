"""The outbox against a real LRS: Ralph (PyPI ``ralph-malph``) on 127.0.0.1.

How Ralph is started here: ``python -m tests.progress.ralph_server PORT`` in a
subprocess (uvicorn serving ``ralph.api:app``) with the filesystem backend
(``RALPH_RUNSERVER_BACKEND=fs``) writing into this test's temporary directory, one
basic-auth user in an ``auth.json`` made here, and the backend told to append
(``tests/progress/ralph_server.py`` says why). On a laptop without Ralph the test
skips; under ``CI=true`` it fails.
"""

import importlib.util
import io
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from progress import verbs
from progress.models import LrsOutboxEntry
from tests.conftest import require
from tests.servers import free_port

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "kohtaamo", "lrs-test-pass"


def _heartbeat(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/__heartbeat__", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def ralph(tmp_path, settings):
    require(importlib.util.find_spec("ralph") is not None, "Ralph (pip install ralph-malph)")
    import bcrypt

    auth = tmp_path / "auth.json"
    auth.write_text(
        json.dumps(
            [
                {
                    "agent": {"account": {"homePage": "http://127.0.0.1", "name": USER}},
                    "scopes": ["all"],
                    "hash": bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode(),
                    "username": USER,
                }
            ]
        )
    )
    port = free_port()
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(tmp_path),
        "RALPH_AUTH_FILE": str(auth),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(tmp_path),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.progress.ralph_server", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "ralph.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not _heartbeat(base) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    try:
        require(
            _heartbeat(base), f"Ralph on {base} ({(tmp_path / 'ralph.log').read_text()[-500:]})"
        )
        settings.LRS_ENDPOINT = base + "/xAPI"
        settings.LRS_USERNAME, settings.LRS_PASSWORD = USER, PASSWORD
        yield tmp_path / "fs_lrs.jsonl"
    finally:
        process.terminate()
        process.wait(timeout=10)


def stored_ids(lrs_file: Path) -> list[str]:
    if not lrs_file.exists():
        return []
    return [json.loads(line)["id"] for line in lrs_file.read_text().splitlines() if line]


def lessons(record, learner, keys):
    return [
        record(
            actor=learner,
            verb=verbs.COMPLETED,
            object_type="lesson",
            object_id=key,
            result={"completion": True},
        )  # fmt: skip
        for key in keys
    ]


def test_ralph_stores_every_statement_once_through_an_outage_a_retry_and_a_409(
    ralph, record, make_member, team, settings
):
    learner = make_member(team, "learner")
    endpoint = settings.LRS_ENDPOINT
    settings.LRS_ENDPOINT = f"http://127.0.0.1:{free_port()}/xAPI"  # down: nothing listens
    first = lessons(record, learner, [f"k{n}" for n in range(5)])
    assert LrsOutboxEntry.objects.filter(sent_at__isnull=True).count() == 5
    settings.LRS_ENDPOINT = endpoint
    call_command("lrs_outbox", "--retry", "--all", stdout=io.StringIO())
    assert sorted(stored_ids(ralph)) == sorted(str(s.pk) for s in first)

    # A retry after a crash that lost the "sent" marks, plus new statements, plus one
    # whose text differs from what Ralph holds (as an entry frozen before this change
    # would): Ralph answers the batch 409, and each statement is settled on its own.
    LrsOutboxEntry.objects.update(sent_at=None)
    changed = LrsOutboxEntry.objects.get(statement=first[0])
    older = json.loads(changed.payload)
    older["actor"]["name"] = "A name since changed"
    changed.payload = json.dumps(older)
    changed.save()
    more = lessons(record, learner, [f"later{n}" for n in range(3)])
    call_command("lrs_outbox", "--retry", "--all", stdout=io.StringIO())

    ids = stored_ids(ralph)
    assert len(ids) == len(set(ids)) == 8, "nothing doubled"
    assert set(ids) == {str(s.pk) for s in first + more}
    assert LrsOutboxEntry.objects.filter(sent_at__isnull=False).count() == len(ids)
