"""An organisation of 10,000 learners: team dashboards, the overview and the CSV export.

Bench data on PostgreSQL (``DATABASE_URL``): 10,000 learners in 400 teams of 25, a
year of history (3 million statements, assessments, milestone states, onboarding due
dates), written with COPY and kept in ``kohtaamo_orgbench``: a marker table records
what it was built for, so a later run reuses it. A small
organisation (two teams of 25, same history per learner) in ``kohtaamo_orgbench_small``
is the comparison. Without PostgreSQL both are SQLite files with a smaller
organisation (1,000 learners in 40 teams), and the table says so. The marker is keyed
on the tables the generator writes (their column definitions) and the generator's own
code only, so that migrations of other apps do not rebuild it (see ``prepare_data``).

Measured through the whole Django stack: a team of 25's dashboard (median, queries) in
the large and the small organisation, a team of 1,000's dashboard, the head of
service's overview of all teams, and the CSV export of a team of every learner (first
byte, peak memory growth). A measurement that fails is reported as a failure.
"""

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import tracemalloc
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DATA_VERSION = "org-1"  # change when _populate changes what it writes
REPEATS = 7
TEAM_MS, OVERVIEW_MS, FIRST_BYTE_MS, MEMORY_MB = 50.0, 1000.0, 1000.0, 100.0
SIZES = {
    "postgresql": {"teams": 400, "team_size": 25, "per_learner": 300},
    "sqlite": {"teams": 40, "team_size": 25, "per_learner": 30},
    "quick": {"teams": 4, "team_size": 25, "per_learner": 10},
}
SMALL = {"teams": 2, "team_size": 25}
BIG_TEAM = 1000


def _setup_django(database_url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.base",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "testserver",
            "LRS_ENDPOINT": "",
            "LOG_LEVEL": "ERROR",
        }
    )
    sys.path.insert(0, str(ROOT))
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()


def _generator_version(spec: dict) -> str:
    """The data spec and the code that writes the organisation (this module's
    generator and the demo seeders it calls), not the rest of the project."""
    import inspect

    from demo import courses_content, progress

    parts = [DATA_VERSION, json.dumps(spec, sort_keys=True), repr(courses_content.PROMISE_ROWS)]
    functions = (_populate, _statement_rows, _write_statements, progress.seed_competencies,
                 progress.seed_milestones)  # fmt: skip
    parts += [inspect.getsource(function) for function in functions]
    parts += [repr(STATEMENT_COLUMNS)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _rollup_version() -> str:
    """The code that computes the rollups from the generated records."""
    return hashlib.sha256((ROOT / "progress" / "rollups.py").read_bytes()).hexdigest()[:16]


def _row_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table == "bench_marker":
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _grown(before: dict, after: dict) -> list[str]:
    """The tables that gained rows: what the step between the two counts wrote."""
    return sorted(table for table, n in after.items() if n > before.get(table, 0))


def _columns_key(tables: list[str]) -> str:
    """A hash of the column definitions of these tables (name, type, size, null,
    default), so that a migration of any other table leaves the data valid."""
    from django.db import connection

    described = []
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        for table in sorted(tables):
            if table not in present:
                described.append([table, None])
                continue
            columns = connection.introspection.get_table_description(cursor, table)
            described.append(
                [table, sorted(
                    [c.name, str(c.type_code), c.internal_size, c.precision, c.scale,
                     c.null_ok, str(c.default)]
                    for c in columns
                )]
            )  # fmt: skip
    return hashlib.sha256(json.dumps(described, default=str).encode()).hexdigest()[:16]


def _read_marker() -> dict | None:
    """What the database was built for: ``data_key`` and ``tables`` (the generated
    records), ``rollup_key`` and ``rollup_tables`` (the rollups computed from them)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if "bench_marker" not in connection.introspection.table_names(cursor):
            return None
        try:
            cursor.execute("SELECT marker FROM bench_marker")
        except Exception:  # a marker of an older layout
            return None
        row = cursor.fetchone()
    try:
        marker = json.loads(row[0]) if row else None
    except ValueError:
        return None
    return marker if isinstance(marker, dict) else None


def _data_key(spec: dict, tables: list[str]) -> str:
    return f"{_generator_version(spec)}-{_columns_key(tables)}"


def _rollup_key(tables: list[str]) -> str:
    return f"{_rollup_version()}-{_columns_key(tables)}"


def _mark(marker: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_marker")
        cursor.execute("CREATE TABLE bench_marker (marker text)")
        cursor.execute("INSERT INTO bench_marker (marker) VALUES (%s)", [json.dumps(marker)])


def _analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def prepare_data(spec: dict) -> str:
    """Build the organisation, or reuse the one built before: ``"reused"``,
    ``"rollups"`` (reused, rollups computed again) or ``"built"``.

    The marker records which tables the generator wrote (those that gained rows) and
    keys them on the generator's version and those tables' column definitions; the
    rollups likewise on ``progress/rollups.py`` and their own tables. A migration of
    any other table, or a change anywhere else in the code, keeps the data.
    """
    from django.core.management import call_command

    from progress import rollups

    marker = _read_marker()
    if marker and marker.get("data_key") == _data_key(spec, marker.get("tables", [])):
        if marker.get("rollup_key") == _rollup_key(marker.get("rollup_tables", [])):
            return "reused"
        rollups.rebuild()
        _analyze()
        marker["rollup_key"] = _rollup_key(marker["rollup_tables"])
        _mark(marker)
        return "rollups"
    # Built for another spec or schema: empty it. The sequences go on from where they
    # were, so that a test database's restored rows never meet a reused id.
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
    before = _row_counts()
    _populate(spec)
    generated = _row_counts()
    rollups.rebuild()
    tables, rollup_tables = _grown(before, generated), _grown(generated, _row_counts())
    _analyze()
    _mark({"tables": tables, "data_key": _data_key(spec, tables),
           "rollup_tables": rollup_tables, "rollup_key": _rollup_key(rollup_tables)})  # fmt: skip
    return "built"


def _statement_rows(learner_ids, per_learner, competency_ids, now, rng):
    """Statements in the shapes the apps record today (see courses.services: a quiz
    attempt is one passed/failed statement and one ``scored`` per competency)."""
    from progress import objects, verbs

    for learner in learner_ids:
        for n in range(per_learner):
            at = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            kind = n % 5
            base = {"verb": verbs.COMPLETED, "object_type": objects.LESSON,
                    "object_id": f"lesson-{n % 40}", "competency_id": None, "score_raw": None,
                    "score_max": None, "score_scaled": None, "success": None,
                    "completion": None, "context": "{}"}  # fmt: skip
            if kind < 3:
                base["completion"] = True
            elif kind == 3:
                score = rng.randint(4, 10)
                quiz = f"{uuid.UUID(int=n % 12)}:quiz"
                context = json.dumps({"attempt": n, "lesson": str(uuid.UUID(int=n % 12))})
                yield {**base, "verb": verbs.PASSED if score >= 8 else verbs.FAILED,
                       "object_type": objects.QUIZ, "object_id": quiz, "score_raw": score,
                       "score_max": 10, "score_scaled": score / 10, "success": score >= 8,
                       "context": context, "actor_id": learner, "timestamp": at}  # fmt: skip
                raw = rng.randint(1, 4)
                base.update(verb=verbs.SCORED, object_type=objects.QUIZ, object_id=quiz,
                            competency_id=rng.choice(competency_ids), score_raw=raw,
                            score_max=4, score_scaled=raw / 4, context=context)  # fmt: skip
            else:
                level = rng.randint(1, 5)
                base.update(verb=verbs.SCORED, object_type=objects.ROLEPLAY_SESSION,
                            object_id=str(n), competency_id=rng.choice(competency_ids),
                            score_raw=level, score_max=5, score_scaled=level / 5,
                            context='{"rater_role": "coach"}')  # fmt: skip
            yield {**base, "actor_id": learner, "timestamp": at}


STATEMENT_COLUMNS = ("id", "actor_id", "verb", "object_type", "object_id", "object_name",
                     "competency_id", "score_raw", "score_min", "score_max", "score_scaled",
                     "success", "completion", "response", "context", "voided", "timestamp",
                     "stored")  # fmt: skip


def _write_statements(rows, now) -> int:
    """COPY on PostgreSQL, ``bulk_create`` on SQLite."""
    from django.db import connection

    from progress.models import Statement

    count = 0
    if connection.vendor == "postgresql":
        raw = connection.connection
        table = Statement._meta.db_table
        with raw.cursor() as cursor:
            columns = ", ".join(STATEMENT_COLUMNS)
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(
                        (uuid.uuid4(), row["actor_id"], row["verb"], row["object_type"],
                         row["object_id"], "", row["competency_id"], row["score_raw"], None,
                         row["score_max"], row["score_scaled"], row["success"],
                         row["completion"], "", row["context"], False, row["timestamp"], now)
                    )  # fmt: skip
                    count += 1
        return count
    batch = []
    for row in rows:
        row["context"] = json.loads(row["context"])
        batch.append(Statement(**row))
        if len(batch) == 5000:
            count += len(Statement.objects.bulk_create(batch))
            batch = []
    return count + len(Statement.objects.bulk_create(batch))


def _populate(spec: dict, seed: int = 7) -> None:
    from django.db import transaction
    from django.utils import timezone

    from demo.courses_content import PROMISE_ROWS
    from demo.progress import seed_competencies, seed_milestones
    from people.models import Membership, Role, Team, User
    from progress.models import Assessment, MilestoneAward, MilestoneState, OnboardingDue
    from progress.services import competency_target_set

    rng = random.Random(seed)
    now = timezone.now()
    competencies = seed_competencies()
    for slug, level, *_behaviours in PROMISE_ROWS:  # the published service promise's targets
        competency_target_set(competency=competencies[slug], level=level)
    milestones = list(seed_milestones(competencies).values())
    competency_ids = [c.pk for c in competencies.values()]
    size, count = spec["team_size"], spec["teams"]
    with transaction.atomic():
        head = User.objects.create(username="bench-head")
        everyone = Team.objects.create(name="Bench all learners")
        big = Team.objects.create(name=f"Bench {BIG_TEAM}")
        exporter = User.objects.create(username="bench-exporter")
        Membership.objects.bulk_create(
            [
                Membership(user=exporter, team=everyone, role=Role.MANAGER),
                Membership(user=exporter, team=big, role=Role.MANAGER),
            ]  # fmt: skip
        )
        learners = User.objects.bulk_create(
            [
                User(username=f"b-{i}", first_name="Sää", last_name=f"Oppija {i}")
                for i in range(size * count)
            ],  # fmt: skip
            batch_size=2000,
        )
        teams = Team.objects.bulk_create([Team(name=f"Bench team {t:03}") for t in range(count)])
        memberships = [Membership(user=head, team=team, role=Role.MANAGER) for team in teams]
        for index, learner in enumerate(learners):
            memberships.append(Membership(user=learner, team=teams[index // size], role="learner"))
            memberships.append(Membership(user=learner, team=everyone, role=Role.LEARNER))
            if index < BIG_TEAM:
                memberships.append(Membership(user=learner, team=big, role=Role.LEARNER))
        Membership.objects.bulk_create(memberships, batch_size=5000)
        ids = [learner.pk for learner in learners]
        _write_statements(_statement_rows(ids, spec["per_learner"], competency_ids, now, rng), now)
        assessments = []
        for learner in ids:
            for competency_id in competency_ids:
                base = rng.randint(1, 3)
                steps = (("self", base + 1, 360), ("coach", base, 350),
                         ("coach", min(5, base + 1), 120),
                         ("manager", min(5, base + 2), rng.randrange(80)))  # fmt: skip
                for role, level, days in steps:
                    at = now - timedelta(days=days, minutes=rng.randrange(600))
                    assessments.append(Assessment(
                        learner_id=learner, competency_id=competency_id, rater_role=role,
                        level=level, assessed_at=at))  # fmt: skip
        Assessment.objects.bulk_create(assessments, batch_size=5000)
        states, awards = [], []
        for learner in ids:
            for milestone in milestones:
                state = rng.choice(["in_progress", "achieved", "needs_revision", "not_started"])
                states.append(MilestoneState(learner_id=learner, milestone=milestone, state=state))
                if state == "achieved":
                    at = now - timedelta(days=rng.randrange(120))
                    awards.append(
                        MilestoneAward(learner_id=learner, milestone=milestone, awarded_at=at)
                    )
        MilestoneState.objects.bulk_create(states, batch_size=5000)
        MilestoneAward.objects.bulk_create(awards, batch_size=5000)
        today = timezone.localdate()
        OnboardingDue.objects.bulk_create(
            [
                OnboardingDue(
                    learner_id=learner,
                    team=teams[index // size],
                    due_date=today + timedelta(days=rng.randint(-60, 60)),
                    completed_at=now if rng.random() < 0.7 else None,
                )
                for index, learner in enumerate(ids)
            ],  # fmt: skip
            batch_size=5000,
        )


def _timed(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm caches and the connection
        assert client.get(url).status_code == 200
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {"median_ms": round(statistics.median(times), 1), "queries": len(queries)}


def _export(client, url: str) -> dict:
    """First byte and peak memory growth of a streamed export, read to the end."""
    for _chunk in client.get(url).streaming_content:  # warm, keeping nothing
        pass
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get(url)
    chunks = iter(response.streaming_content)
    size = len(next(chunks))
    first = (time.perf_counter() - started) * 1000
    rows = 0
    for chunk in chunks:
        size += len(chunk)
        rows += chunk.count(b"\n")
    total = (time.perf_counter() - started) * 1000
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    # The peak resident size hardly moves once an earlier pass (or building the data in
    # this process) has raised it, so the Python heap's own peak during one more pass
    # is measured too; the floor takes the larger.
    tracemalloc.start()
    for _chunk in client.get(url).streaming_content:
        pass
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {"first_byte_ms": round(first, 1), "total_ms": round(total, 1),
            "memory_growth_mb": round(max(growth, traced), 1), "rss_growth_mb": round(growth, 1),
            "traced_peak_mb": round(traced, 1), "bytes": size, "rows": rows}  # fmt: skip


def _client_for(username: str):
    from django.test import Client

    from people.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _team_id(name: str) -> int:
    from people.models import Team

    return Team.objects.get(name=name).pk


def measure(database_url: str, spec: dict, small: bool) -> dict:
    """Build (or reuse) the organisation and measure it; each figure or its error."""
    _setup_django(database_url)
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    state = prepare_data(spec)
    reused = state != "built"
    from progress.models import Statement

    figures: dict = {"statements": Statement.objects.count(), "reused": reused,
                     "ready_s": round(time.monotonic() - started)}  # fmt: skip
    print(f"  {spec}: {figures}", flush=True)
    team = "/api/progress/teams/{}/dashboard/"
    export = "/api/progress/teams/{}/export.csv"

    def dashboard_of(username: str, name: str) -> dict:
        return _timed(_client_for(username), team.format(_team_id(name)))

    steps = {"team_25": lambda: dashboard_of("bench-head", "Bench team 000")}
    if not small:
        steps.update({
            "team_1000": lambda: dashboard_of("bench-exporter", f"Bench {BIG_TEAM}"),
            "overview": lambda: _timed(_client_for("bench-head"), "/api/progress/overview/"),
            "export": lambda: _export(_client_for("bench-exporter"),
                                      export.format(_team_id("Bench all learners"))),
        })  # fmt: skip
    for name, step in steps.items():
        try:
            figures[name] = step()
        except Exception as error:  # a failed measurement is a result
            traceback.print_exc()
            figures[name] = {"error": f"{type(error).__name__}: {error}"[:200]}
        print(f"  {name}: {figures[name]}", flush=True)
    return figures


def _ensure_postgres(url: str, name: str) -> str:
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl()


def _reset_postgres(url: str) -> None:
    """Drop and create the database again (a marker from another schema)."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _child(url: str, spec: dict, small: bool) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        output = handle.name
    command = [sys.executable, "-m", "bench.dashboard", "--url", url, "--spec", json.dumps(spec),
               "--output", output] + (["--small"] if small else [])  # fmt: skip
    completed = subprocess.run(command, cwd=ROOT)
    if completed.returncode != 0:
        return {"error": f"exited with {completed.returncode}"}
    result = json.loads(Path(output).read_text())
    Path(output).unlink(missing_ok=True)
    return result


def _databases(quick: bool):
    """(backend, large url, small url, note, cleanup)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")) or not url:
        try:
            base = url or "postgres://postgres@127.0.0.1:5432/postgres"
            suffix = "_quick" if quick else ""
            large = _ensure_postgres(base, f"kohtaamo_orgbench{suffix}")
            small = _ensure_postgres(base, f"kohtaamo_orgbench_small{suffix}")
            return "postgresql", large, small, "", None
        except Exception as error:
            note = f"PostgreSQL unavailable ({type(error).__name__}); SQLite, smaller org"
    else:
        note = "DATABASE_URL is not PostgreSQL; SQLite, smaller org"
    folder = Path(tempfile.mkdtemp(prefix="kohtaamo-bench-org-"))
    large, small = f"sqlite:///{folder / 'org.sqlite3'}", f"sqlite:///{folder / 'small.sqlite3'}"
    return "sqlite", large, small, note, lambda: shutil.rmtree(folder, ignore_errors=True)


def _entry(measure_name: str, measured, baseline, floor: str, ok, key="median_ms") -> dict:
    if not isinstance(measured, dict) or "error" in measured:
        return {"error": (measured or {}).get("error", "not measured")}
    return {
        "measured": measured,
        "baseline": baseline,
        "ok": ok,
        "table": {
            "measure": measure_name,
            "kohtaamo": measured.get(key),
            "baseline": (baseline or {}).get(key),
            "floor": floor,
        },  # fmt: skip
    }


def run(quick: bool = False) -> dict:
    backend, large_url, small_url, note, cleanup = _databases(quick)
    spec = SIZES["quick"] if quick else SIZES[backend]
    try:
        large = _child(large_url, spec, small=False)
        small = _child(small_url, {**spec, **SMALL}, small=True)
    finally:
        if cleanup:
            cleanup()
    learners = spec["teams"] * spec["team_size"]
    where = f"{backend}{' – ' + note if note else ''}"
    if "error" in large:
        return {f"org_{backend}": {"error": large["error"]}}
    team, base = large.get("team_25", {}), small.get("team_25", {})
    same = isinstance(base, dict) and team.get("queries") == base.get("queries")
    results = {
        f"team25_{backend}": _entry(
            f"team of 25, {learners:,}-learner org vs 50 ({where}): median ms",
            team,
            base,
            f"< {TEAM_MS:.0f} ms, same queries",
            bool(same and team.get("median_ms", 1e9) < TEAM_MS),
        ),
        f"team1000_{backend}": _entry(
            "team of 1,000: median ms (comparison)", large.get("team_1000"), None, "-", None
        ),
        f"overview_{backend}": _entry(
            f"overview of {spec['teams']} teams, {learners:,} learners: median ms",
            large.get("overview"),
            large.get("overview_page"),
            f"< {OVERVIEW_MS:.0f} ms",
            large.get("overview", {}).get("median_ms", 1e9) < OVERVIEW_MS,
        ),
    }
    export = large.get("export", {})
    results[f"export_{backend}"] = _entry(
        f"CSV of {learners:,} learners: first byte ms (MB growth in measured)",
        export,
        None,
        f"< {FIRST_BYTE_MS:.0f} ms, < {MEMORY_MB:.0f} MB",
        export.get("first_byte_ms", 1e9) < FIRST_BYTE_MS
        and export.get("memory_growth_mb", 1e9) < MEMORY_MB,
        key="first_byte_ms",
    )
    data = {"statements": large.get("statements"), "reused": large.get("reused"), "note": note}
    results[f"export_{backend}"]["data"] = data
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--spec")
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--output")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--reset", action="store_true", help="build the data again")
    args = parser.parse_args()
    if args.url:
        if args.reset and args.url.startswith("postgres"):
            _reset_postgres(args.url)
        result = measure(args.url, json.loads(args.spec), args.small)
    else:
        result = run(quick=args.quick)
    text = json.dumps(result, indent=1, default=str)
    if args.output:
        Path(args.output).write_text(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
