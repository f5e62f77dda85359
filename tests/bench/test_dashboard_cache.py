"""The dashboard bench's organisation is built again only when what it wrote changes.

A tiny organisation in the test database: a second run reuses it, a migration of a
table the generator does not write keeps it, a new column in a table it writes
builds it again, and a change to the rollups' code computes only the rollups again.
"""

import pytest
from django.db import connection

from bench import dashboard

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(300)]

TINY = {"teams": 1, "team_size": 3, "per_learner": 2}


def _alter(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.fixture
def no_marker_left():
    """Leave the database and the content-type cache as the next test expects.

    The generator flushes with ``post_migrate``, which makes the content types again
    under new ids and caches those. The next transactional test restores the
    migration data, and a signal handler asking for a content type on the way would
    insert one beside the restored rows: so the cache gets the original ids back."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    originals = list(ContentType.objects.all())
    yield
    _alter('DROP TABLE IF EXISTS "bench_marker"')
    call_command(
        "flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False
    )
    ContentType.objects.clear_cache()
    for content_type in originals:
        ContentType.objects._add_to_cache(connection.alias, content_type)


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
