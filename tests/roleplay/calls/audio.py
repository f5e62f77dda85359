"""Known audio for the call recording tests: a 1 kHz tone at chosen seconds, encoded
the way a browser's MediaRecorder sends it (Opus in WebM), and the loudness of a
merged file per second and channel."""

import io
import math
from array import array

import av

RATE = 48_000


def tone_pcm(seconds: float, loud: list[tuple[float, float]]) -> bytes:
    """Mono s16 PCM of ``seconds``, a 1 kHz tone within each (from, to) of ``loud``."""
    samples = array("h", bytes(2 * int(seconds * RATE)))
    for first, last in loud:
        for i in range(int(first * RATE), min(len(samples), int(last * RATE))):
            samples[i] = int(9000 * math.sin(2 * math.pi * 1000 * i / RATE))
    return samples.tobytes()


def webm_opus(seconds: float, loud: list[tuple[float, float]], fmt: str = "webm") -> bytes:
    pcm = tone_pcm(seconds, loud)
    out = io.BytesIO()
    with av.open(out, "w", format=fmt) as container:
        stream = container.add_stream("libopus", rate=RATE, layout="mono")
        step = 960
        for pts, first in enumerate(range(0, len(pcm) // 2, step)):
            raw = pcm[first * 2 : (first + step) * 2]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(raw) // 2)
            plane = frame.planes[0]
            plane.update(raw + bytes(plane.buffer_size - len(raw)))
            frame.sample_rate = RATE
            frame.pts = pts * step
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def split(data: bytes, sizes: list[int]) -> list[bytes]:
    """Cut ``data`` at arbitrary byte offsets (the sizes cycle) like a timeslice does."""
    parts, at, i = [], 0, 0
    while at < len(data):
        size = sizes[i % len(sizes)]
        parts.append(data[at : at + size])
        at += size
        i += 1
    return parts


def loudness(data: bytes) -> tuple[float, list[list[float]]]:
    """``(duration in seconds, RMS per second for each channel)`` of a file."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        channels = stream.codec_context.channels
        rate = stream.codec_context.sample_rate
        resampler = av.AudioResampler(format="s16", layout=stream.codec_context.layout, rate=rate)
        pcm = bytearray()
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                pcm += bytes(out.planes[0])[: out.samples * 2 * channels]
    samples = array("h", bytes(pcm))
    frames = len(samples) // channels
    per_channel = []
    for channel in range(channels):
        values = samples[channel::channels]
        seconds = []
        for first in range(0, frames, rate):
            window = values[first : first + rate : 4]
            seconds.append(math.sqrt(sum(v * v for v in window) / max(1, len(window))))
        per_channel.append(seconds)
    return frames / rate, per_channel
