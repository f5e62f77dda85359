"""The dashboard bench's organisation is built again only when what it wrote changes.

A tiny organisation in the test database: a second run reuses it, a migration of a
table the generator does not write keeps it, a new column in a table it writes
builds it again, and a change to the rollups' code computes only the rollups again.
"""

import pytest
from django.db import connection

from bench import dashboard
from tests.conftest import on_postgres

# On SQLite only (CI's first run): on PostgreSQL the generator's own flush, inside a
# transactional test, leaves rows that the next test's restored database collides with.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(300),
    pytest.mark.skipif(on_postgres(), reason="run on SQLite, in CI's first run"),
]

TINY = {"teams": 1, "team_size": 3, "per_learner": 2}


def _alter(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.fixture
def no_marker_left():
    yield
    _alter('DROP TABLE IF EXISTS "bench_marker"')
    # The generator flushed the database with post_migrate, which made its rows again
    # under ids of its own; flush those (no post_migrate) so that the test's own
    # teardown leaves the database the next test expects.
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)


def test_the_organisation_is_rebuilt_only_for_what_it_depends_on(monkeypatch, no_marker_left):
    from progress.models import LevelRollup, Statement

    assert dashboard.prepare_data(TINY) == "built"
    assert Statement.objects.count() == 3 * 2
    assert dashboard.prepare_data(TINY) == "reused"
    assert dashboard.prepare_data({**TINY, "per_learner": 3}) == "built"  # another spec
    assert dashboard.prepare_data(TINY) == "built"

    _alter('ALTER TABLE "wagtailcore_site" ADD COLUMN "bench_probe" integer NULL')
    try:
        assert dashboard.prepare_data(TINY) == "reused"  # a table it never writes
    finally:
        _alter('ALTER TABLE "wagtailcore_site" DROP COLUMN "bench_probe"')

    monkeypatch.setattr(dashboard, "_rollup_version", lambda: "another rollup code")
    LevelRollup.objects.all().delete()
    assert dashboard.prepare_data(TINY) == "rollups"
    assert LevelRollup.objects.exists()  # computed again from the kept records
    assert dashboard.prepare_data(TINY) == "reused"
    monkeypatch.undo()

    _alter('ALTER TABLE "progress_statement" ADD COLUMN "bench_probe" integer NULL')
    try:
        assert dashboard.prepare_data(TINY) == "built"  # a table it writes
    finally:
        _alter('ALTER TABLE "progress_statement" DROP COLUMN "bench_probe"')
