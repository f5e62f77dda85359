"""A benchmark server: uvicorn in this process, with two hooks for memory readings.

    python -m bench.server APP PORT CONTROL_FILE

runs ``uvicorn APP`` on 127.0.0.1:PORT with the options ``bench.relay`` gives it
(``uvicorn.run`` in-process, the same server software and settings as the
``uvicorn`` command), and in addition:

- ``SIGUSR1``: ``gc.collect()``, then write ``{"n": <how many so far>, "rss_kb": ...}``
  to CONTROL_FILE, so that the client reads the resident size after a collection;
- with ``BENCH_TRACEMALLOC=<frames>`` set, ``tracemalloc`` runs from the start and
  ``SIGUSR2`` writes a snapshot to ``CONTROL_FILE.<n>.snap`` (and acknowledges in
  CONTROL_FILE in the same way). Tracing costs memory and time of its own: use it to
  find what costs memory, never for the figures.

``running(app, env)`` is the client's side: it starts one and stops it afterwards.
"""

import gc
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kb(pid: int | str = "self") -> int:
    """Resident set size (VmRSS) in KiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc status")


@contextmanager
def running(app: str, env: dict[str, str], trace_frames: int = 0):
    """Start ``bench.server``; yields ``(port, pid, read)`` where ``read(snapshot=False)``
    collects garbage in the server and returns its acknowledgement (with ``rss_kb``)."""
    port = free_port()
    control = tempfile.mktemp(prefix="kohtaamo-bench-control-", suffix=".json")
    server_env = {**os.environ, **env, "REDIS_URL": "", "PYTHONUNBUFFERED": "1"}
    if trace_frames:
        server_env["BENCH_TRACEMALLOC"] = str(trace_frames)
    log = Path(tempfile.mkstemp(prefix="kohtaamo-bench-server-", suffix=".log")[1])
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.server", app, str(port), control],
            cwd=ROOT,
            env=server_env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    seen = 0

    def read(snapshot: bool = False) -> dict:
        nonlocal seen
        process.send_signal(signal.SIGUSR2 if snapshot else signal.SIGUSR1)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                reply = json.loads(Path(control).read_text())
            except (OSError, ValueError):
                reply = {"n": seen}
            if reply["n"] > seen:
                seen = reply["n"]
                return reply
            time.sleep(0.05)
        raise RuntimeError("the server did not acknowledge a garbage collection")

    from bench.relay import wait_http

    try:
        try:
            wait_http(f"http://127.0.0.1:{port}/healthz", timeout=240 if trace_frames else 60)
        except RuntimeError:
            raise RuntimeError(f"server did not start: {log.read_text()[-2000:]}") from None
        yield port, process.pid, read
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        for path in (control, log):
            Path(path).unlink(missing_ok=True)


def main(app: str, port: int, control: str) -> None:
    frames = int(os.environ.get("BENCH_TRACEMALLOC") or 0)
    if frames:
        tracemalloc.start(frames)
    calls = 0

    def acknowledge(extra: dict) -> None:
        nonlocal calls
        calls += 1
        temporary = f"{control}.tmp"
        Path(temporary).write_text(json.dumps({"n": calls, "rss_kb": rss_kb(), **extra}))
        os.replace(temporary, control)

    def collect(signum, frame):
        gc.collect()
        acknowledge({})

    def snapshot(signum, frame):
        gc.collect()
        path = f"{control}.{calls + 1}.snap"
        if tracemalloc.is_tracing():
            tracemalloc.take_snapshot().dump(path)
        acknowledge({"snapshot": path if tracemalloc.is_tracing() else None})

    signal.signal(signal.SIGUSR1, collect)
    signal.signal(signal.SIGUSR2, snapshot)

    import uvicorn

    sys.path.insert(0, os.getcwd())
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        access_log=False,
        log_level="warning",
        ws_max_size=1048576,
        ws_per_message_deflate=False,
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
