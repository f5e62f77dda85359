"""The error every role-play rule raises: a protocol error code and a message.

It is the project's one domain error (``core.errors.DomainError``): the room sends it
as an ``error`` frame; the API (``cms.api.exception_handler``) and the pages
(``cms.middleware.DomainErrorMiddleware``, ``frontend.refusals``) map its code to a
status (``forbidden`` 403, ``not_live`` 409, ``not_found`` 404, else 400) once for all.
"""

from core.errors import DomainError


class RolePlayError(DomainError):
    """A request the rules refuse; ``code`` is the protocol's error code."""

    def __init__(self, code: str, detail: str):
        super().__init__(code, detail)
        self.detail = detail
