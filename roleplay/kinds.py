"""The session kinds, one object each: the one place that knows how the kinds differ.

Live role-play, solo practice and recording review share one model, one room (the
consumer, the event log, the fan-out in ``roleplay.room``) and one API. What differs
is declared by a ``Kind``: who may join in which role, which frames the room takes
beyond the common ones and which service stores them, what runs beside the room (the
scripted customer), how a session is opened from the API, how its debrief is built,
how it reports progress, and which pages show its room and its debrief. The room, the
API and the pages ask ``kind_of(session.kind)`` instead of branching on the kind.

Each kind declares itself in its own package (``roleplay/live/kind.py`` and so on),
which imports the room core; the room core imports only this module. So the room
never imports a kind, and a new kind (voice calls are next) is one new package plus
its name in ``KIND_MODULES`` and in ``SessionKind``. See
docs/decisions/0007-room-core-and-session-kinds.md.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.urls import reverse

from .models import ParticipantRole

# Imported once the apps are ready (``RoleplayConfig.ready``); each calls ``register``.
KIND_MODULES = ("roleplay.live.kind", "roleplay.solo.kind", "roleplay.review.kind")

ALL_ROLES = frozenset(ParticipantRole.values)


def _no_progress(*, session) -> int:
    return 0


def _admit_everyone(*, viewer) -> None:
    return None


@dataclass(frozen=True)
class Kind:
    """What makes one kind of session what it is.

    ``frames`` maps a client frame type (``"choice"`` stands for a ``say`` with a
    reply ``choice``) to the service that stores it, for the frames this kind handles
    in its own way or alone; the common ones (say, whisper, inject, score, control)
    use the room's services unless a kind overrides them. A frame type in
    ``refused`` is answered with that ``invalid`` message. ``companion`` starts what
    plays beside a participant's connection (the scripted customer), or returns None.
    """

    name: str
    roles: frozenset[str]
    controls: tuple[str, ...]
    create_fields: tuple[str, ...]
    create: Callable[..., Any]
    debrief: Callable[..., dict[str, Any]]
    room_pages: tuple[str, ...]
    debrief_pages: tuple[str, ...]
    report_progress: Callable[..., int] = _no_progress
    frames: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    companion: Callable[..., Any] | None = None
    # Scored on the session's own rubric (a review), not on its scenario's.
    # Why nobody can be added when ``roles`` is empty (a kind nobody joins).
    joining_refused: str = ""
    own_rubric: bool = False
    # The person's alone: exported with its debrief, deleted whole on erasure, and
    # listed on its own page rather than among the role-plays.
    personal: bool = False
    lesson_examples: bool = False
    # The room offers a voice call for a phone or face-to-face scenario (roleplay.room.call).
    calls: bool = False
    # Raises a ``RolePlayError`` for a viewer who may not join yet (a learner before a
    # live role-play's scheduled time); the room calls it before ``participant_join``.
    admits: Callable[..., None] = _admit_everyone


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _KINDS[kind.name] = kind
    return kind


def load() -> None:
    """Import every kind's declaration (called once the app registry is ready)."""
    for module in KIND_MODULES:
        import_module(module)


def kind_of(name: str) -> Kind:
    """The kind called ``name``; a ``KeyError`` for a kind nobody declared."""
    if not _KINDS:
        load()
    return _KINDS[name]


def names(**flags: bool) -> list[str]:
    """The names of the kinds whose attributes equal ``flags`` (all kinds without)."""
    if not _KINDS:
        load()
    return [
        name
        for name, kind in _KINDS.items()
        if all(getattr(kind, flag) == value for flag, value in flags.items())
    ]


def other_page(session, *, page: str, current: str) -> str | None:
    """Where to send a visitor of the ``page`` ("room" or "debrief") called
    ``current`` when the session's kind shows that page elsewhere; None to stay."""
    pages = getattr(kind_of(session.kind), f"{page}_pages")
    if current in pages:
        return None
    return reverse(pages[0], args=[session.pk])
