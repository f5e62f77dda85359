"""Shared fixtures and the rules for tests that need real services.

Tests marked ``postgres`` run only when the suite runs on PostgreSQL (the services
pass of CI); tests marked ``redis`` or ``browser`` skip on a laptop that lacks the
service, and fail under ``CI=true``, where the service must be there.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase

from tests.factories import MembershipFactory, TeamFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"

CHROMIUM = "/usr/bin/chromium"


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _restore_migration_data(item) -> None:
    """Give every transactional test a database that still has its migration data.

    A transactional test ends by emptying every table, including the rows that data
    migrations made (Wagtail's root page, locale and Editors group). Serialized
    rollback puts them back before each such test.
    """
    marker = item.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or (
        "transactional_db" in getattr(item, "fixturenames", ())
    )
    if transactional:
        kwargs = {**(marker.kwargs if marker else {}), "transaction": True}
        kwargs["serialized_rollback"] = True
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)


class _MigrationData:
    """Whether a transactional test may have emptied the tables since the last restore."""

    emptied = False


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Put the migration data back before a test in a transaction, if a transactional
    test emptied the tables before it in this process.

    pytest-django runs the transactional tests after the others, but xdist's work
    stealing can hand a worker that already ran some a test that comes earlier.
    """
    if _is_transactional(item):
        _MigrationData.emptied = True
        return
    in_a_transaction = item.get_closest_marker("django_db") or "db" in getattr(
        item, "fixturenames", ()
    )
    if not (_MigrationData.emptied and in_a_transaction):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
    _MigrationData.emptied = False


def pytest_collection_modifyitems(config, items):
    for item in items:
        _restore_migration_data(item)
    if on_postgres():
        return
    kept, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgres") else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def require(condition: bool, what: str) -> None:
    """Skip on a laptop without ``what``; fail under CI, where it must exist."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is not available")
    pytest.skip(f"{what} is not available here")


@pytest.fixture(autouse=True)
def _nothing_kept_from_another_test():
    """What a process keeps (``core.kept``) starts afresh in every test: a test's
    rollback undoes the rows it was built from without a signal."""
    from core.kept import Kept

    for kept in Kept.every:
        kept.clear()


@pytest.fixture(scope="session", autouse=True)
def _close_room_connection_at_the_end(django_db_setup):
    """The live room keeps one connection per process; let the test database go."""
    yield
    from roleplay.room.db import close_room_connection

    close_room_connection()


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        reachable = True
    except redis.RedisError:
        reachable = False
    require(reachable, f"Redis at {url}")
    return url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    require(shutil.which(CHROMIUM) is not None, "Debian's Chromium")
    return CHROMIUM


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    """Seed the demo once per module, in a transaction rolled back after the module.

    Not for modules with ``transactional_db`` tests; once seeded, the demo is there
    for the module's later tests too, asked for or not.

    Each test runs inside it in its own savepoint (pytest-django's ``db``), so a test
    sees the demo as seeded and its own changes are undone; seeding per test cost
    more than the tests themselves.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True), open(os.devnull, "w") as quiet:
                call_command("seed_demo", stdout=quiet)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_for_module, db):
    """The seeded demo (people, progress, course, role-play), with its on-commit work done."""


@pytest.fixture
def team(db):
    return TeamFactory()


@pytest.fixture
def make_member(db):
    """Create a user with ``role`` in ``team``: ``make_member(team, "coach")``."""

    def make(team, role, **user_fields):
        user = UserFactory(**user_fields)
        MembershipFactory(user=user, team=team, role=role)
        return user

    return make
