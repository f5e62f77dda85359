"""Merging a call's tracks with PyAV (FFmpeg): each speaker's segments are decoded,
placed on the session clock and written as one Ogg/Opus file of three channels,
``3.0`` layout: front left = agent, front right = customer, front centre = coach
(the coach's whisper and barge-in). Silence wherever no one of that role recorded.

Runs in the worker (``roleplay.tasks.call_recording_merge``), never on the event loop.
Decoding is done in FFmpeg; the Python side only copies whole frames of PCM into
place and interleaves the channels with array slices.
"""

import io
from array import array
from dataclasses import dataclass

import av

RATE = 24_000  # Opus's super-wideband rate: speech stays clear at half the memory of 48k
CHANNELS = ("agent", "customer", "coach")
LAYOUT = "3.0"
BLOCK = RATE  # samples per channel encoded at a time


@dataclass
class Segment:
    start_ms: int
    data: bytearray


def decode_mono(data: bytes) -> bytes:
    """The segment as signed 16-bit mono PCM at ``RATE``. A segment cut off mid-way (a
    page closed during an upload) gives what decodes before the cut."""
    pcm = bytearray()
    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    try:
        with av.open(io.BytesIO(bytes(data)), "r") as container:
            stream = container.streams.audio[0]
            try:
                for frame in container.decode(stream):
                    for out in resampler.resample(frame):
                        pcm += bytes(out.planes[0])[: out.samples * 2]
            except (av.error.InvalidDataError, av.error.EOFError):
                pass
    except (av.error.InvalidDataError, IndexError):
        return bytes(pcm)
    for out in resampler.resample(None):
        pcm += bytes(out.planes[0])[: out.samples * 2]
    return bytes(pcm)


def place(segments: list[Segment], origin_ms: int) -> bytearray:
    """One channel: every segment's PCM at its offset from ``origin_ms``; a later
    segment overwrites where two overlap."""
    channel = bytearray()
    for segment in sorted(segments, key=lambda s: s.start_ms):
        pcm = decode_mono(segment.data)
        offset = max(0, (segment.start_ms - origin_ms) * RATE // 1000) * 2
        if len(channel) < offset + len(pcm):
            channel.extend(bytes(offset + len(pcm) - len(channel)))
        channel[offset : offset + len(pcm)] = pcm
    return channel


def merge_tracks(
    tracks: dict[str, list[Segment]], *, origin_ms: int, until_ms: int | None = None
) -> tuple[bytes, float]:
    """``(Ogg/Opus bytes, duration in seconds)`` of the tracks by role; with
    ``until_ms``, silence is added after the last audio up to that time."""
    channels = [place(tracks.get(role, []), origin_ms) for role in CHANNELS]
    samples = max(len(channel) for channel in channels) // 2
    if samples == 0:
        raise ValueError("No audio could be decoded from the tracks.")
    if until_ms is not None:
        samples = max(samples, (until_ms - origin_ms) * RATE // 1000)
    for channel in channels:
        channel.extend(bytes(samples * 2 - len(channel)))
    pcm = [array("h", bytes(channel)) for channel in channels]

    out = io.BytesIO()
    with av.open(out, "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=RATE, layout=LAYOUT)
        stream.bit_rate = 64_000
        pts = 0
        for first in range(0, samples, BLOCK):
            count = min(BLOCK, samples - first)
            block = array("h", bytes(count * 2 * len(CHANNELS)))
            for index, channel in enumerate(pcm):
                block[index :: len(CHANNELS)] = channel[first : first + count]
            frame = av.AudioFrame(format="s16", layout=LAYOUT, samples=count)
            raw = block.tobytes()
            plane = frame.planes[0]
            plane.update(raw + bytes(plane.buffer_size - len(raw)))
            frame.sample_rate = RATE
            frame.pts = pts
            pts += count
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue(), samples / RATE
