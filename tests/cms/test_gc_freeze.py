"""The server's startup objects are left out of garbage collections (ADR 0015)."""

import gc

from django.urls import get_resolver


def test_the_objects_startup_made_are_never_walked_by_a_collection():
    import cms.asgi  # noqa: F401  (the ASGI application, as uvicorn imports it)

    # Django, Wagtail and the URL map: far more than a test process makes itself.
    assert gc.get_freeze_count() > 100_000
    # The URL map was imported before the freeze, not left to the first request.
    patterns = get_resolver().url_patterns
    assert not any(pattern is obj for obj in gc.get_objects() for pattern in patterns[:1])
