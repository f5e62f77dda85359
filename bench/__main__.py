"""The ``make bench`` runner: run registered benchmarks, print a table, save the results.

A benchmark is a module with ``run(quick: bool) -> dict``: one key per measurement,
each holding ``measured`` and ``baseline`` (dicts of figures), ``ratio`` (a number)
and optionally ``limit``, ``ok`` and ``table`` (the row it shows: ``measure``,
``kohtaamo``, ``baseline``, ``floor``). Each benchmark runs in a fresh interpreter, so
that it may configure Django (database, settings) as it needs. Register a new one in
``BENCHMARKS``.

The table has one row per measurement. ``bench/results/latest.json`` has one key per
benchmark: its first (headline) measurement's ``measured``, ``baseline``, ``ratio``,
``limit`` and ``table``, ``ok`` for all of its measurements together, every
measurement under ``entries``, and ``seconds``, ``quick`` and ``written_at``.

    python -m bench                 # all of them (about 10 minutes on 2 cores)
    python -m bench idle lesson     # some of them
    python -m bench --quick         # smaller sizes, a few minutes in all
    python -m bench --strict        # exit 1 when a floor is not met
"""

import argparse
import importlib
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"

# name -> module with run(quick)
BENCHMARKS = {
    "relay": "bench.relay",
    "idle": "bench.idle",
    "dashboard": "bench.dashboard",
    "lesson": "bench.lesson",
    "callmerge": "bench.callmerge",
    "callroom": "bench.callroom",
}


def run_child(name: str, output: str, quick: bool) -> None:
    module = importlib.import_module(BENCHMARKS[name])
    result = module.run(quick=quick)
    Path(output).write_text(json.dumps(result, indent=1, default=str))


def run_one(name: str, quick: bool) -> dict:
    """Run one benchmark in a child interpreter; returns its entry for latest.json."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        output = handle.name
    command = [sys.executable, "-m", "bench", "--child", name, "--output", output]
    if quick:
        command.append("--quick")
    started = time.monotonic()
    completed = subprocess.run(command, cwd=ROOT)
    seconds = round(time.monotonic() - started)
    if completed.returncode != 0:
        entries = {name: {"error": f"exited with {completed.returncode}"}}
    else:
        entries = json.loads(Path(output).read_text())
    Path(output).unlink(missing_ok=True)
    print(f"  ({name} took {seconds} s)", flush=True)
    return summary(entries, seconds)


def summary(entries: dict, seconds: float) -> dict:
    """One benchmark's result: the headline (first) measurement and all of them."""
    headline = next(iter(entries.values()), {})
    result = {
        key: headline.get(key)
        for key in ("measured", "baseline", "ratio", "limit", "table", "error")
        if key in headline
    }
    failed = [e for e in entries.values() if e.get("ok") is False or "error" in e]
    checked = [e for e in entries.values() if "ok" in e or "error" in e]
    result["ok"] = None if not checked else not failed
    result["seconds"] = seconds
    result["entries"] = entries
    return result


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _row(benchmark: str, key: str, entry: dict) -> tuple:
    if "error" in entry:
        return (benchmark, key, "-", "-", "-", "-", f"NO ({entry['error']})")
    shown = entry.get("table") or {}
    measured = entry.get("measured") or {}
    baseline = entry.get("baseline") or {}
    ok = entry.get("ok")
    return (
        benchmark,
        shown.get("measure", key),
        _cell(shown.get("kohtaamo", next(iter(measured.values()), None))),
        _cell(shown.get("baseline", next(iter(baseline.values()), None))),
        _cell(entry.get("ratio")),
        shown.get("floor", _cell(entry.get("limit"))),
        "-" if ok is None else ("yes" if ok else "NO"),
    )


def table(results: dict) -> str:
    header = ("benchmark", "measure", "Kohtaamo", "baseline", "ratio", "floor", "met?")
    rows = [header]
    for name, result in results.items():
        for key, entry in result["entries"].items():
            rows.append(_row(name, key, entry))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    right = {2, 3, 4}
    lines = [
        "  ".join(
            str(cell).rjust(width) if i in right and row is not header else str(cell).ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"some of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke test")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a floor is not met (a report otherwise)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.output, args.quick)
        return 0
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    results: dict = {}
    for name in args.names or BENCHMARKS:
        print(f"running {name} ...", flush=True)
        results[name] = run_one(name, args.quick)
    print()
    print(table(results))
    for result in results.values():  # a benchmark's own table of details, if it has one
        for entry in result["entries"].values():
            if entry.get("detail"):
                print(f"\n{entry['detail']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    # Keep earlier results of benchmarks not run this time; drop keys of old layouts.
    kept = {name: previous[name] for name in BENCHMARKS if name in previous}
    written_at = datetime.now(UTC).isoformat()
    for result in results.values():
        result.update({"written_at": written_at, "quick": args.quick})
    kept.update(results)
    ordered = {name: kept[name] for name in BENCHMARKS if name in kept}
    RESULTS.write_text(json.dumps(ordered, indent=1, default=str) + "\n")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    unmet = [name for name, result in results.items() if result["ok"] is False]
    if unmet:
        print(f"floors not met: {', '.join(unmet)}")
    # A floor not met is a result in the table, not a failed run (unless --strict).
    return 1 if unmet and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
