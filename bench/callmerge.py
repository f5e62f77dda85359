"""Merging a recorded call: CPU time and peak memory of ``roleplay.callrecording.merge``
per minute of call, three speakers (agent, customer, coach) each with a track of the
whole call, as the worker merges it (decode WebM/Opus with PyAV, place, encode one
three-channel Ogg/Opus file).

The baseline is the call itself: a minute of audio lasts 60 s. Floor: the merge takes
at most a tenth of the call's length in CPU (a worker keeps up with ten rooms calling
at once on one core).

    python -m bench.callmerge              # a 3-minute call
    python -m bench.callmerge --minutes 1
"""

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_RATIO = 0.1


def measure(minutes: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from roleplay.callrecording.merge import Segment, merge_tracks
    from tests.roleplay.calls.audio import webm_opus

    seconds = 60 * minutes
    # Each speaks in turns of ten seconds; every track runs the whole call.
    tracks = {
        role: [
            Segment(
                0,
                bytearray(webm_opus(seconds, [(s, s + 10) for s in range(turn * 10, seconds, 30)])),
            )
        ]
        for turn, role in enumerate(("agent", "customer", "coach"))
    }
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu, wall = time.process_time(), time.monotonic()
    audio, duration = merge_tracks(tracks, origin_ms=0)
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "minutes": minutes,
        "duration_seconds": duration,
        "cpu_seconds_per_minute": round(cpu / minutes, 3),
        "wall_seconds_per_minute": round(wall / minutes, 3),
        "peak_rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
        "output_kb_per_minute": round(len(audio) / 1024 / minutes, 1),
    }


def run(quick: bool = False) -> dict:
    measured = measure(1 if quick else 3)
    ratio = measured["cpu_seconds_per_minute"] / 60
    return {
        "callmerge": {
            "measured": measured,
            "baseline": {"call_seconds_per_minute": 60},
            "ratio": round(ratio, 4),
            "limit": {"ratio": LIMIT_RATIO},
            "ok": ratio <= LIMIT_RATIO
            and abs(measured["duration_seconds"] - 60 * measured["minutes"]) <= 1,
            "table": {
                "measure": "call merge CPU s per minute of call (3 tracks)",
                "kohtaamo": measured["cpu_seconds_per_minute"],
                "baseline": 60,
                "floor": f"ratio <= {LIMIT_RATIO}",
            },
        }
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(measure(args.minutes), indent=1))
