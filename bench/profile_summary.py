"""Where a server's time went, from py-spy's raw output (``BENCH_PROFILE``).

    python -m bench.profile_summary FILE... [--top N]

prints, over all the files together, the share of samples per function *including*
what it calls (inclusive) and the functions the samples were in (self), each as
``function (file)``. The lines are paths shortened to the package.
"""

import argparse
import re
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^:()]*)(?::\d+)?\)$")


def _short(frame: str) -> str:
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["file"]
    for marker in ("site-packages/", "/relay/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{match['function']} ({path})"


def summarise(paths: list[Path]) -> tuple[Counter, Counter, int]:
    inclusive: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for path in paths:
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = [_short(frame) for frame in stack.split(";") if frame]
            samples = int(count)
            total += samples
            own[frames[-1]] += samples
            for frame in set(frames):
                inclusive[frame] += samples
    return inclusive, own, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    inclusive, own, total = summarise(args.files)
    for title, counter in (("inclusive", inclusive), ("self", own)):
        print(f"{title} (of {total} samples)")
        for frame, samples in counter.most_common(args.top):
            print(f"  {100 * samples / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
