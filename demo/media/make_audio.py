"""Generate the demo call recordings with espeak-ng (development only).

    apt-get install -y espeak-ng
    python demo/media/make_audio.py

Writes ``call-<language>-<version>.wav`` (6 kHz, 8-bit mono: telephone bandwidth, and
small enough to commit) and ``timings.json`` with when each line starts. Seeding reads
the committed files, so running the demo needs no espeak-ng.
"""

import json
import subprocess
import sys
import tempfile
import warnings
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from demo.courses_calls import CALLS, VOICES  # noqa: E402

with warnings.catch_warnings():
    # Deprecated since 3.11 but present until 3.13; fine for a development tool.
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

RATE = 6000
PAUSE_SECONDS = 0.4


def speak(text: str, voice: str, speed: int) -> bytes:
    """Text to unsigned 8-bit mono frames at ``RATE``."""
    with tempfile.NamedTemporaryFile(suffix=".wav") as out:
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-w", out.name, text], check=True
        )
        with wave.open(out.name) as source:
            frames = source.readframes(source.getnframes())
            width, rate = source.getsampwidth(), source.getframerate()
    frames, _state = audioop.ratecv(frames, width, 1, rate, RATE, None)
    frames = audioop.lin2lin(frames, width, 1)
    return audioop.bias(frames, 1, 128)  # WAV stores 8-bit samples unsigned


def main() -> None:
    timings = {}
    for language, versions in CALLS.items():
        for version, lines in versions.items():
            speed = 165 if version == "warm" else 185
            silence = bytes([128]) * int(RATE * PAUSE_SECONDS)
            audio, starts = b"", []
            for speaker, text in lines:
                starts.append(round(len(audio) / RATE))
                audio += speak(text, VOICES[(language, speaker)], speed) + silence
            path = HERE / f"call-{language}-{version}.wav"
            with wave.open(str(path), "wb") as target:
                target.setnchannels(1)
                target.setsampwidth(1)
                target.setframerate(RATE)
                target.writeframes(audio)
            timings[f"{language}-{version}"] = starts
            print(f"{path.name}: {len(audio) / RATE:.1f} s, {path.stat().st_size // 1024} KB")
    (HERE / "timings.json").write_text(json.dumps(timings, indent=2) + "\n")


if __name__ == "__main__":
    main()
