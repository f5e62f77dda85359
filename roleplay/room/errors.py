"""The error every role-play rule raises: a protocol error code and a message.

The room sends it as an ``error`` frame; the API and the pages map the code to a
status (``forbidden`` 403, ``not_live`` 409, ``not_found`` 404, else 400).
"""


class RolePlayError(Exception):
    """A request the rules refuse; ``code`` is the protocol's error code."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail
