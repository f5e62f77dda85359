"""Real ASGI server processes for end-to-end tests, and the task worker.

A server runs ``uvicorn cms.asgi:application`` in a child process on a free
loopback port, against the same test database as the test (so the test must use
``transactional_db``), and optionally on Redis so that several processes share
live sessions. The worker is a real ``manage.py db_worker`` on the same database,
taking what the database tasks backend queued.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database the test is using right now (the test database)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


DB_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"


def _db_worker(options: list[str], extra_env: dict) -> tuple[list[str], dict]:
    command = [sys.executable, "manage.py", "db_worker", "--backend", "worker",
               "--no-startup-delay", *options]  # fmt: skip
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": DB_TASKS_BACKEND,
        **extra_env,
    }
    return command, env


def run_db_worker(**extra_env: str) -> subprocess.CompletedProcess:
    """One ``db_worker --batch`` run: every task queued by now, then exit."""
    command, env = _db_worker(["--batch"], extra_env)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def start_db_worker(**extra_env: str) -> subprocess.Popen:
    """A worker that polls the queue every 0.2 s until the test terminates it."""
    command, env = _db_worker(["--interval", "0.2"], extra_env)
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def stop(self, kill: bool = False) -> None:
        if self.process.poll() is None:
            if kill:
                self.process.kill()
            else:
                self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_server(
    *,
    redis_url: str | None = None,
    extra_env: dict | None = None,
    extra_args: tuple[str, ...] = (),
) -> Server:
    port = free_port()
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url or "",
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    log = open(ROOT / f".server-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "cms.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--ws-max-size",
            "1048576",
            "--no-access-log",
            *extra_args,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(process=process, port=port)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early; see {log.name}")
        try:
            with urllib.request.urlopen(f"{server.http}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop(kill=True)
    raise RuntimeError(f"server did not become healthy; see {log.name}")


@contextmanager
def running_server(**kwargs):
    server = start_server(**kwargs)
    try:
        yield server
    finally:
        server.stop()


def session_cookie(user) -> str:
    """A signed-in session for ``user``, stored where the server will find it."""
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
