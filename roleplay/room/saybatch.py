"""The batched path for ``say`` frames, nearly all of a live room's traffic: a run of
them stored in a fixed number of SQL statements however long the run
(docs/decisions/0005-batched-say-writes.md); on PostgreSQL a batch of nothing but says
is one statement in autocommit, ``says_in_one_statement``
(docs/decisions/0012-one-statement-say-batches.md). Anything unusual is left to
``services.event_say``, one frame at a time, so the errors and their wording are its.
"""

import contextlib
import json
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from people.models import Membership

from ..kinds import names
from ..models import EventKind, Participant, RolePlaySession, SessionEvent, SessionState
from .audience import audience_for
from .eventlog import SPEAKING_ROLES, Recorded
from .frames import stored_frame


def _placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def among(column: str, values: list) -> tuple[str, list]:
    """``column`` is one of ``values``: on PostgreSQL ``= ANY(%s)`` with one array, so
    the statement's text is the same whatever the count (psycopg converts a new text
    anew, which is most of a batch's cost for long ones); elsewhere ``IN (…)``."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({_placeholders(len(values))})", list(values)


def event_say_batch(says: list[dict[str, Any]], *, savepoint: bool = True) -> list[Recorded | None]:
    """Store many ``say`` frames (``event_say``'s arguments) in a fixed number of
    statements: one read of who may speak now (their role in the session, their
    membership of its team: ``_speakers_now``), one of earlier ``client_msg_id`` values,
    one ``UPDATE … RETURNING`` (locking the sessions and giving the seqs; on SQLite one
    per session) and one multi-row ``INSERT``, through the ORM's connection.

    Runs inside the caller's transaction, in a savepoint of its own. A frame it does
    not store is ``None`` in the result: the caller hands it to ``event_say``, which
    refuses it with the right error (not live, not a speaker, no longer in the team) or
    stores it. Anything
    unexpected (a concurrent resend of the same ``client_msg_id`` from another process
    raising ``IntegrityError``) rolls the savepoint back and returns only ``None``s,
    so that every frame goes the one-by-one way, exactly as before.

    ``savepoint=False`` (a batch of nothing but says, ``writer._store_batch``): no
    savepoint, two statements fewer; an ``IntegrityError`` propagates, the caller's
    transaction rolls back and it stores the batch again the way above.
    """
    results: list[Recorded | None] = [None] * len(says)
    speakers = [i for i, say in enumerate(says) if say["viewer"].role in SPEAKING_ROLES]
    if not speakers:
        return results
    session_ids = sorted({says[i]["viewer"].session_id for i in speakers})
    quote = connection.ops.quote_name
    sessions = quote(RolePlaySession._meta.db_table)
    events = quote(SessionEvent._meta.db_table)
    in_sessions, session_params = among("session_id", session_ids)
    try:
        scope = transaction.atomic() if savepoint else contextlib.nullcontext()
        with scope, connection.cursor() as cursor:
            cursor.execute(*_speakers_now(in_sessions, session_params))
            may_speak = {(row[0], row[1], row[2]) for row in cursor.fetchall()}
            stored = [
                i
                for i in speakers
                if (
                    says[i]["viewer"].session_id,
                    says[i]["viewer"].user_id,
                    says[i]["viewer"].role,
                )
                in may_speak
            ]
            msg_ids = sorted({says[i]["client_msg_id"] for i in stored if says[i]["client_msg_id"]})
            earlier: dict[tuple[int, int, str], int] = {}
            if msg_ids:
                in_msg_ids, msg_id_params = among("client_msg_id", msg_ids)
                cursor.execute(
                    f"SELECT session_id, author_id, client_msg_id, seq FROM {events}"
                    f" WHERE {in_sessions} AND {in_msg_ids}",
                    [*session_params, *msg_id_params],
                )
                earlier = {(row[0], row[1], row[2]): row[3] for row in cursor.fetchall()}
            # Per session, in arrival order: new frames, and resends of a frame stored
            # before (or earlier in this batch).
            fresh: dict[int, list[int]] = {}
            first_of: dict[tuple[int, int, str], int] = {}
            again: list[tuple[int, int]] = []
            for i in stored:
                say, viewer = says[i], says[i]["viewer"]
                key = (viewer.session_id, viewer.user_id, say["client_msg_id"])
                if say["client_msg_id"]:
                    if key in earlier:
                        results[i] = Recorded(seq=earlier[key], duplicate=True)
                        continue
                    if key in first_of:
                        again.append((i, first_of[key]))
                        continue
                    first_of[key] = i
                fresh.setdefault(viewer.session_id, []).append(i)
            seq_of: dict[int, int] = {}
            for session_id, last_seq in _take_seqs(cursor, sessions, fresh).items():
                first = last_seq - len(fresh[session_id]) + 1
                for offset, i in enumerate(fresh[session_id]):
                    seq_of[i] = first + offset
            if seq_of:
                results_of_new = _insert_says(cursor, events, says, seq_of)
                for i, recorded in results_of_new.items():
                    results[i] = recorded
            for i, first in again:
                if results[first] is not None:
                    results[i] = Recorded(seq=results[first].seq, duplicate=True)
    except IntegrityError:
        if not savepoint:
            raise
        return [None] * len(says)
    return results


def _speakers_now(in_sessions: str, params: list) -> tuple[str, list]:
    """``(session_id, user_id, role)`` of the batch's sessions' participants who may
    take part now: ``access.participants_allowed_now`` (an active account, and a
    membership of the session's team unless the session is personal) joined into the
    one read, so that a frame queued before its author left the team, lost their
    account or changed role is not stored."""
    quote = connection.ops.quote_name
    participants = quote(Participant._meta.db_table)
    sessions = quote(RolePlaySession._meta.db_table)
    users = quote(get_user_model()._meta.db_table)
    memberships = quote(Membership._meta.db_table)
    personal = names(personal=True)
    in_personal, personal_params = among("s.kind", personal) if personal else ("FALSE", [])
    sql = (
        f"SELECT p.session_id, p.user_id, p.role FROM {participants} p"
        f" JOIN {sessions} s ON s.id = p.session_id"
        f" JOIN {users} u ON u.id = p.user_id"
        f" WHERE p.{in_sessions} AND u.is_active = %s AND ({in_personal} OR EXISTS"
        f" (SELECT 1 FROM {memberships} m WHERE m.user_id = p.user_id AND m.team_id = s.team_id))"
    )
    return sql, [*params, True, *personal_params]


def _take_seqs(cursor, table: str, fresh: dict[int, list[int]]) -> dict[int, int]:
    """Move each live session's ``last_seq`` on by its count of new says, locking
    the sessions in ascending order (the lock order of every writer, so two
    processes' batches cannot deadlock); the new ``last_seq`` by session. A session
    not live (or gone) is left out: ``event_say`` says why.

    On PostgreSQL one statement for all the sessions (the rows are locked in order by
    the ``FOR UPDATE`` of a materialised CTE first); elsewhere one per session."""
    ids = sorted(fresh)
    live = SessionState.LIVE.value
    if connection.vendor == "postgresql":
        cursor.execute(
            f"WITH locked AS MATERIALIZED (SELECT id FROM {table} WHERE id = ANY(%s)"
            f" ORDER BY id FOR UPDATE)"
            f" UPDATE {table} AS s SET last_seq = s.last_seq + v.n"
            f" FROM locked, unnest(%s::bigint[], %s::integer[]) AS v(id, n)"
            f" WHERE s.id = locked.id AND s.id = v.id AND s.state = %s"
            f" RETURNING s.id, s.last_seq",
            [ids, ids, [len(fresh[i]) for i in ids], live],
        )
        return dict(cursor.fetchall())
    taken = {}
    for session_id in ids:
        cursor.execute(
            f"UPDATE {table} SET last_seq = last_seq + %s"
            f" WHERE id = %s AND state = %s RETURNING last_seq",
            [len(fresh[session_id]), session_id, live],
        )
        row = cursor.fetchone()
        if row is not None:
            taken[session_id] = row[0]
    return taken


_SAY_COLUMNS = (
    "session_id",
    "seq",
    "kind",
    "audience",
    "author_id",
    "author_name",
    "role",
    "text",
    "data",
    "client_msg_id",
    "created_at",
)


# The columns a say sets that differ between its rows, in _SAY_COLUMNS's order, and
# their PostgreSQL array types (for ``unnest``).
_VARYING = {
    "session_id": "bigint",
    "seq": "integer",
    "author_id": "bigint",
    "author_name": "text",
    "role": "text",
    "text": "text",
    "client_msg_id": "text",
    "created_at": "timestamptz",
}


def _recorded_say(say: dict[str, Any], seq: int, created_at) -> Recorded:
    """A new say as the writer hands it to the hub: the frame replay builds from its row."""
    viewer = say["viewer"]
    return Recorded(
        seq=seq,
        audience=audience_for(EventKind.SAY),
        author_id=viewer.user_id,
        frame=stored_frame(
            seq=seq,
            kind=EventKind.SAY.value,
            role=viewer.role,
            author_id=viewer.user_id,
            author_name=viewer.name,
            text=say["text"],
            created_at=created_at,
            client_msg_id=say["client_msg_id"],
            data={},
        ),
    )


def _insert_says(cursor, table: str, says: list[dict], seq_of: dict[int, int]) -> dict:
    fields = SessionEvent._meta
    data = fields.get_field("data").get_db_prep_save({}, connection)
    created_field = fields.get_field("created_at")
    audience = audience_for(EventKind.SAY)
    kind = EventKind.SAY.value
    rows, recorded = [], {}
    for i, seq in seq_of.items():
        say, viewer = says[i], says[i]["viewer"]
        now = timezone.now()
        rows.append({
            "session_id": viewer.session_id,
            "seq": seq,
            "kind": kind,
            "audience": audience,
            "author_id": viewer.user_id,
            "author_name": viewer.name,
            "role": viewer.role,
            "text": say["text"],
            "data": data,
            "client_msg_id": say["client_msg_id"],
            "created_at": created_field.get_db_prep_save(now, connection),
        })  # fmt: skip
        recorded[i] = _recorded_say(say, seq, now)
    columns = ", ".join(connection.ops.quote_name(column) for column in _SAY_COLUMNS)
    if connection.vendor == "postgresql":
        # One array per varying column: the same statement text for any number of rows.
        chosen = ", ".join(f"u.{c}" if c in _VARYING else "%s" for c in _SAY_COLUMNS)
        arrays = ", ".join(f"%s::{kind_}[]" for kind_ in _VARYING.values())
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {chosen}"
            f" FROM unnest({arrays}) AS u({', '.join(_VARYING)})",
            [
                *(rows[0][c] for c in _SAY_COLUMNS if c not in _VARYING),
                *([row[c] for row in rows] for c in _VARYING),
            ],
        )
    else:
        row_sql = f"({_placeholders(len(_SAY_COLUMNS))})"
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_sql] * len(rows))}",
            [row[c] for row in rows for c in _SAY_COLUMNS],
        )
    return recorded


def says_in_one_statement(says: list[dict[str, Any]]) -> list[Recorded | None]:
    """PostgreSQL: a batch of says stored by one statement, in autocommit, so that a
    batch is one round trip (no ``BEGIN``, no ``COMMIT``, no savepoint): the same
    reads and writes as ``event_say_batch`` as one data-modifying ``WITH``, sent
    through the ORM's connection. ``OneStatement`` says what the statement does; the
    writer sends the same statement from the event loop instead (``loopdb``)."""
    batch = OneStatement(says)
    parameter, rows = batch.parameter, []
    if parameter is not None:
        with connection.cursor() as cursor:
            cursor.execute(batch.sql, [parameter])
            rows = cursor.fetchall()
    return batch.results(rows)


class OneStatement:
    """A batch of says as the one statement of ``says_in_one_statement``: its text and
    its one parameter (``None`` if nothing is to be sent), then its results from the
    rows it returned.

    The statement checks who may speak now (``_speakers_now``'s rule, per frame), looks
    up earlier ``client_msg_id`` values, locks the batch's sessions in ascending order
    (``FOR UPDATE`` of a materialised CTE, as ``_take_seqs``), moves each live one's
    ``last_seq`` on by its count of new says, and inserts them with consecutive seqs in
    arrival order. A single statement is atomic: if it raises (``IntegrityError``: a
    concurrent resend through another process) nothing is stored, and the caller
    stores the batch again the old way. A frame it does not store (not a speaker now,
    session not live) is ``None``, for ``event_say`` to refuse with the right error.

    A frame repeating a ``client_msg_id`` of an earlier frame of the batch (same
    session and author) is not sent: it gets the first one's seq, as a resend.
    """

    def __init__(self, says: list[dict[str, Any]]) -> None:
        self.says = says
        self.sent: list[int] = []
        self.again: list[tuple[int, int]] = []
        first_of: dict[tuple[int, int, str], int] = {}
        for i, say in enumerate(says):
            viewer = say["viewer"]
            if viewer.role not in SPEAKING_ROLES:
                continue
            if say["client_msg_id"]:
                key = (viewer.session_id, viewer.user_id, say["client_msg_id"])
                if key in first_of:
                    self.again.append((i, first_of[key]))
                    continue
                first_of[key] = i
            self.sent.append(i)
        self.now_of = {i: timezone.now() for i in self.sent}

    @property
    def sql(self) -> str:
        return _one_statement()

    @property
    def parameter(self) -> str | None:
        """The frames as one JSON array of arrays, in ``_FRAME_FIELDS``'s order."""
        if not self.sent:
            return None
        says = self.says
        frames = [
            [
                i,
                says[i]["viewer"].session_id,
                says[i]["viewer"].user_id,
                says[i]["viewer"].role,
                says[i]["viewer"].name,
                says[i]["text"],
                says[i]["client_msg_id"],
                self.now_of[i].isoformat(),
            ]
            for i in self.sent
        ]
        return json.dumps(frames, ensure_ascii=False)

    def results(self, rows) -> list[Recorded | None]:
        """What each say became, from the statement's ``(ord, seq, duplicate)`` rows."""
        says = self.says
        results: list[Recorded | None] = [None] * len(says)
        for i, seq, duplicate in rows:
            if duplicate:
                results[i] = Recorded(seq=seq, duplicate=True)
                continue
            results[i] = _recorded_say(says[i], seq, self.now_of[i])
        for i, first in self.again:
            if results[first] is not None:
                results[i] = Recorded(seq=results[first].seq, duplicate=True)
        return results


# The frames' fields, in the order of each frame's array in the statement's one
# parameter (a JSON array of arrays: one string to pass, however long the batch).
_FRAME_FIELDS = (
    ("ord", "integer"),
    ("session_id", "bigint"),
    ("author_id", "bigint"),
    ("role", "text"),
    ("author_name", "text"),
    ("text", "text"),
    ("client_msg_id", "text"),
    ("created_at", "timestamptz"),
)

_ONE_STATEMENT: dict[tuple, str] = {}


def _one_statement() -> str:
    """The statement of ``says_in_one_statement``: the same text for every batch, with
    one parameter, the frames as JSON; its constants are literals in the text."""
    personal = tuple(str(getattr(kind_, "value", kind_)) for kind_ in names(personal=True))
    if personal in _ONE_STATEMENT:
        return _ONE_STATEMENT[personal]
    quote = connection.ops.quote_name
    participants = quote(Participant._meta.db_table)
    sessions = quote(RolePlaySession._meta.db_table)
    users = quote(get_user_model()._meta.db_table)
    memberships = quote(Membership._meta.db_table)
    events = quote(SessionEvent._meta.db_table)

    from psycopg import sql as psycopg_sql  # only ever on PostgreSQL

    def literal(value) -> str:
        # No connection needed: the constants are ASCII (the event loop builds this too).
        return psycopg_sql.Literal(value).as_string()

    unpacked = ", ".join(
        f"(r ->> {n})::{kind_} AS {name}" for n, (name, kind_) in enumerate(_FRAME_FIELDS)
    )
    inserted = {
        "session_id": "f.session_id",
        "seq": "t.last_seq - f.n + f.k",
        "kind": literal(EventKind.SAY.value),
        "audience": literal(audience_for(EventKind.SAY)),
        "author_id": "f.author_id",
        "author_name": "f.author_name",
        "role": "f.role",
        "text": "f.text",
        "data": f"{literal(json.dumps({}))}::jsonb",
        "client_msg_id": "f.client_msg_id",
        "created_at": "f.created_at",
    }
    assert set(inserted) == set(_SAY_COLUMNS), "a say column the statement does not set"
    is_personal = f"s.kind = ANY({literal(list(personal))}::text[])" if personal else "FALSE"
    sql = (
        f"WITH f AS (SELECT {unpacked} FROM json_array_elements(%s::json) AS r),"
        # Who may speak now: their role in the session, an active account, and a
        # membership of the session's team unless the session is personal.
        f" ok AS (SELECT f.* FROM f WHERE EXISTS (SELECT 1 FROM {participants} p"
        f" JOIN {sessions} s ON s.id = p.session_id JOIN {users} u ON u.id = p.user_id"
        f" WHERE p.session_id = f.session_id AND p.user_id = f.author_id AND p.role = f.role"
        f" AND u.is_active AND ({is_personal} OR EXISTS (SELECT 1 FROM {memberships} m"
        f" WHERE m.user_id = p.user_id AND m.team_id = s.team_id)))),"
        # Resends of a frame stored before.
        f" earlier AS (SELECT ok.ord, e.seq FROM ok JOIN {events} e"
        f" ON e.session_id = ok.session_id AND e.author_id = ok.author_id"
        f" AND e.client_msg_id = ok.client_msg_id),"
        f" fresh AS MATERIALIZED (SELECT ok.*,"
        f" row_number() OVER (PARTITION BY ok.session_id ORDER BY ok.ord) AS k,"
        f" count(*) OVER (PARTITION BY ok.session_id) AS n"
        f" FROM ok WHERE ok.ord NOT IN (SELECT ord FROM earlier)),"
        f" locked AS MATERIALIZED (SELECT id FROM {sessions}"
        f" WHERE id IN (SELECT session_id FROM fresh) ORDER BY id FOR UPDATE),"
        f" t AS (UPDATE {sessions} AS s SET last_seq = s.last_seq + c.n FROM locked,"
        f" (SELECT session_id, max(n) AS n FROM fresh GROUP BY session_id) AS c"
        f" WHERE s.id = locked.id AND s.id = c.session_id"
        f" AND s.state = {literal(SessionState.LIVE.value)}"
        f" RETURNING s.id, s.last_seq),"
        f" ins AS (INSERT INTO {events} ({', '.join(quote(c) for c in _SAY_COLUMNS)})"
        f" SELECT {', '.join(inserted[c] for c in _SAY_COLUMNS)}"
        f" FROM fresh f JOIN t ON t.id = f.session_id)"
        f" SELECT f.ord, t.last_seq - f.n + f.k, FALSE FROM fresh f JOIN t ON t.id = f.session_id"
        f" UNION ALL SELECT ord, seq, TRUE FROM earlier"
    )
    _ONE_STATEMENT[personal] = sql
    return sql
