"""The one mapping of a ``DomainError`` onto a Django form, for pages that show forms."""

from .errors import DomainError


def form_add_domain_error(form, error: DomainError, *, field: str | None = None) -> None:
    """Put the refusal on the form: each field's messages on that field, else on the form
    (or on ``field``, the one the page knows the refusal is about).

    A field the form does not have gets its messages as form-wide errors, so that
    nothing the service said is lost.
    """
    placed = False
    for field, messages in (error.errors or {}).items():
        if isinstance(messages, dict):
            messages = [m for part in messages.values() for m in part]
        for message in messages if isinstance(messages, list) else [messages]:
            form.add_error(field if field in form.fields else None, str(message))
            placed = True
    if not placed:
        form.add_error(field if field in form.fields else None, str(error.message))
