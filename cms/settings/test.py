"""Settings for the test suite: fast hashing, local caches, no outgoing mail."""

import os
import tempfile
import uuid

# The suite runs the laptop configuration (the base settings default to production);
# server processes started by a test inherit it. tests/cms/test_settings.py checks
# the production defaults in subprocesses of its own.
os.environ.setdefault("DEBUG", "true")

# Channel-layer names are per test run, so that two runs sharing one Redis never
# hear each other's sessions; server processes started by a test inherit the value.
# Each xdist worker has its own test database (and so its own session ids): it
# needs its own channel names too.
os.environ.setdefault("CHANNELS_PREFIX", f"kohtaamo-test-{uuid.uuid4().hex[:8]}")
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker and not os.environ["CHANNELS_PREFIX"].endswith(_worker):
    os.environ["CHANNELS_PREFIX"] += f"-{_worker}"
# Uploads made by tests (demo audio, images) go to a temporary folder, shared with
# the server processes a test starts.
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="kohtaamo-test-media-"))
os.environ.setdefault("PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="kohtaamo-test-private-"))
# The scripted customer of solo practice types quickly in tests.
os.environ.setdefault("ROLEPLAY_TYPING_MIN", "0.05")
os.environ.setdefault("ROLEPLAY_TYPING_PER_CHAR", "0.0005")
os.environ.setdefault("ROLEPLAY_TYPING_MAX", "0.2")

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# No test searches; keeping the index current cost a third of every demo seeding.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
}
# Throttling is tested on its own (tests/people/test_login_throttling.py); elsewhere
# it would get in the way of Django's test client, which logs in without a request.
# A server process started by a throttling test turns it back on.
AXES_ENABLED = os.environ.get("KOHTAAMO_TEST_LOGIN_THROTTLING") == "on"

# A file, not memory, so that real server processes started by the end-to-end
# tests see the same test database as the test itself; one per test process, so
# that two runs on one machine never share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")  # noqa: F405
    }

# Kohtaamo's background tasks run at once, inside the test (on commit, as in
# production); tests/progress/test_tasks_worker.py runs the database queue and a
# real `db_worker` instead.
TASKS["worker"] = {  # noqa: F405
    "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    "QUEUES": ["default"],
}
