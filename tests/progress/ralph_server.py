"""Run Ralph's LRS (PyPI ``ralph-malph``) on 127.0.0.1 for the outbox tests.

``python -m tests.progress.ralph_server PORT``, with Ralph's settings in the
environment (``RALPH_RUNSERVER_BACKEND=fs``, ``RALPH_AUTH_FILE``,
``RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH``). Ralph's filesystem backend
writes each batch with the "create" operation, so the second batch fails (500) on
the file the first one made; Ralph has no setting for it, so this tells the backend
class to append instead, which is what an LRS that receives batch after batch needs.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
