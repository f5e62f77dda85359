"""A turn of the scripted customer: what it answers and how long it types first.

Pure functions over the script, no database: ``hear`` runs in a worker thread.
"""

from dataclasses import dataclass

from django.conf import settings

from ..scenarios.script import Node, Script
from . import matchers


@dataclass(frozen=True)
class Turn:
    """What the scripted customer answers: ``node`` is where the agent replied (None
    for the opening line), ``text`` every agent line since the customer's last one."""

    session_id: int
    persona: str
    language: str
    script: Script
    node: Node | None
    text: str = ""
    last_agent_seq: int = 0
    choice: int | None = None


def hear(turn: Turn) -> list[str]:
    """The behaviours the agent's reply shows (no database: runs in a worker thread)."""
    if turn.node is None:
        return []
    if turn.choice is not None:
        return list(turn.node.choices[turn.choice].intents)
    matcher = matchers.matcher()
    return matcher.match(turn.text, language=turn.language, context=turn.node.text)


def typing_seconds(text: str) -> float:
    """A natural pause before a line appears: longer lines take longer to type."""
    typing = settings.ROLEPLAY_SOLO_TYPING
    return min(typing["max"], typing["min"] + typing["per_char"] * len(text))


def next_line(turn: Turn, heard: list[str]) -> Node:
    if turn.node is None:
        return turn.script.start
    return turn.script.follow(turn.node, intents=heard, choice=turn.choice).node
