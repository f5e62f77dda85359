"""Generate the demo recordings with espeak-ng and sox (development only).

    apt-get install -y espeak-ng sox
    python demo/media/make_audio.py

Writes ``call-<language>-<version>.ogg`` (16 kHz mono Ogg Vorbis at its lowest quality
setting, about 20 kbit/s: clear speech, and small enough to commit) and ``timings.json``
with when each line starts. Seeding reads the committed files, so running the demo
needs neither tool.

The cold and the warm version differ in how they are spoken, not only in the words:
the cold agent is fast, low and flat with no pause before answering; the warm agent is
slower, with a livelier pitch and pauses that let the customer finish. The customer
sounds the same at the start of both calls and follows the agent's tone at the end.
These are synthetic stand-ins: an organisation replaces them with its own recordings.
"""

import json
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from demo.courses_calls import CALLS, VOICES  # noqa: E402

RATE = 16000

# version: speaker: (rate %, pitch, range, pause after a sentence in ms)
PROSODY = {
    "cold": {"agent": ("+20%", "-15%", "x-low", 0), "customer": ("+0%", "+0%", "low", 150)},
    "warm": {"agent": ("-12%", "+10%", "x-high", 350), "customer": ("+0%", "+5%", "high", 250)},
    "why": {"agent": ("-10%", "+0%", "high", 400), "customer": ("-10%", "+0%", "medium", 400)},
}
# Silence before each line: the cold agent answers at once, the warm one lets it land.
GAP = {"cold": 0.15, "warm": 0.7, "why": 0.9}


def ssml(text: str, version: str, speaker: str) -> str:
    rate, pitch, contour, pause = PROSODY[version][speaker]
    sentences = [s for s in text.replace("...", "…").split(". ") if s]
    pause_tag = f'<break time="{pause}ms"/>' if pause else ""
    body = (". " + pause_tag).join(escape(s) for s in sentences)
    return (
        f'<speak><prosody rate="{rate}" pitch="{pitch}" range="{contour}">{body}</prosody></speak>'
    )


def voice(language: str, version: str, speaker: str) -> str:
    return VOICES.get((language, version, speaker), VOICES[(language, speaker)])


def speak(text: str, language: str, version: str, speaker: str) -> bytes:
    """One line as 16-bit mono frames at ``RATE``."""
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw.wav", Path(tmp) / "out.wav"
        subprocess.run(
            ["espeak-ng", "-m", "-v", voice(language, version, speaker), "-w", str(raw)]
            + [ssml(text, version, speaker)],
            check=True,
        )
        subprocess.run(
            ["sox", str(raw), "-r", str(RATE), "-b", "16", "-c", "1", str(out)], check=True
        )
        with wave.open(str(out)) as source:
            return source.readframes(source.getnframes())


def main() -> None:
    timings = {}
    for language, versions in CALLS.items():
        for version, lines in versions.items():
            audio, starts = b"", []
            for speaker, text in lines:
                audio += b"\0\0" * int(RATE * GAP[version])
                starts.append(round(len(audio) / 2 / RATE))
                audio += speak(text, language, version, speaker)
            audio += b"\0\0" * int(RATE * 0.5)
            with tempfile.TemporaryDirectory() as tmp:
                pcm = Path(tmp) / "call.wav"
                with wave.open(str(pcm), "wb") as target:
                    target.setnchannels(1)
                    target.setsampwidth(2)
                    target.setframerate(RATE)
                    target.writeframes(audio)
                path = HERE / f"call-{language}-{version}.ogg"
                subprocess.run(["sox", str(pcm), "-C", "0", str(path)], check=True)
            timings[f"{language}-{version}"] = starts
            seconds = len(audio) / 2 / RATE
            print(f"{path.name}: {seconds:.1f} s, {path.stat().st_size // 1024} KB")
    (HERE / "timings.json").write_text(json.dumps(timings, indent=2) + "\n")


if __name__ == "__main__":
    main()
