"""Values a process builds once and keeps until what they were built from changes.

A token in the shared cache names the current generation of the values. Whoever
changes their source calls ``forget``, which replaces the token, so that every process
builds them again on its next read; within a process they are kept by (token, key).
A kept value is never changed after it was built: readers share it.
"""

import uuid

from django.core.cache import cache
from django.db import transaction


class Kept:
    every: list["Kept"] = []  # for tests, whose rollbacks undo rows without a signal

    def __init__(self, token_key: str, size: int = 512):
        self.token_key = token_key
        self.size = size
        self._values: dict = {}
        Kept.every.append(self)

    def token(self) -> str:
        """The current generation (one cache read; pass it on to read several values)."""
        token = cache.get(self.token_key)
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(self.token_key, token, timeout=None):
                token = cache.get(self.token_key) or token
        return token

    def peek(self, key: tuple, token: str | None = None):
        """The value kept for ``key``, or None."""
        return self._values.get((token or self.token(), *key))

    def get(self, key: tuple, build, token: str | None = None):
        """The value kept for ``key``, built by ``build()`` when there is none."""
        token = token or self.token()
        found = self._values.get((token, *key))
        if found is None:
            found = build()
            if len(self._values) >= self.size:
                self._values.clear()
            self._values[(token, *key)] = found
        return found

    def forget(self, **_signal_kwargs) -> None:
        """The source changed: every process builds its values again, now and once the
        change commits (a value read in between would keep what a rollback undoes)."""
        self.clear()
        transaction.on_commit(self.clear)

    def clear(self) -> None:
        cache.set(self.token_key, uuid.uuid4().hex, timeout=None)
        self._values.clear()
