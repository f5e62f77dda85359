"""How the pages show a refusal by the rules (a ``core.errors.DomainError``, such as a
role-play's ``RolePlayError``), so that no view maps one by hand.

- A view lets the refusal through: ``cms.middleware.DomainErrorMiddleware`` answers
  ``forbidden`` with the 403 page and ``not_found`` with the 404 page (the message on
  them), and shows any other refusal as an error message on the page the person came from.
- ``shown_on_form``: a refusal of what a form sent becomes the form's error; the page
  shows the form again with what was typed.
- ``shown_on_page``: a POST-only action (a button) shows its refusal as an error
  message on the page it belongs to, not on a page of its own.
"""

from collections.abc import Collection
from contextlib import contextmanager
from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect

from core.errors import FORBIDDEN, NOT_FOUND, DomainError
from core.forms import form_add_domain_error


@contextmanager
def shown_on_form(form, *, field: str | None = None):
    """A refusal inside the block is put on ``form`` (on ``field`` when the refusal
    names none) and the view goes on after the block, to show the form again."""
    try:
        yield
    except DomainError as error:
        form_add_domain_error(form, error, field=field)


def shown_on_page(page: str, *, except_codes: Collection[str] = (FORBIDDEN, NOT_FOUND)):
    """Decorate a view whose refusals are an error message on the page named ``page``
    (reversed with the view's own URL arguments); a code in ``except_codes`` is left
    to the middleware's 403 and 404 pages."""

    def decorate(view):
        @wraps(view)
        def shown(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except DomainError as error:
                if error.code in except_codes:
                    raise
                messages.error(request, str(error.message))
                return redirect(page, *args, **kwargs)

        return shown

    return decorate
