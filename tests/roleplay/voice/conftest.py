"""What the voice tests in real browsers share: a network namespace with only the
loopback interface up, the ASGI server inside it (on the requesting module's ``PORT``),
and Chromium processes started inside it with a WAV file as their microphone."""

import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import IN_CI
from tests.servers import ROOT, database_url, session_cookie

CHROMIUM = "/usr/bin/chromium"


def run(*command, check=True):
    return subprocess.run(command, check=check, capture_output=True, text=True, timeout=30)


def unavailable() -> str | None:
    if not shutil.which("ip") or not os.path.exists(CHROMIUM):
        return "ip netns or Chromium"
    if not shutil.which("espeak-ng") or not shutil.which("sox"):
        return "espeak-ng and sox"
    probe = f"kohtaamo-voice-probe-{uuid.uuid4().hex[:6]}"
    if run("ip", "netns", "add", probe, check=False).returncode != 0:
        return "ip netns (needs CAP_SYS_ADMIN)"
    run("ip", "netns", "delete", probe, check=False)
    return None


@pytest.fixture
def namespace():
    missing = unavailable()
    if missing:
        if IN_CI:
            pytest.fail(f"{missing} is required under CI=true")
        pytest.skip(f"{missing} is not available here")
    name = f"kohtaamo-voice-{uuid.uuid4().hex[:8]}"
    run("ip", "netns", "add", name)
    try:
        run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up")
        yield name
    finally:
        run("ip", "netns", "delete", name, check=False)


def reachable_database() -> str:
    """The test database as the namespace reaches it: SQLite is a file; PostgreSQL is
    reached over its unix socket (127.0.0.1 of the host is not there)."""
    url = database_url()
    if url.startswith("sqlite"):
        return url
    parts = urllib.parse.urlsplit(url)
    socket_dir = urllib.parse.quote("/var/run/postgresql", safe="")
    user = parts.username or "postgres"
    return f"postgres://{user}@{socket_dir}{parts.path}"


@pytest.fixture
def server(request, namespace, tmp_path):
    """The server in the namespace; yields its base URL."""
    base = f"http://127.0.0.1:{request.module.PORT}"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": reachable_database(),
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
        # A chunk a second: the tests count uploaded chunks as seconds of the call
        # (tests/browser/test_call_recorder.py checks the joining of slices).
        "ROLEPLAY_CALL_UPLOAD_SECONDS": "1",
    }
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115
    uvicorn = [sys.executable, "-m", "uvicorn", "cms.asgi:application"]
    process = subprocess.Popen(
        ["ip", "netns", "exec", namespace, *uvicorn, "--host", "127.0.0.1"]
        + ["--port", str(request.module.PORT)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    probe = f"import urllib.request; urllib.request.urlopen('{base}/healthz', timeout=1)"
    deadline = time.monotonic() + 40
    while True:
        if process.poll() is not None:
            pytest.fail(f"the server exited: {(tmp_path / 'server.log').read_text()[-2000:]}")
        ping = subprocess.run(
            ["ip", "netns", "exec", namespace, sys.executable, "-c", probe],
            capture_output=True,
            check=False,
        )
        if ping.returncode == 0:
            break
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the server in the namespace did not become healthy")
        time.sleep(0.3)
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def async_unsafe():
    """Playwright's sync API runs an event loop in the test's thread."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def wrapper(folder: Path, namespace: str) -> Path:
    """Chromium started inside the namespace; Playwright talks to it over a pipe."""
    script = folder / "chromium-in-namespace"
    script.write_text(f'#!/bin/sh\nexec ip netns exec {namespace} {CHROMIUM} "$@"\n')
    script.chmod(0o755)
    return script


def launch_with_microphone(playwright, chromium: Path, wav: Path):
    """One Chromium process whose fake microphone plays ``wav`` in a loop."""
    return playwright.chromium.launch(
        executable_path=str(chromium),
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--allow-loopback-in-peer-connection",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}",
            "--autoplay-policy=no-user-gesture-required",
        ],
    )


def open_room(browser, base: str, user, session, locale="fi", init_script=None):
    """``user`` signed in, on the session's room page, its WebSocket connected."""
    context = browser.new_context(locale="fi-FI" if locale == "fi" else "en-GB", base_url=base)
    if init_script:
        context.add_init_script(init_script)
    name, value = session_cookie(user).split("=", 1)
    context.add_cookies([{"name": name, "value": value, "url": base}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/{locale}/coach/sessions/{session.pk}/room/")
    expect(page.locator("[data-connection]")).to_have_attribute("data-value", "connected")
    return page
