"""The ``make bench`` runner: run registered benchmarks, print a table, save the results.

A benchmark is a module with ``run(quick: bool) -> dict``: one key per measurement,
each holding ``measured`` and ``baseline`` (dicts of figures), ``ratio`` (a number)
and optionally ``limit`` and ``ok``. Each benchmark runs in a fresh interpreter, so
that it may configure Django (database, settings) as it needs. Register a new one in
``BENCHMARKS``.

    python -m bench                 # all of them
    python -m bench dashboard       # some of them
    python -m bench --quick         # smaller sizes, for a smoke test
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
    "dashboard": "bench.dashboard",
    "relay": "bench.relay",
}


def run_child(name: str, output: str, quick: bool) -> None:
    module = importlib.import_module(BENCHMARKS[name])
    result = module.run(quick=quick)
    Path(output).write_text(json.dumps(result, indent=1, default=str))


def run_one(name: str, quick: bool) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        output = handle.name
    command = [sys.executable, "-m", "bench", "--child", name, "--output", output]
    if quick:
        command.append("--quick")
    started = time.monotonic()
    completed = subprocess.run(command, cwd=ROOT)
    if completed.returncode != 0:
        return {f"{name}": {"error": f"exited with {completed.returncode}"}}
    result = json.loads(Path(output).read_text())
    Path(output).unlink(missing_ok=True)
    print(f"  ({name} took {time.monotonic() - started:.0f} s)", flush=True)
    return result


def _figures(values: dict | None) -> str:
    if not values:
        return "-"
    return ", ".join(f"{key}={value}" for key, value in values.items())


def table(results: dict) -> str:
    rows = [("benchmark", "baseline", "measured", "ratio", "ok")]
    for key, entry in results.items():
        if "error" in entry:
            rows.append((key, "-", entry["error"], "-", "no"))
            continue
        ok = entry.get("ok")
        rows.append(
            (
                key,
                _figures(entry.get("baseline")),
                _figures(entry.get("measured")),
                f"{entry['ratio']:.2f}" if isinstance(entry.get("ratio"), int | float) else "-",
                "-" if ok is None else ("yes" if ok else "NO"),
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"some of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke test")
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
        results.update(run_one(name, args.quick))
    print()
    print(table(results))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    written_at = datetime.now(UTC).isoformat()
    for entry in results.values():
        entry.update({"written_at": written_at, "quick": args.quick})
    previous.update(results)
    RESULTS.write_text(json.dumps(previous, indent=1, default=str) + "\n")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    failed = [key for key, entry in results.items() if entry.get("ok") is False or "error" in entry]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
