"""``<id:name>`` in URL patterns: a database id, at most 18 digits.

Django's ``<int:…>`` takes any number of digits, and a 30-digit id reached the
database as a 500 (SQLite cannot bind it; PostgreSQL rejects it as out of range).
Eighteen digits stay below 2^63, so a longer one is simply no such page: 404.
"""

from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"
