"""Parsing and checking client frames, before anything touches the database.

``parse_frame`` turns one WebSocket text frame into a ``ClientFrame`` or raises
``FrameError`` with the protocol's error code. ``RateLimiter`` counts frames per
participant.
"""

import json
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

MAX_FRAME_BYTES = 16 * 1024
MAX_TEXT_CHARS = 4000
MAX_CLIENT_MSG_ID = 64

FRAMES_PER_SECOND = 10
# WebRTC signalling comes in bursts: a renegotiation is a description and the ICE
# candidates the browser trickles after it (several per network interface), and a
# coach changing the mode renegotiates two connections at once. Its own budget keeps
# a call's candidates from being refused by the room's limit on everything else.
SIGNALS_PER_SECOND = 40
REFUSED_BEFORE_CLOSE = 20
REFUSED_WINDOW_SECONDS = 10.0

CONTROL_ACTIONS = ("start", "pause", "resume", "end")
PLAYBACK_ACTIONS = ("play", "pause", "seek")
CLIENT_TYPES = (
    "say",
    "whisper",
    "control",
    "inject",
    "score",
    "resume",
    "typing",
    "playback",
    "mark",
    "rtc",
    "call",
)
CALL_ACTIONS = ("join", "leave", "mute", "unmute", "mode", "end")
CALL_MODES = ("listen", "whisper", "barge")
DESCRIPTION_TYPES = ("offer", "answer")
# A position on a recording's timeline: seconds (audio) or a line number (transcript).
MAX_POSITION = 24 * 60 * 60


class FrameError(Exception):
    def __init__(self, code: str, detail: str, client_msg_id: str | None = None):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.client_msg_id = client_msg_id


@dataclass(frozen=True)
class ClientFrame:
    type: str
    client_msg_id: str | None = None
    text: str | None = None
    action: str | None = None
    twist: int | None = None
    criterion: int | None = None
    value: int | None = None
    note: str = ""
    after_seq: int | None = None
    choice: int | None = None
    position: float | None = None
    to: int | None = None
    signal: dict | None = None
    mode: str | None = None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(data: dict, key: str, msg_id: str | None, *, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise FrameError(
            "invalid", _("“%(field)s” must be a non-empty text.") % {"field": key}, msg_id
        )
    if len(value) > MAX_TEXT_CHARS:
        raise FrameError(
            "too_large",
            _("A text may have at most %(max)d characters.") % {"max": MAX_TEXT_CHARS},
            msg_id,
        )
    if "\x00" in value:  # PostgreSQL stores no NUL in a text column
        raise FrameError("invalid", _("A text may not contain the NUL character."), msg_id)
    return value


def _integer(data: dict, key: str, msg_id: str | None) -> int:
    value = data.get(key)
    if not _is_int(value):
        raise FrameError(
            "invalid", _("“%(field)s” must be a whole number.") % {"field": key}, msg_id
        )
    return value


def _position(data: dict, msg_id: str | None) -> float:
    value = data.get("position")
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value <= MAX_POSITION
    ):
        raise FrameError(
            "invalid",
            _("“position” must be a number of seconds from 0 to %(max)d.") % {"max": MAX_POSITION},
            msg_id,
        )
    return round(float(value), 2)


def parse_frame(raw: str) -> ClientFrame:
    """One client frame, checked for shape and size (not for role or state)."""
    if len(raw) > MAX_FRAME_BYTES or len(raw.encode()) > MAX_FRAME_BYTES:
        raise FrameError(
            "too_large", _("A frame may be at most %(max)d bytes.") % {"max": MAX_FRAME_BYTES}
        )
    try:
        data = json.loads(raw)
    except ValueError:
        raise FrameError("invalid", _("The frame is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise FrameError("invalid", _("A frame must be a JSON object."))

    msg_id = data.get("client_msg_id")
    if msg_id is not None and (
        not isinstance(msg_id, str) or not msg_id or len(msg_id) > MAX_CLIENT_MSG_ID
    ):
        raise FrameError(
            "invalid",
            _("“client_msg_id” must be a text of 1 to %(max)d characters.")
            % {"max": MAX_CLIENT_MSG_ID},
        )
    kind = data.get("type")
    if kind not in CLIENT_TYPES:
        raise FrameError("invalid", _("Unknown frame type."), msg_id)

    if kind == "say" and data.get("choice") is not None:
        choice = _integer(data, "choice", msg_id)
        if choice < 0:
            raise FrameError("invalid", _("“choice” cannot be negative."), msg_id)
        return ClientFrame(type=kind, client_msg_id=msg_id, choice=choice)
    if kind in ("say", "whisper"):
        return ClientFrame(type=kind, client_msg_id=msg_id, text=_text(data, "text", msg_id))
    if kind == "playback":
        action = data.get("action")
        if action not in PLAYBACK_ACTIONS:
            raise FrameError("invalid", _("“action” must be play, pause or seek."), msg_id)
        return ClientFrame(
            type=kind, client_msg_id=msg_id, action=action, position=_position(data, msg_id)
        )
    if kind == "mark":
        return ClientFrame(
            type=kind,
            client_msg_id=msg_id,
            position=_position(data, msg_id),
            text=_text(data, "text", msg_id),
        )
    if kind == "control":
        action = data.get("action")
        if action not in CONTROL_ACTIONS:
            raise FrameError("invalid", _("“action” must be start, pause, resume or end."), msg_id)
        return ClientFrame(type=kind, client_msg_id=msg_id, action=action)
    if kind == "inject":
        has_twist, has_text = data.get("twist") is not None, data.get("text") is not None
        if has_twist == has_text:
            raise FrameError("invalid", _("Inject either a “twist” or a “text”."), msg_id)
        if has_twist:
            return ClientFrame(
                type=kind, client_msg_id=msg_id, twist=_integer(data, "twist", msg_id)
            )
        return ClientFrame(type=kind, client_msg_id=msg_id, text=_text(data, "text", msg_id))
    if kind == "score":
        criterion = _integer(data, "criterion", msg_id)
        value = _integer(data, "value", msg_id)
        if not 1 <= value <= 5:
            raise FrameError("invalid", _("A score is from 1 to 5."), msg_id)
        note = _text(data, "note", msg_id, required=False) or ""
        return ClientFrame(
            type=kind, client_msg_id=msg_id, criterion=criterion, value=value, note=note
        )
    if kind == "rtc":
        return ClientFrame(
            type=kind,
            client_msg_id=msg_id,
            to=_integer(data, "to", msg_id),
            signal=_signal(data.get("signal"), msg_id),
        )
    if kind == "call":
        action, mode = data.get("action"), data.get("mode")
        if action not in CALL_ACTIONS:
            raise FrameError(
                "invalid",
                _("“action” must be join, leave, mute, unmute, mode or end."),
                msg_id,
            )
        if action == "mode" and mode not in CALL_MODES:
            raise FrameError("invalid", _("“mode” must be listen, whisper or barge."), msg_id)
        return ClientFrame(
            type=kind, client_msg_id=msg_id, action=action, mode=mode if action == "mode" else None
        )
    if kind == "resume":
        after_seq = _integer(data, "after_seq", msg_id)
        if after_seq < 0:
            raise FrameError("invalid", _("“after_seq” cannot be negative."), msg_id)
        return ClientFrame(type=kind, client_msg_id=msg_id, after_seq=after_seq)
    return ClientFrame(type=kind, client_msg_id=msg_id)


def _signal(signal: Any, msg_id: str | None) -> dict:
    """A WebRTC signal: ``{"description": {"type": "offer"|"answer", "sdp": …}}`` or
    ``{"candidate": {…}|null}`` (an ICE candidate, null for the end of candidates)."""
    if isinstance(signal, dict) and set(signal) == {"description"}:
        description = signal["description"]
        if (
            isinstance(description, dict)
            and description.get("type") in DESCRIPTION_TYPES
            and isinstance(description.get("sdp"), str)
        ):
            return {"description": {"type": description["type"], "sdp": description["sdp"]}}
    if isinstance(signal, dict) and set(signal) == {"candidate"}:
        candidate = signal["candidate"]
        if candidate is None or (
            isinstance(candidate, dict) and isinstance(candidate.get("candidate"), str)
        ):
            return {"candidate": candidate}
    raise FrameError(
        "invalid",
        _("“signal” must hold a “description” (offer or answer with its sdp) or a “candidate”."),
        msg_id,
    )


class RateLimiter:
    """More than ``FRAMES_PER_SECOND`` frames in a second are refused, and more than
    ``SIGNALS_PER_SECOND`` ``rtc`` signals (a budget of their own); a participant who
    has more than ``REFUSED_BEFORE_CLOSE`` frames of either refused within
    ``REFUSED_WINDOW_SECONDS`` is disconnected."""

    OK, LIMITED, ABUSE = "ok", "limited", "abuse"

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.frames: deque[float] = deque()
        self.signals: deque[float] = deque()
        self.refused: deque[float] = deque()

    def hit(self, *, signal: bool = False) -> str:
        now = self.clock()
        taken, budget = (
            (self.signals, SIGNALS_PER_SECOND) if signal else (self.frames, FRAMES_PER_SECOND)
        )
        while taken and now - taken[0] >= 1.0:
            taken.popleft()
        while self.refused and now - self.refused[0] >= REFUSED_WINDOW_SECONDS:
            self.refused.popleft()
        if len(taken) < budget:
            taken.append(now)
            return self.OK
        self.refused.append(now)
        return self.ABUSE if len(self.refused) > REFUSED_BEFORE_CLOSE else self.LIMITED
