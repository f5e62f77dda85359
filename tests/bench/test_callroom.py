"""The call-room benchmark at a tiny size: one and two call rooms beside two text
rooms, on the seeded SQLite copy, through ``make bench``'s entries. It runs, every
chunk it uploads is stored, every signal is relayed without an error frame, and the
figures it reports are sane. About a minute once the seeded database is cached.
"""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import callroom
from bench.__main__ import summary, table

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.timeout(230)


def test_the_audio_is_cut_like_a_recorder_with_the_header_first():
    chunks = callroom.opus_chunks(5.0, 1.0)
    assert 4 <= len(chunks) <= 6
    assert chunks[0].startswith(b"\x1a\x45\xdf\xa3")
    assert not any(chunk.startswith(b"\x1a\x45\xdf\xa3") for chunk in chunks[1:])
    # Opus at 32 kbit/s: about 4 KiB a second of call.
    assert all(1500 < len(chunk) < 12000 for chunk in chunks[1:-1])


def test_the_descriptions_send_only_along_the_paths_of_the_mode():
    assert callroom.direction("listen", "coach", "agent") == "recvonly"
    assert callroom.direction("listen", "agent", "coach") == "sendonly"
    assert callroom.direction("whisper", "coach", "agent") == "sendrecv"
    assert callroom.direction("whisper", "coach", "customer") == "recvonly"
    assert callroom.direction("barge", "coach", "customer") == "sendrecv"
    assert callroom.direction("barge", "observer", "agent") == "recvonly"


def test_a_tiny_call_room_run_stores_every_chunk_and_reports_sane_figures(tmp_path):
    output = tmp_path / "callroom.json"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    completed = subprocess.run(
        [sys.executable, "-m", "bench.callroom", "--sqlite", "--levels", "1,2", "--window", "2",
         "--warmup", "1", "--timeslice", "1", "--text-rooms", "2", "--text-seconds", "1.5",
         "--output", str(output)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=220,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    entries = json.loads(output.read_text())
    assert list(entries) == ["callroom/cpu", "callroom/memory", "callroom/intake", "callroom/relay"]
    for entry in entries.values():
        assert set(entry["table"]) == {"measure", "kohtaamo", "baseline", "floor"}
        assert isinstance(entry["ratio"], float) and math.isfinite(entry["ratio"])

    steps = entries["callroom/cpu"]["steps"]
    assert [(s["rooms"], s["opened"]) for s in steps] == [(1, 1), (2, 2)]
    for step in steps:
        assert step["errors"] == {}  # no error frame, no refused upload, no close
        assert step["chunks_stored"] > 0 and step["rtc_received"] > 0
        assert set(step["statuses"]) <= {"200", "201"}
        assert 0 < step["server_cpu_ms_per_s"] < 2000
        assert step["rss_mb"] > 20
    # Three recorders at a chunk a second each: about three uploads a second a room.
    assert 2 * 3 * 2 * 0.5 <= steps[-1]["chunks_due"] <= 2 * 3 * 2 * 1.5
    assert entries["callroom/intake"]["ok"] is True

    relay = entries["callroom/relay"]
    assert relay["alone"]["lost"] == 0 and relay["beside"]["lost"] == 0
    assert relay["beside"]["call_rooms"] == 2
    assert relay["alone"]["offered_deliveries_per_s"] == 2 * 2 * 8 * 3

    text = table({"callroom": summary(entries, 1)})
    assert text.count("callroom") == 4
