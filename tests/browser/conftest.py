"""Playwright on Debian's Chromium against a real server started by the test.

``playwright install`` cannot download browsers here, so Chromium comes from Debian
(``.ci/run`` installs it) and axe-core from the npm registry (installed once into
``.cache/npm``). Screenshots of each main page land in tests/browser/screenshots/.
"""

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require
from tests.servers import running_server, session_cookie

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE_VERSION = "4.14.1"
AXE_PREFIX = ROOT / ".cache" / "npm"
AXE_SCRIPT = AXE_PREFIX / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def axe_script() -> Path:
    AXE_PREFIX.mkdir(parents=True, exist_ok=True)
    # Each xdist worker has this fixture: one installs while the other waits, instead
    # of two npm runs rewriting one node_modules folder under each other.
    with open(AXE_PREFIX / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not AXE_SCRIPT.exists() and shutil.which("npm"):
            subprocess.run(
                [
                    "npm",
                    "install",
                    "--silent",
                    "--no-audit",
                    "--no-fund",
                    "--prefix",
                    str(AXE_PREFIX),
                    f"axe-core@{AXE_VERSION}",
                ],
                check=False,
                timeout=300,
            )
        fcntl.flock(lock, fcntl.LOCK_UN)
    require(AXE_SCRIPT.exists(), f"axe-core {AXE_VERSION} from the npm registry")
    return AXE_SCRIPT


@pytest.fixture
def server(transactional_db):
    with running_server() as server:
        yield server


@pytest.fixture
def browser(chromium_path, server):
    """Chromium for one test, started only after the database is set up for it.

    Playwright's sync API runs an event loop in this thread, and Django's
    connections are context-local: started earlier, the database set-up of the test
    would happen on another connection object than the test uses. The test's own ORM
    calls are plain synchronous code, hence DJANGO_ALLOW_ASYNC_UNSAFE (server
    processes do not inherit it).
    """
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def signed_in(browser, server):
    """A new browser context signed in as ``user``: ``page = signed_in(user)``."""
    contexts = []

    def open_page(user=None, locale="en-GB"):
        context = browser.new_context(locale=locale, base_url=server.http)
        contexts.append(context)
        if user is not None:
            name, value = session_cookie(user).split("=", 1)
            context.add_cookies([{"name": name, "value": value, "url": server.http}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def check_accessibility(axe_script):
    """Run axe-core on the page; fail on serious or critical violations."""

    def check(page, name: str):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        page.add_script_tag(path=str(axe_script))
        results = page.evaluate("async () => await axe.run(document)")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"{name}: " + "; ".join(serious)

    return check


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
