"""The idle and lesson benchmarks at a tiny size: they run, and their numbers are sane.

Both run as child processes (each configures Django for itself, on a copy of the
seeded benchmark database, never on the test database), side by side to keep this
short. The first run on a machine also builds the cached seeded database
(``bench.seeded``, about 40 s); later runs take about 20 s.
"""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import seeded
from bench.__main__ import summary, table

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.timeout(200)


def _env() -> dict[str, str]:
    # Always the SQLite copy: DATABASE_URL in a services run names a real database.
    return {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }


def _start(module: str, output: Path, *arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", module, "--output", str(output), *arguments],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(process: subprocess.Popen, output: Path) -> dict:
    log, _ = process.communicate(timeout=180)
    assert process.returncode == 0, log
    return json.loads(output.read_text())


def run_both(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("bench")
    if not (seeded.CACHE / seeded.database_key() / "db.sqlite3").exists():
        # Build the cached database once, before two runs race to build it.
        subprocess.run(
            [sys.executable, "-c", "from bench import seeded; seeded.cleanup(seeded.prepare())"],
            cwd=ROOT,
            env=_env(),
            check=True,
        )
    idle = _start(
        "bench.idle", folder / "idle.json", "--connections", "20", "--warmup-rooms", "1",
        "--settle", "0.5",
    )  # fmt: skip
    lesson = _start(
        "bench.lesson", folder / "lesson.json", "--seconds", "2", "--threads", "2",
        "--warmup", "0.5",
    )  # fmt: skip
    return {
        "idle": _finish(idle, folder / "idle.json"),
        "lesson": _finish(lesson, folder / "lesson.json"),
    }


def _entry_shape(entry: dict) -> None:
    assert set(entry) >= {"measured", "baseline", "ratio", "limit", "ok", "table"}
    assert set(entry["table"]) == {"measure", "kohtaamo", "baseline", "floor"}
    assert isinstance(entry["ratio"], float) and math.isfinite(entry["ratio"])
    json.dumps(entry)  # what latest.json will hold


def check_idle_connections_are_counted_and_measured(results):
    entry = results["idle"]["idle"]
    _entry_shape(entry)
    for side in ("measured", "baseline"):
        figures = entry[side]
        assert figures["connections"] == 20
        assert figures["open_at_end"] == 20  # every connection welcomed and still open
        assert figures["rss_before_mb"] > 20
        assert figures["rss_after_mb"] >= figures["rss_before_mb"] - 1
        # Twenty connections are few against the allocator's granularity, so the
        # figure is only roughly right; it must still be a plausible size.
        assert -20 < figures["kb_per_connection"] < 1000
        assert 0.9 <= figures["fds_per_connection"] <= 1.1


def check_lesson_pages_are_served_and_compared(results):
    entry = results["lesson"]["lesson"]
    _entry_shape(entry)
    ours, base = entry["measured"], entry["baseline"]
    assert ours["page"] != base["page"]
    for figures in (ours, base):
        assert figures["errors"] == 0
        assert figures["requests"] > 0 and figures["requests_per_s"] > 0
        assert 0 < figures["p50_ms"] <= figures["p99_ms"]
        assert figures["queries"] > 0
    # The lesson page does more (enrolment, outline, the learner's state).
    assert ours["queries"] > base["queries"]
    # The ratio is the median of the rounds' ratios; the totals' ratio is beside it.
    rounds = entry["round_ratios"]
    assert len(rounds) == 2 and all(value > 0 for value in rounds)
    assert entry["ratio"] == pytest.approx(sum(rounds) / 2, abs=0.01)
    totals = ours["requests_per_s"] / base["requests_per_s"]
    assert entry["ratio_of_totals"] == pytest.approx(totals, abs=0.01)


def check_runner_summarises_each_benchmark_under_one_key(results):
    summarised = {name: summary(entries, 1) for name, entries in results.items()}
    for name, result in summarised.items():
        assert set(result) >= {"measured", "baseline", "ratio", "ok", "entries", "seconds"}
        assert list(result["entries"]) == [name]
    text = table(summarised)
    header, _rule, *rows = text.splitlines()
    assert header.split() == ["benchmark", "measure", "Kohtaamo", "baseline", "ratio", "floor",
                              "met?"]  # fmt: skip
    assert [row.split()[0] for row in rows] == ["idle", "lesson"]


def test_the_tiny_benchmarks_run_and_report_sane_figures(tmp_path_factory):
    # One test, not three sharing a fixture: under xdist a module fixture would run
    # once per worker, and each run starts four servers.
    results = run_both(tmp_path_factory)
    check_idle_connections_are_counted_and_measured(results)
    check_lesson_pages_are_served_and_compared(results)
    check_runner_summarises_each_benchmark_under_one_key(results)
