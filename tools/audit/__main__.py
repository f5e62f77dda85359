"""Lighthouse, from npm, against Debian's Chromium and a demo server this starts itself.

Like ``make run`` it migrates and seeds a database (its own SQLite file under .cache/,
so a developer's db.sqlite3 is left alone), collects the static files and serves the
site with uvicorn, here on ``--port`` (8590 by default). Each page is audited for
accessibility, best practices and SEO; signed-in pages get a session cookie of a demo
person. The scores are printed with every audit that lost points. The run fails when a
public page scores under 100 in accessibility or best practices or under 95 in SEO;
signed-in pages must keep accessibility at 100 (search engines never see them, and
Lighthouse's SEO and best-practice audits assume a public page).

    python -m tools.audit [--port 8590]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = Path(__file__).resolve().parent / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("accessibility", "best-practices", "seo")
PUBLIC_MINIMUM = {"accessibility": 100, "best-practices": 100, "seo": 95}
SIGNED_IN_MINIMUM = {"accessibility": 100}

# (label, path, demo username or None for a visitor); START is the person's landing
# page, audited at its own address (Chromium drops the cookie header on a redirect).
START = "start"
PAGES = [
    ("front page", "/", None),
    ("front page (en)", "/en/", None),
    ("log in", "/accounts/login/", None),
    ("course outline", "/en/art-of-the-encounter/", None),
    ("learner: lesson", "/en/art-of-the-encounter/why/cold-and-warm-call/", "learner2"),
    ("learner: course", START, "learner2"),
    ("learner: role-plays", "/en/learn/role-plays/", "learner2"),
    ("learner: progress", "/en/learn/progress/", "learner2"),
    ("coach: library", "/en/coach/", "coach"),
    ("coach: schedule", "/en/coach/sessions/new/", "coach"),
    ("manager: dashboard", START, "manager2"),
]


def environment(port: int) -> dict[str, str]:
    cache = ROOT / ".cache"
    cache.mkdir(exist_ok=True)
    return {
        **os.environ,
        "DEBUG": os.environ.get("DEBUG", "true"),
        "DATABASE_URL": f"sqlite:///{cache / 'audit.sqlite3'}",
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def start(env, port: int) -> subprocess.Popen:
    log = open(ROOT / f".server-{port}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "cms.asgi:application"]
        + ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped; see {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"the server did not answer; see {log.name}")


def sign_in(env, usernames: set[str]) -> dict[str, dict[str, str]]:
    """A signed-in session per demo person and their landing page, made by Django in a
    child process: ``{username: {"cookie": ..., "start": ...}}``."""
    script = (
        "import json, sys\n"
        "from importlib import import_module\n"
        "from django.conf import settings\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.utils import translation\n"
        "from frontend.start import landing_url\n"
        "from people.models import User\n"
        "translation.activate('en')\n"
        "people = {}\n"
        "for name in sys.argv[1:]:\n"
        "    user = User.objects.get(username=name)\n"
        "    session = import_module(settings.SESSION_ENGINE).SessionStore()\n"
        "    session[SESSION_KEY] = str(user.pk)\n"
        "    session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "    session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "    session.save()\n"
        "    people[name] = {\n"
        "        'cookie': f'{settings.SESSION_COOKIE_NAME}={session.session_key}',\n"
        "        'start': landing_url(user=user),\n"
        "    }\n"
        "print(json.dumps(people))\n"
    )
    code = f"import sys; sys.argv = ['x', *{sorted(usernames)!r}]\n{script}"
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def lighthouse(url: str, cookie: str | None, workdir: Path) -> dict:
    report = workdir / "report.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--locale=en-GB",
    ]
    if cookie:
        headers = workdir / "headers.json"
        headers.write_text(json.dumps({"Cookie": cookie}))
        command.append(f"--extra-headers={headers}")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, env=env, check=True, timeout=300)
    return json.loads(report.read_text())


def summary(result: dict) -> tuple[dict[str, int], list[str]]:
    scores, lost = {}, []
    for name in CATEGORIES:
        category = result["categories"][name]
        scores[name] = round((category["score"] or 0) * 100)
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{name}: {audit['id']} – {audit['title']}")
    return scores, lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8590)
    arguments = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: cd tools/audit && npm install")

    env = environment(arguments.port)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    people = sign_in(env, {user for _label, _path, user in PAGES if user})
    server = start(env, arguments.port)
    failures = []
    try:
        with tempfile.TemporaryDirectory() as workdir:
            print(f"{'page':24} {'a11y':>5} {'b.p.':>5} {'seo':>5}  url")
            for label, path, user in PAGES:
                person = people.get(user, {})
                path = person["start"] if path == START else path
                url = f"http://127.0.0.1:{arguments.port}{path}"
                result = lighthouse(url, person.get("cookie"), Path(workdir))
                scores, lost = summary(result)
                final = result.get("finalDisplayedUrl") or result.get("finalUrl") or url
                print(
                    f"{label:24} {scores['accessibility']:>5} {scores['best-practices']:>5} "
                    f"{scores['seo']:>5}  {final}"
                )
                for line in lost:
                    print(f"{'':24} lost: {line}")
                minimum = SIGNED_IN_MINIMUM if user else PUBLIC_MINIMUM
                failures += [
                    f"{label}: {name} {scores[name]} < {needed}"
                    for name, needed in minimum.items()
                    if scores[name] < needed
                ]
    finally:
        server.terminate()
        server.wait(timeout=10)
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
