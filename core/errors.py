"""The one error type for a refusal by the domain rules.

Services and selectors raise ``DomainError`` when they refuse a request: ``code`` says
what kind of refusal it is (clients and the HTTP mapping branch on it), ``message`` is
the translated sentence a person reads, and ``errors`` optionally names the fields that
were wrong (field name to a list of messages, or a dict for a field with parts). The
API maps it to HTTP once (``cms.api.exception_handler``); pages map it once
(``core.forms.form_add_domain_error`` and ``cms.middleware.DomainErrorMiddleware``).
"""

from __future__ import annotations

# The codes and the HTTP status each one means; any other code is 400.
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
CONFLICT = "conflict"
NOT_LIVE = "not_live"  # the role-play protocol's "the session's state forbids this"
INVALID = "invalid"
TOO_LARGE = "too_large"

HTTP_STATUS = {
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    CONFLICT: 409,
    NOT_LIVE: 409,
    INVALID: 400,
    TOO_LARGE: 413,
}


class DomainError(Exception):
    """A request the rules refuse, with a code, a translated message and field errors."""

    def __init__(self, code: str, message, *, errors: dict | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.errors = errors or {}

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 400)

    @classmethod
    def invalid(cls, errors: dict, message=None) -> DomainError:
        """Input refused field by field; the message is the only one when there is one."""
        if message is None:
            messages = [m for value in errors.values() if isinstance(value, list) for m in value]
            message = messages[0] if len(messages) == 1 else ""
        return cls(INVALID, message, errors=errors)

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {str(self.message)!r})"
