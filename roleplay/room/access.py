"""Who may take part in a session *now*: team membership and role as they are today.

A participant row outlives a change of team membership or of role. So every read,
every connection and every replay asks here, in one query for the participant and
their membership, instead of trusting a viewer built earlier. A change (a
membership saved or deleted in ``people``, a role set by ``participant_set``) is
announced after its commit to every process through the hub (``roleplay.room.fanout``):
each open connection of that person checks again at once, and closes with
``CLOSE_ROLE_CHANGED`` (reconnect: the new welcome has the new role) or
``CLOSE_NO_LONGER_ALLOWED`` (do not reconnect). See docs/roleplay-protocol.md.
"""

import asyncio
import contextvars
import logging
from dataclasses import replace

from asgiref.sync import SyncToAsync, async_to_sync
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from people.models import Membership, Role

from ..kinds import kind_of, names
from ..models import Participant, ParticipantRole, RolePlaySession
from .audience import Viewer
from .closecodes import CLOSE_NO_LONGER_ALLOWED, CLOSE_ROLE_CHANGED

logger = logging.getLogger(__name__)


# What ``viewer_now`` reads of a participant, its session and its user.
VIEWER_FIELDS = (
    "session_id", "user_id", "role", "session__kind", "session__coach", "session__team",
    "user__first_name", "user__last_name", "user__username", "user__language",
)  # fmt: skip


def team_role(*, user_id: int, team_id: int) -> str | None:
    return (
        Membership.objects.filter(user_id=user_id, team_id=team_id)
        .values_list("role", flat=True)
        .first()
    )


def viewer_now(participant: Participant, role_in_team: str | None) -> Viewer | None:
    """The participant's viewer given their team role now; None for a leaver.

    A personal session (solo practice) stays its learner's own (no one else's data is
    in it; ``Kind.personal``). The
    coach's view needs a coach of the team: a coach demoted in the team keeps the
    participant row but not the coach's powers or view.
    """
    session = participant.session
    personal = kind_of(session.kind).personal
    if role_in_team is None and not personal:
        return None
    is_coach = participant.role == ParticipantRole.COACH or participant.user_id == session.coach_id
    viewer = Viewer(
        session_id=participant.session_id,
        user_id=participant.user_id,
        role=participant.role,
        is_coach=is_coach,
        name=participant.user.display_name,
        language=participant.user.language,
        kind=session.kind,
    )
    if is_coach and not personal and role_in_team != Role.COACH:
        viewer = replace(viewer, is_coach=False)
    return viewer


def current_viewer(*, session_id: int, user_id: int) -> Viewer | None:
    """The viewer of an active participant who is still allowed in; else None.

    One query, the team role read in it, with the few columns a viewer is made of."""
    role_now = Membership.objects.filter(
        user_id=OuterRef("user_id"), team_id=OuterRef("session__team_id")
    ).values("role")[:1]
    participant = (
        Participant.objects.select_related("session", "user")
        .only(*VIEWER_FIELDS)
        .annotate(role_in_team=Subquery(role_now))
        .filter(session_id=session_id, user_id=user_id, user__is_active=True)
        .first()
    )
    if participant is None:
        return None
    return viewer_now(participant, participant.role_in_team)


def current_uploader(*, session_id: int, user_id: int):
    """``(viewer, session)`` for a participant allowed in now (else ``(None, None)``),
    the session with its kind and state.

    ``current_viewer``'s read in plain SQL, for the chunk uploads of a call (a chunk
    every few seconds from every speaker, where compiling the query cost more than
    running it); ``viewer_now`` applies the same rule to what it reads."""
    User = get_user_model()
    tables = {
        "p": Participant._meta.db_table,
        "s": RolePlaySession._meta.db_table,
        "u": User._meta.db_table,
        "m": Membership._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.role, s.kind, s.state, s.coach_id, s.team_id,"
            " u.first_name, u.last_name, u.username, u.language,"
            " (SELECT m.role FROM {m} m WHERE m.user_id = p.user_id AND m.team_id = s.team_id"
            "  LIMIT 1)"
            " FROM {p} p JOIN {s} s ON s.id = p.session_id JOIN {u} u ON u.id = p.user_id"
            " WHERE p.session_id = %s AND p.user_id = %s AND u.is_active".format(**tables),
            [session_id, user_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None, None
    role, kind, state, coach_id, team_id, first, last, username, language, role_in_team = row
    session = RolePlaySession(
        id=session_id, kind=kind, state=state, coach_id=coach_id, team_id=team_id
    )
    user = User(id=user_id, first_name=first, last_name=last, username=username, language=language)
    participant = Participant(session=session, user=user, role=role)
    viewer = viewer_now(participant, role_in_team)
    return (viewer, session) if viewer is not None else (None, None)


def participants_allowed_now(participants: QuerySet) -> QuerySet:
    """The participant rows whose person may still take part: an active account and,
    but in a personal session, a membership of the session's team now.

    The rule of ``viewer_now`` as a filter, for a write that loads no model
    (``services.event_say``); ``saybatch`` joins the same rule into its one read of
    who may speak.
    """
    member = Membership.objects.filter(
        user_id=OuterRef("user_id"), team_id=OuterRef("session__team_id")
    )
    return participants.filter(user__is_active=True).filter(
        Q(session__kind__in=names(personal=True)) | Exists(member)
    )


def close_code_after_change(old: Viewer, fresh: Viewer | None) -> int | None:
    """How an open connection built for ``old`` must end now, or None if it may go on."""
    if fresh is None:
        return CLOSE_NO_LONGER_ALLOWED
    if (fresh.role, fresh.is_coach) != (old.role, old.is_coach):
        return CLOSE_ROLE_CHANGED
    return None


def replay_now(*, viewer: Viewer, after_seq: int) -> tuple[int | None, list, int]:
    """``(close code, events, last_seq)``: the replay, unless the viewer is out of date.

    Checked here as well as on the hub's announcement, because the channel layer may
    drop that announcement: a replay never goes out under a role that has changed.
    """
    from .selectors import replay

    code = close_code_after_change(
        viewer, current_viewer(session_id=viewer.session_id, user_id=viewer.user_id)
    )
    if code is not None:
        return code, [], 0
    events, last_seq = replay(viewer=viewer, after_seq=after_seq)
    return None, events, last_seq


# Announcing a change to the open connections


def announce_on_commit(*, session_ids, user_id: int) -> None:
    """After the commit, make every open connection of ``user_id`` in these sessions
    check its right to be there again (in every process)."""
    session_ids = sorted(set(session_ids))
    if session_ids:
        transaction.on_commit(lambda: announce(session_ids=session_ids, user_id=user_id))


def _server_loop():
    """The event loop of the ASGI server when called from one of its sync threads."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


def announce(*, session_ids: list[int], user_id: int) -> None:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    try:
        if loop is not None:  # called from async code: no thread hop needed
            loop.create_task(_announce(session_ids, user_id))
        elif (server := _server_loop()) is not None:
            # A view's or a service's thread: hand it to the server's loop, not waiting,
            # in a context of its own: the thread's would tell asgiref that the room's
            # sync thread is taken, and every database call of the re-check would fail.
            server.call_soon_threadsafe(
                lambda: server.create_task(_announce(session_ids, user_id)),
                context=contextvars.Context(),
            )
        else:  # no server here (a management command, WSGI): relay from a loop of our own
            async_to_sync(_announce)(session_ids, user_id)
    except Exception:
        # The change is committed; a connection that missed it is caught on its next
        # replay or connect. Never turn a committed change into an error.
        logger.exception("Role-play: announcing a change of %s failed", user_id)


async def _announce(session_ids: list[int], user_id: int) -> None:
    from .fanout import hub

    current = hub()
    for session_id in session_ids:
        await current.publish_reauthorise(session_id, user_id)


def membership_changed(*, user_id: int, team_id: int) -> None:
    """A membership was saved or deleted: the person's sessions of that team hear of it."""
    sessions = Participant.objects.filter(user_id=user_id, session__team_id=team_id)
    announce_on_commit(
        session_ids=list(sessions.values_list("session_id", flat=True)), user_id=user_id
    )


def on_membership_saved(sender, instance, created, **kwargs) -> None:
    if not created:
        membership_changed(user_id=instance.user_id, team_id=instance.team_id)


def on_membership_deleted(sender, instance, **kwargs) -> None:
    membership_changed(user_id=instance.user_id, team_id=instance.team_id)


# The private parts of a debrief


def is_the_sessions_coach(session, viewer: Viewer) -> bool:
    return viewer.is_coach and viewer.user_id == session.coach_id


def may_read_reflection(session, viewer: Viewer) -> bool:
    """The agent's self-reflection is the agent's and their session's coach's: not
    the customer actor's, an observer's, another coach's or a manager's."""
    return viewer.role == ParticipantRole.AGENT or is_the_sessions_coach(session, viewer)


def may_read_coach_notes(session, viewer: Viewer) -> bool:
    """The coach's notes are the coach's own until the coach releases them to the agent."""
    if is_the_sessions_coach(session, viewer):
        return True
    return session.coach_notes_released and viewer.role == ParticipantRole.AGENT


def debrief_private_fields(session, viewer: Viewer) -> dict:
    """``coach_notes`` and ``reflection`` as the viewer may read them (null otherwise),
    and whether the notes are released."""
    return {
        "coach_notes": session.coach_notes if may_read_coach_notes(session, viewer) else None,
        "reflection": session.agent_reflection if may_read_reflection(session, viewer) else None,
        "coach_notes_released": session.coach_notes_released,
    }
