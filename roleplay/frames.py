"""The JSON frames the server sends, built in one place for live, replay and REST."""

import json
from typing import Any

from .models import SessionEvent


def dumps(frame: dict[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def event_frame(event: SessionEvent) -> dict[str, Any]:
    """``{"type": "event", "seq": …, "kind": …, …}`` plus the kind's own fields."""
    frame = {
        "type": "event",
        "seq": event.seq,
        "kind": event.kind,
        "role": event.role,
        "author": {"id": event.author_id, "name": event.author_name} if event.author_id else None,
        "text": event.text,
        "at": event.created_at.isoformat(),
        "client_msg_id": event.client_msg_id,
    }
    frame.update(event.data)
    return frame


def ack_frame(*, client_msg_id: str | None, seq: int) -> dict[str, Any]:
    return {"type": "ack", "client_msg_id": client_msg_id, "seq": seq}


def error_frame(*, code: str, detail: str, client_msg_id: str | None = None) -> dict[str, Any]:
    return {"type": "error", "code": code, "detail": str(detail), "client_msg_id": client_msg_id}
