"""Small template helpers for the course pages."""

from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``mapping|lookup:key`` — a dict item by a variable key, or None."""
    if not mapping:
        return None
    return mapping.get(key)
