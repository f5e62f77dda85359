"""The learner's pages: the practice team's fixtures (``tests/frontend/practice.py``)."""

from tests.frontend.practice import client_for, practice  # noqa: F401
