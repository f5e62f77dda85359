"""Team dashboard and CSV export at 100 and 1,000 learners, side by side.

A throwaway database (a SQLite file in a temporary folder; also a scratch PostgreSQL
database when ``DATABASE_URL`` points at PostgreSQL) gets two teams, of 100 and
1,000 learners, each learner with a year of statements (about 300), assessments,
milestone states and an onboarding due date, written with ``bulk_create``. Each page
is then fetched through the whole Django stack; the figures are the median time of
several requests and the number of SQL queries of one.

The floor (issue 7): 1,000 learners under 500 ms median, and time growing no faster
than the team (ratio 1,000 / 100 at most 10).
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = 500.0
SIZES = (100, 1000)
STATEMENTS_PER_LEARNER = 300
REPEATS = 7


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


def _populate(sizes, per_learner: int) -> dict:
    """Two teams with a year of history; returns team id -> (size, manager)."""
    from django.db import transaction
    from django.utils import timezone

    from demo.progress import TARGETS, seed_competencies, seed_milestones
    from people.models import Membership, Role, Team, User
    from progress import verbs
    from progress.models import (
        Assessment,
        MilestoneAward,
        MilestoneState,
        OnboardingDue,
        Statement,
    )
    from progress.services import competency_target_set

    rng = random.Random(7)
    now = timezone.now()
    competencies = seed_competencies()
    for slug, level in TARGETS.items():
        competency_target_set(competency=competencies[slug], level=level)
    milestones = list(seed_milestones(competencies).values())
    competency_ids = [c.pk for c in competencies.values()]
    states = ["in_progress", "achieved", "needs_revision", "not_started"]
    teams = {}
    for size in sizes:
        with transaction.atomic():
            team = Team.objects.create(name=f"Bench {size}")
            manager = User.objects.create(username=f"bench-manager-{size}")
            Membership.objects.create(user=manager, team=team, role=Role.MANAGER)
            learners = User.objects.bulk_create(
                [
                    User(username=f"b{size}-{i}", first_name="Sää", last_name=f"Oppija {i}")
                    for i in range(size)
                ],
                batch_size=1000,
            )
            Membership.objects.bulk_create(
                [Membership(user=u, team=team, role=Role.LEARNER) for u in learners],
                batch_size=1000,
            )
            statements = []
            for learner in learners:
                for n in range(per_learner):
                    at = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
                    kind = n % 5
                    if kind < 3:
                        fields = {"verb": verbs.COMPLETED, "object_type": "lesson",
                                  "object_id": f"lesson-{n % 40}", "completion": True}  # fmt: skip
                    elif kind == 3:
                        score = rng.randint(4, 10) / 10
                        fields = {"verb": verbs.PASSED if score >= 0.8 else verbs.FAILED,
                                  "object_type": "quiz", "object_id": f"quiz-{n % 12}",
                                  "competency_id": rng.choice(competency_ids),
                                  "score_scaled": score, "success": score >= 0.8}  # fmt: skip
                    else:
                        level = rng.randint(1, 5)
                        fields = {"verb": verbs.SCORED, "object_type": "roleplay-session",
                                  "object_id": str(n), "competency_id": rng.choice(competency_ids),
                                  "score_raw": level, "score_min": 1, "score_max": 5,
                                  "score_scaled": level / 5,
                                  "context": {"rater_role": "coach"}}  # fmt: skip
                    statements.append(Statement(actor=learner, timestamp=at, **fields))
                if len(statements) >= 20000:
                    Statement.objects.bulk_create(statements, batch_size=5000)
                    statements = []
            Statement.objects.bulk_create(statements, batch_size=5000)
            assessments = []
            for learner in learners:
                for competency_id in competency_ids:
                    base = rng.randint(1, 3)
                    for role, level, days in (("self", base + 1, 360), ("coach", base, 350),
                                              ("coach", min(5, base + 1), 120),
                                              ("coach", min(5, base + 2), 20)):  # fmt: skip
                        assessments.append(
                            Assessment(
                                learner=learner,
                                competency_id=competency_id,
                                rater_role=role,
                                level=level,
                                assessed_at=now - timedelta(days=days, minutes=rng.randrange(600)),
                            )  # fmt: skip
                        )
            Assessment.objects.bulk_create(assessments, batch_size=5000)
            milestone_states, awards = [], []
            for learner in learners:
                for milestone in milestones:
                    state = rng.choice(states)
                    milestone_states.append(
                        MilestoneState(learner=learner, milestone=milestone, state=state)
                    )
                    if state == "achieved":
                        at = now - timedelta(days=rng.randrange(120))
                        awards.append(
                            MilestoneAward(learner=learner, milestone=milestone, awarded_at=at)
                        )
            MilestoneState.objects.bulk_create(milestone_states, batch_size=5000)
            MilestoneAward.objects.bulk_create(awards, batch_size=5000)
            today = timezone.localdate()
            OnboardingDue.objects.bulk_create(
                [
                    OnboardingDue(
                        learner=learner,
                        team=team,
                        due_date=today + timedelta(days=rng.randint(-60, 60)),
                        completed_at=now if rng.random() < 0.7 else None,
                    )  # fmt: skip
                    for learner in learners
                ],
                batch_size=5000,
            )
        teams[team.pk] = (size, manager)
    return teams


def _measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm caches and the connection
        assert client.get(url).status_code == 200
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {"median_ms": round(statistics.median(times), 1), "queries": len(queries)}


def measure_backend(database_url: str, backend: str, sizes, per_learner: int) -> dict:
    _setup_django(database_url)
    from django.core.management import call_command
    from django.test import Client

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    teams = _populate(sizes, per_learner)
    from progress.models import Statement

    print(
        f"  {backend}: {Statement.objects.count():,} statements ready in "
        f"{time.monotonic() - started:.0f} s",
        flush=True,
    )
    figures: dict = {"dashboard": {}, "export_csv": {}}
    for team_id, (size, manager) in teams.items():
        client = Client()
        client.force_login(manager)
        figures["dashboard"][size] = _measure(client, f"/api/progress/teams/{team_id}/dashboard/")
        figures["export_csv"][size] = _measure(client, f"/api/progress/teams/{team_id}/export.csv")
        print(f"  {backend} {size} learners: {figures['dashboard'][size]} "
              f"csv {figures['export_csv'][size]}", flush=True)  # fmt: skip
    small, large = min(sizes), max(sizes)
    results = {}
    for page, by_size in figures.items():
        baseline = {"learners": small, **by_size[small]}
        measured = {"learners": large, **by_size[large]}
        ratio = measured["median_ms"] / baseline["median_ms"] if baseline["median_ms"] else None
        results[f"{page}_{backend}"] = {
            "measured": measured,
            "baseline": baseline,
            "ratio": round(ratio, 2) if ratio else None,
            "limit": {"median_ms": LIMIT_MS, "ratio": large / small},
            "ok": bool(
                measured["median_ms"] < LIMIT_MS
                and ratio is not None
                and ratio <= large / small
                and measured["queries"] == baseline["queries"]
            ),
            "table": {
                "measure": f"{page} {backend}: median ms, {large} vs {small} learners",
                "kohtaamo": measured["median_ms"],
                "baseline": baseline["median_ms"],
                "floor": f"< {LIMIT_MS:.0f} ms, ratio <= {large // small}, same queries",
            },
        }
    return results


def _scratch_postgres(url: str):
    """Create a scratch database beside the one ``url`` names; returns (url, drop)."""
    import psycopg

    parsed = urlparse(url)
    name = f"kohtaamo_bench_{os.getpid()}"
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return parsed._replace(path=f"/{name}").geturl(), drop


def _child(backend: str, quick: bool) -> dict:
    """Run one backend in a fresh interpreter (Django is configured once per process)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        output = handle.name
    command = [sys.executable, "-m", "bench.dashboard", "--backend", backend, "--output", output]
    if quick:
        command.append("--quick")
    subprocess.run(command, cwd=ROOT, check=True)
    result = json.loads(Path(output).read_text())
    Path(output).unlink(missing_ok=True)
    return result


def run(quick: bool = False) -> dict:
    results = _child("sqlite", quick)
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        results.update(_child("postgresql", quick))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--output")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = (10, 100) if args.quick else SIZES
    per_learner = 30 if args.quick else STATEMENTS_PER_LEARNER
    drop = None
    if args.backend == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="kohtaamo-bench-dashboard-"))
        url = f"sqlite:///{folder / 'dashboard.sqlite3'}"

        def drop():
            shutil.rmtree(folder, ignore_errors=True)

    else:
        url, drop = _scratch_postgres(os.environ["DATABASE_URL"])
    try:
        results = measure_backend(url, args.backend, sizes, per_learner)
    finally:
        if drop is not None:
            from django.db import connections

            connections.close_all()
            drop()
    text = json.dumps(results, indent=1)
    if args.output:
        Path(args.output).write_text(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
