"""A migrated database with the demo content, for the benchmarks that need one.

Migrating takes about 25 s and seeding the demo about 10 s on a 2-core machine, so on
SQLite (the default) the result is built once and kept under ``bench/results/cache/``
(ignored by git), keyed by a hash of everything it depends on: the migrations, the
demo seeders and the bench-only models. Each benchmark run gets its own copy in a
temporary folder, with its own media folder, so a run never sees another's writes.
With ``DATABASE_URL`` set (e.g. PostgreSQL), that database is migrated and seeded in
place (both are idempotent).

``collectstatic`` (needed with ``DEBUG=false``: the manifest storage refuses unknown
files) writes to ``bench/results/static`` and runs again only when a static file
changes.

    python -m bench.seeded build DIR      # (internal) build into DIR
"""

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CACHE = RESULTS / "cache"
STATIC_ROOT = RESULTS / "static"
APPS = ("cms", "people", "progress", "courses", "roleplay", "frontend")
# Shared by every benchmark server and the processes that sign their sessions in.
BENCH_SECRET_KEY = "bench-only-not-secret-" + "k" * 40


def _hash_files(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _versions() -> bytes:
    return ",".join(version(name) for name in ("django", "wagtail")).encode()


def database_key() -> str:
    files = [
        path
        for app in APPS
        for pattern in ("**/migrations/*.py", "**/management/commands/*.py")
        for path in (ROOT / app).glob(pattern)
    ]
    files += [*(ROOT / "bench" / "plainpage").rglob("*.py"), Path(__file__)]
    # The demo app: its seeders, its command and its media.
    files += [path for path in (ROOT / "demo").rglob("*.*") if "__pycache__" not in path.parts]
    return hashlib.sha256(_hash_files(files).encode() + _versions()).hexdigest()[:16]


def static_key() -> str:
    digest = hashlib.sha256(_versions())
    for app in (*APPS, "bench"):
        for path in sorted((ROOT / app).rglob("static/**/*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def base_env() -> dict[str, str]:
    """Production settings (no debug) with the benchmark's secret key."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "LRS_ENDPOINT": "",
        "LOG_LEVEL": "WARNING",
        "BENCH_STATIC_ROOT": str(STATIC_ROOT),
    }


def _run_build(folder: Path, database_url: str) -> None:
    env = {
        **os.environ,
        **base_env(),
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
    }
    subprocess.run([sys.executable, "-m", "bench.seeded", "build"], cwd=ROOT, env=env, check=True)


def _build() -> None:
    """Migrate and seed the demo, in this process."""
    import django
    from django.core.management import call_command

    django.setup()
    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", force=True, stdout=quiet)
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


@contextlib.contextmanager
def _exclusive(name: str):
    """Only one process at a time past this point (runs started side by side, or by
    two test workers, would otherwise collect static files into one folder at once)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def collect_static() -> None:
    stamp = STATIC_ROOT / ".bench-key"
    key = static_key()
    with _exclusive("static"):
        if stamp.exists() and stamp.read_text() == key:
            return
        env = {**os.environ, **base_env(), "DATABASE_URL": "sqlite:///:memory:"}
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        stamp.write_text(key)


def prepare() -> dict[str, str]:
    """Environment for a benchmark: ``DATABASE_URL``, media folders, static root.

    The caller's process and the servers it starts both use it.
    """
    collect_static()
    run_folder = Path(tempfile.mkdtemp(prefix="kohtaamo-bench-"))
    env = {
        **base_env(),
        "BENCH_RUN_FOLDER": str(run_folder),
        "MEDIA_ROOT": str(run_folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(run_folder / "private-media"),
    }
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
        _run_build(run_folder, env["DATABASE_URL"])
        return env
    cached = CACHE / database_key()
    with _exclusive("database"):
        if not (cached / "db.sqlite3").exists():
            CACHE.mkdir(parents=True, exist_ok=True)
            building = Path(tempfile.mkdtemp(prefix="building-", dir=CACHE))
            _run_build(building, f"sqlite:///{building / 'db.sqlite3'}")
            building.rename(cached)
    for name in ("db.sqlite3", "db.sqlite3-wal"):
        if (cached / name).exists():
            shutil.copy2(cached / name, run_folder / name)
    if (cached / "media").exists():
        shutil.copytree(cached / "media", run_folder / "media")
    env["DATABASE_URL"] = f"sqlite:///{run_folder / 'db.sqlite3'}"
    return env


def vacuum(database_url: str) -> None:
    """``VACUUM ANALYZE`` a PostgreSQL database before it is measured (else nothing).

    Production runs autovacuum; a machine may not (this one's PostgreSQL has it off),
    and then each run's events and each session's updates stay behind for the next:
    the relay's p50 at 2,400/s went from 8 to 47 ms over a day of runs, and back with
    one vacuum. A benchmark measures the code, not what earlier runs left."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def setup_django(env: dict[str, str]) -> None:
    """Configure Django in this process on the prepared environment."""
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def cleanup(env: dict[str, str]) -> None:
    """Remove the run's temporary folder (its database copy and media)."""
    folder = env.get("BENCH_RUN_FOLDER")
    if folder and Path(folder).name.startswith("kohtaamo-bench-"):
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["build"]:
        _build()
    else:
        sys.exit(__doc__)
