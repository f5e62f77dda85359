"""The group-commit writer's batch of says: few statements, same rules as one by one."""

import asyncio
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from people import services as people_services
from roleplay.live import services as live_services
from roleplay.models import EventKind, RolePlaySession, SessionEvent
from roleplay.room import eventlog, sessions, writer
from roleplay.room import services as room_services
from roleplay.room.audience import audience_for
from roleplay.room.errors import RolePlayError
from roleplay.room.eventlog import Recorded
from tests.roleplay.conftest import make_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(db):
    return make_room()


def viewer(room, name):
    participant = room.session.participants.select_related("session", "user").get(
        user=getattr(room, name)
    )
    return eventlog.viewer_of(participant)


def start(room):
    room_services.session_control(viewer=viewer(room, "coach"), action="start")


def job(service, **arguments):
    loop = asyncio.new_event_loop()
    try:
        return writer._Job(service, arguments, "en", loop.create_future())
    finally:
        loop.close()


def says(room, count, prefix="m"):
    agent, customer = viewer(room, "agent"), viewer(room, "customer")
    return [
        job(
            room_services.event_say,
            viewer=agent if n % 2 == 0 else customer,
            text=f"line {n}",
            client_msg_id=f"{prefix}{n}",
        )
        for n in range(count)
    ]


def statements(jobs):
    with CaptureQueriesContext(connection) as queries:
        results = writer._store_batch(jobs)
    return results, len(queries.captured_queries)


def test_a_batch_of_says_takes_as_many_statements_however_long_it_is(room):
    start(room)
    small, few = statements(says(room, 2, "a"))
    large, many = statements(says(room, 40, "b"))
    assert all(isinstance(result, Recorded) for result in small + large)
    assert few == many
    assert many <= 10


def same_people(room):
    """Another live role-play of the room's team, with the same participants."""
    session = live_services.session_create(scenario=room.scenario, team=room.team, coach=room.coach)
    for name in ("agent", "customer", "observer"):
        sessions.participant_set(
            session=session, user=getattr(room, name), role=name, by=room.coach
        )
    return SimpleNamespace(**{**vars(room), "session": session})


def test_a_batch_of_says_in_many_sessions_takes_no_statement_per_session(room):
    """On PostgreSQL the seqs of every session in a batch come from one statement;
    SQLite moves each session's ``last_seq`` on by itself."""
    others = [same_people(room) for _ in range(3)]
    for each in (room, *others):
        start(each)
    one_session, alone = statements(says(room, 4, "a"))
    mixed = [job for each in others for job in says(each, 4, "b")]
    mixed.sort(key=lambda job: job.session_id)  # as the writer orders a batch
    four_sessions, together = statements(mixed)
    assert all(isinstance(result, Recorded) for result in one_session + four_sessions)
    per_session = 0 if connection.vendor == "postgresql" else 1
    assert together == alone + per_session * (len(others) - 1)
    for each in others:
        stored = SessionEvent.objects.filter(session=each.session, kind="say")
        assert sorted(stored.values_list("seq", flat=True)) == list(range(2, 6))


def test_a_batch_of_says_gives_consecutive_seqs_in_arrival_order(room):
    start(room)
    last = room.session.__class__.objects.get(pk=room.session.pk).last_seq
    results, _count = statements(says(room, 5))
    assert [r.seq for r in results] == list(range(last + 1, last + 6))
    stored = list(SessionEvent.objects.filter(seq__gt=last).order_by("seq"))
    assert [e.text for e in stored] == [f"line {n}" for n in range(5)]
    assert [e.role for e in stored] == ["agent", "customer"] * 2 + ["agent"]
    assert [e.client_msg_id for e in stored] == [f"m{n}" for n in range(5)]
    # The frame handed to the hub is the one replay builds from the stored row.
    from roleplay.room.frames import event_frame

    assert [r.frame for r in results] == [event_frame(e) for e in stored]


def test_a_resend_in_a_batch_returns_the_first_seq_and_stores_once(room):
    start(room)
    first = writer._store_batch(says(room, 1))[0]
    agent = viewer(room, "agent")
    jobs = [
        job(room_services.event_say, viewer=agent, text="again", client_msg_id="m0"),
        job(room_services.event_say, viewer=agent, text="new", client_msg_id="x"),
        job(room_services.event_say, viewer=agent, text="new twice", client_msg_id="x"),
    ]
    again, new, twice = writer._store_batch(jobs)
    assert (again.seq, again.duplicate) == (first.seq, True)
    assert not new.duplicate and (twice.seq, twice.duplicate) == (new.seq, True)
    assert SessionEvent.objects.filter(client_msg_id__in=["m0", "x"]).count() == 2


def test_a_batch_keeps_the_rules_of_a_single_say(room):
    start(room)
    room_services.session_control(viewer=viewer(room, "coach"), action="pause")
    coach = viewer(room, "coach")
    jobs = [
        *says(room, 2, "p"),
        job(room_services.event_say, viewer=coach, text="I am no speaker", client_msg_id="c"),
    ]
    with translation.override("en"):
        results = writer._store_batch(jobs)
    assert [r.code for r in results] == ["not_live", "not_live", "forbidden"]
    assert all(isinstance(r, RolePlayError) for r in results)
    assert not SessionEvent.objects.filter(client_msg_id__in=["p0", "p1", "c"]).exists()


def test_a_say_after_a_pause_in_the_same_batch_is_refused(room):
    start(room)
    coach = viewer(room, "coach")
    jobs = [
        *says(room, 1, "before"),
        job(room_services.session_control, viewer=coach, action="pause", client_msg_id="pause"),
        *says(room, 1, "after"),
    ]
    before, pause, after = writer._store_batch(jobs)
    assert pause.seq == before.seq + 1
    assert isinstance(after, RolePlayError) and after.code == "not_live"


def test_a_resend_while_paused_returns_the_first_seq(room):
    start(room)
    first = writer._store_batch(says(room, 1))[0]
    room_services.session_control(viewer=viewer(room, "coach"), action="pause")
    assert room_services.event_say(
        viewer=viewer(room, "agent"), text="x", client_msg_id="m0"
    ).seq == (first.seq)
    (again,) = writer._store_batch(says(room, 1))
    assert (again.seq, again.duplicate) == (first.seq, True)


def test_a_participant_removed_meanwhile_is_refused(room):
    start(room)
    jobs = says(room, 2, "gone")
    room.session.participants.filter(user=room.customer).delete()
    agent_says, customer_says = writer._store_batch(jobs)
    assert isinstance(agent_says, Recorded)
    assert isinstance(customer_says, RolePlayError) and customer_says.code == "forbidden"


def transcript_lines(room):
    return list(
        SessionEvent.objects.filter(session=room.session, kind="say")
        .order_by("seq")
        .values_list("text", flat=True)
    )


def test_a_learner_moved_out_of_the_team_while_their_says_wait_gets_none_stored(room):
    start(room)
    jobs = says(room, 4, "left")  # agent, customer, agent, customer
    people_services.membership_remove(user=room.customer, team=room.team)

    with translation.override("en"):
        results = writer._store_batch(jobs)

    assert [type(r) for r in results] == [Recorded, RolePlayError] * 2
    assert {r.code for r in results[1::2]} == {"forbidden"}
    assert transcript_lines(room) == ["line 0", "line 2"]


def test_a_lone_say_of_a_learner_moved_out_of_the_team_is_refused(room):
    start(room)
    customer = viewer(room, "customer")
    people_services.membership_remove(user=room.customer, team=room.team)

    with pytest.raises(RolePlayError) as refused:
        room_services.event_say(viewer=customer, text="still here?", client_msg_id="lone")
    assert refused.value.code == "forbidden"
    assert transcript_lines(room) == []


def deactivate(room):
    people_services.user_deactivate(user=room.agent)


def move_to_observer(room):
    room.session.participants.filter(user=room.agent).update(role="observer")


@pytest.mark.parametrize("change", [deactivate, move_to_observer])
def test_an_agent_deactivated_or_moved_meanwhile_gets_no_waiting_say_stored(room, change):
    start(room)
    jobs = says(room, 2, change.__name__)
    change(room)

    agent_says, customer_says = writer._store_batch(jobs)

    assert isinstance(agent_says, RolePlayError) and agent_says.code == "forbidden"
    assert isinstance(customer_says, Recorded)
    assert transcript_lines(room) == ["line 1"]


def test_the_membership_check_adds_no_statement_per_frame(room):
    start(room)
    people_services.membership_remove(user=room.observer, team=room.team)
    _small, few = statements(says(room, 2, "c"))
    _large, many = statements(says(room, 60, "d"))
    assert few == many


@pytest.fixture
def committed_room(transactional_db):
    """A room outside any test transaction: the writer runs in autocommit, as live."""
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement batch is PostgreSQL's")
    return make_room()


def test_on_postgresql_a_batch_of_says_is_one_statement_and_no_transaction(committed_room):
    start(committed_room)
    results, count = statements(says(committed_room, 6, "one"))
    assert all(isinstance(result, Recorded) for result in results)
    assert count == 1
    assert transcript_lines(committed_room) == [f"line {n}" for n in range(6)]


def test_a_resend_committed_by_another_process_meanwhile_is_answered_with_its_seq(
    committed_room,
):
    """Another process stores the same ``client_msg_id`` while this batch waits for the
    session's lock: the batch's statement fails on the unique constraint, stores
    nothing, and the batch is stored again the old way, which finds the resend."""
    import threading

    import psycopg

    room = committed_room
    start(room)
    agent = viewer(room, "agent")
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
    )
    locked, done = threading.Event(), threading.Event()
    sessions_table, events_table = RolePlaySession._meta.db_table, SessionEvent._meta.db_table

    def other_process():
        with other.transaction():
            (seq,) = other.execute(
                f"UPDATE {sessions_table} SET last_seq = last_seq + 1"
                " WHERE id = %s RETURNING last_seq",
                [room.session.pk],
            ).fetchone()
            other.execute(
                f"INSERT INTO {events_table} (session_id, seq, kind, audience, author_id,"
                " author_name, role, text, data, client_msg_id, created_at)"
                " VALUES (%s, %s, 'say', %s, %s, %s, 'agent', 'first', '{}', 'twin', now())",
                [room.session.pk, seq, audience_for(EventKind.SAY), room.agent.pk, agent.name],
            )
            locked.set()
            done.wait(0.5)  # the batch below is waiting for the lock by now
        other.close()

    thread = threading.Thread(target=other_process)
    thread.start()
    locked.wait(5)
    twin, new = writer._store_batch([
        job(room_services.event_say, viewer=agent, text="second", client_msg_id="twin"),
        job(room_services.event_say, viewer=agent, text="next", client_msg_id="next"),
    ])  # fmt: skip
    done.set()
    thread.join()
    first = SessionEvent.objects.get(client_msg_id="twin")
    assert (twin.seq, twin.duplicate) == (first.seq, True)
    assert not new.duplicate and new.seq == first.seq + 1
    assert transcript_lines(room) == ["first", "next"]


def store_concurrently(calls, before=None):
    """Hand ``calls`` (``(service, arguments)``) to the running loop's writer at once,
    as many connections of a room do, after ``before`` (a coroutine function) if any;
    each call's result or error, and the loop's own connection."""
    from roleplay.room.loopdb import loop_database

    async def run():
        if before is not None:
            await before()
        results = await asyncio.gather(
            *(writer.writer().store(service, **arguments) for service, arguments in calls),
            return_exceptions=True,
        )
        return results, loop_database()

    return asyncio.run(run())


def test_on_postgresql_the_writer_stores_says_from_the_event_loop(committed_room, monkeypatch):
    """A batch of says goes on the event loop's own connection; only the one it must
    refuse (an observer speaking) goes through the database thread, for its error."""
    room = committed_room
    start(room)
    through_thread = []
    real_room_db = writer.room_db

    def counted(service):
        through_thread.append(service.__name__)
        return real_room_db(service)

    monkeypatch.setattr(writer, "room_db", counted)
    agent, customer, observer = (viewer(room, name) for name in ("agent", "customer", "observer"))
    calls = [
        (room_services.event_say, {"viewer": who, "text": f"line {n}", "client_msg_id": f"l{n}"})
        for n, who in enumerate([agent, customer, agent, customer])
    ]
    calls.append(
        (room_services.event_say, {"viewer": observer, "text": "me too", "client_msg_id": "o"})
    )
    with translation.override("en"):
        results, database = store_concurrently(calls)
    *said, refused = results
    assert all(isinstance(result, Recorded) for result in said)
    assert [r.seq for r in said] == list(range(said[0].seq, said[0].seq + 4))
    assert isinstance(refused, RolePlayError) and refused.code == "forbidden"
    assert transcript_lines(room) == [f"line {n}" for n in range(4)]
    assert database.batches >= 1
    assert through_thread == ["_store_each"]  # the observer's say, and nothing else


def test_a_connection_postgresql_ended_costs_no_say(committed_room):
    """PostgreSQL ends the loop's idle connection (a restart, an administrator): the
    next says are stored all the same, and a new connection takes over."""
    import psycopg

    from roleplay.room.loopdb import loop_database

    room = committed_room
    start(room)
    agent = viewer(room, "agent")
    settings = connection.settings_dict

    def say(text):
        return writer.writer().store(
            room_services.event_say, viewer=agent, text=text, client_msg_id=text
        )

    async def terminate(pid):
        async with await psycopg.AsyncConnection.connect(
            dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"],
            port=settings["PORT"] or 5432, autocommit=True,
        ) as admin:  # fmt: skip
            await admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _ in range(100):
                cursor = await admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
                if await cursor.fetchone() is None:
                    return
                await asyncio.sleep(0.02)

    async def run():
        database = loop_database()
        await say("first")
        first_pid = database.connection.info.backend_pid
        await terminate(first_pid)
        ended = await asyncio.gather(say("after 0"), say("after 1"), say("after 2"))
        stored_on_loop = database.batches
        later = await say("later")
        return first_pid, ended, later, stored_on_loop, database

    first_pid, ended, later, stored_on_loop, database = asyncio.run(run())
    assert all(isinstance(result, Recorded) for result in [*ended, later])
    assert transcript_lines(room) == ["first", "after 0", "after 1", "after 2", "later"]
    assert database.batches == stored_on_loop + 1  # "later": on the loop again
    assert database.connection.info.backend_pid != first_pid
