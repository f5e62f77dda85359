"""The JSON frames the server sends, built in one place for live, replay and REST."""

import json
from datetime import datetime
from typing import Any

from ..models import SessionEvent


def dumps(frame: dict[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def event_frame(event: SessionEvent) -> dict[str, Any]:
    """``{"type": "event", "seq": …, "kind": …, …}`` plus the kind's own fields."""
    return stored_frame(
        seq=event.seq,
        kind=event.kind,
        role=event.role,
        author_id=event.author_id,
        author_name=event.author_name,
        text=event.text,
        created_at=event.created_at,
        client_msg_id=event.client_msg_id,
        data=event.data,
    )


def stored_frame(
    *,
    seq: int,
    kind: str,
    role: str,
    author_id: int | None,
    author_name: str,
    text: str,
    created_at: datetime,
    client_msg_id: str | None,
    data: dict[str, Any],
) -> dict[str, Any]:
    """The event frame from its stored fields (the batch writer has no model instance)."""
    frame = {
        "type": "event",
        "seq": seq,
        "kind": kind,
        "role": role,
        "author": {"id": author_id, "name": author_name} if author_id else None,
        "text": text,
        "at": created_at.isoformat(),
        "client_msg_id": client_msg_id,
    }
    frame.update(data)
    return frame


def ack_frame(*, client_msg_id: str | None, seq: int) -> dict[str, Any]:
    return {"type": "ack", "client_msg_id": client_msg_id, "seq": seq}


def error_frame(*, code: str, detail: str, client_msg_id: str | None = None) -> dict[str, Any]:
    return {"type": "error", "code": code, "detail": str(detail), "client_msg_id": client_msg_id}
