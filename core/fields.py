"""API input fields shared by every app: ids and whole numbers the database can hold.

A 20-digit id in a JSON body reached the database and was a 500 (SQLite cannot bind
it, PostgreSQL refuses it as out of range). Every id in a body or a query goes
through ``IdField`` (or ``IdRelatedField`` for a model), which refuses anything
outside a database id's range with a 400 that names the field. Path ids use the
``<id:...>`` URL converter instead (a longer one is 404).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Ids are 64-bit signed integers (BigAutoField) or, for Wagtail's pages, 32-bit ones;
# a value in neither range names no row, and the bigger bound is what the database
# can still bind.
ID_MAX = 2**63 - 1
# Offsets and counts in a query: more than any table here will hold.
COUNT_MAX = 2**31 - 1


class IdField(serializers.IntegerField):
    """A database id: a whole number from 1 to 2^63 - 1, else 400 with a message."""

    default_error_messages = {
        "invalid": _("An id is a whole number."),
        "min_value": _("An id is 1 or more."),
        "max_value": _("No such id: it is too long."),
        "max_string_length": _("No such id: it is too long."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A model chosen by id, with the id checked to the database's range first."""

    default_error_messages = {
        "incorrect_type": _("An id is a whole number."),
        "does_not_exist": _("No such id."),
        "out_of_range": _("No such id: it is too long."),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            value = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= value <= ID_MAX:
            self.fail("out_of_range")
        return super().to_internal_value(value)


class CountField(serializers.IntegerField):
    """A whole number in a query (an offset, a limit, a sequence number)."""

    default_error_messages = {
        "max_value": _("This number is too big."),
        "min_value": _("This number is too small."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", -COUNT_MAX)
        kwargs.setdefault("max_value", COUNT_MAX)
        super().__init__(**kwargs)
