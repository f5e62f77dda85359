"""Settings for the benchmark servers: Kohtaamo's own settings plus a baseline page.

Everything comes from ``cms.settings.base`` (the benchmarks run it with ``DEBUG=false``,
as production does). Two additions, for benchmarks only:

- ``bench.plainpage``: a minimal Wagtail page type, the lesson benchmark's baseline
  (see ``bench/plainpage/models.py``). Its one migration lives in bench/ too; nothing
  in the project's migration history depends on it.
- ``STATIC_ROOT`` under ``bench/results/`` (ignored by git), so that ``collectstatic``
  for the benchmark servers never touches the project's own ``static/`` folder.
"""

import os
from pathlib import Path

from cms.settings.base import *  # noqa: F403
from cms.settings.base import BASE_DIR, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.plainpage"]
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", BASE_DIR / "bench" / "results" / "static"))
