"""What a call costs the server per chunk and per signal (bench/callroom.py measures
it): a chunk is stored in three queries (the uploader with their session and team
role, the locked recording with the track and its latest chunks, the insert), a
signal is checked in two queries. Each speaker uploads a chunk every few seconds
and a room sends a few signals a second, so one query more on either path is felt
by every room on the process."""

import re
import time
from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Membership
from roleplay.live import services as live_services
from roleplay.room import call as room_call
from roleplay.room import eventlog, services, sessions

from .audio import split, webm_opus
from .conftest import put_chunk

PARTS = split(webm_opus(2, [(0, 1)]), [700, 1300, 1300])


def _reads_of(queries, table: str) -> list[str]:
    """The SELECTs whose own FROM is ``table`` (not one of their subqueries)."""
    found = []
    for query in queries:
        sql = query["sql"]
        outer = None
        while outer != sql:
            outer, sql = sql, re.sub(r"\([^()]*\)", "", sql)
        if sql.startswith("SELECT") and re.search(rf'FROM "?{table}\b', sql):
            found.append(query["sql"])
    return found


CHUNK_QUERIES = 3


def test_a_chunk_is_stored_in_three_queries(call):
    start = int(time.time() * 1000)
    assert put_chunk(call.agent, call.session, call.agent.pk, 0, PARTS[0], start=start).status_code
    with CaptureQueriesContext(connection) as queries:
        response = put_chunk(call.agent, call.session, call.agent.pk, 1, PARTS[1])
    assert response.status_code == 201
    assert response.json()["size"] == len(PARTS[1])
    statements = [q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == CHUNK_QUERIES, [q["sql"][:80] for q in statements]
    # The participant with their session and team role now, in one query.
    assert len(_reads_of(queries, "roleplay_participant")) == 1
    assert not _reads_of(queries, "roleplay_roleplaysession")
    assert not _reads_of(queries, "people_membership")
    # A chunk of someone who left the team is still refused.
    Membership.objects.filter(user=call.agent).delete()
    refused = put_chunk(call.agent, call.session, call.agent.pk, 2, PARTS[2])
    assert refused.status_code == 403


def _viewer(call, name):
    participant = call.session.participants.select_related("session", "user").get(
        user=getattr(call, name)
    )
    return eventlog.viewer_of(participant)


def test_a_signal_is_checked_in_two_queries(call):
    services.session_control(viewer=_viewer(call, "coach"), action="start")
    for name in ("coach", "agent", "customer"):
        room_call.call_action(viewer=_viewer(call, name), action="join")
    agent = _viewer(call, "agent")
    with CaptureQueriesContext(connection) as queries:
        room_call.rtc_check(viewer=agent, to=call.customer.pk, signal={"candidate": None})
    assert len(queries) == 2


def _in_call(room, *names):
    services.session_control(viewer=_viewer(room, "coach"), action="start")
    for name in names:
        room_call.call_action(viewer=_viewer(room, name), action="join")


def test_the_signals_of_many_rooms_are_checked_together_in_two_queries(call):
    """The call rooms of a process share one check; each signal keeps its own answer,
    in its sender's language."""
    other = SimpleNamespace(
        session=live_services.session_create(
            scenario=call.scenario, team=call.team, coach=call.coach
        ),
        coach=call.coach,
        agent=call.bystander,
    )
    sessions.participant_set(session=other.session, user=other.agent, role="agent", by=call.coach)
    _in_call(call, "coach", "agent", "customer")
    _in_call(other, "coach", "agent")
    agent, observer = _viewer(call, "agent"), _viewer(call, "observer")
    their_agent = _viewer(other, "agent")
    candidate = {"candidate": None}
    checks = [
        room_call.Signal(agent, call.customer.pk, candidate, "en"),
        room_call.Signal(their_agent, other.coach.pk, candidate, "en"),
        room_call.Signal(agent, call.observer.pk, candidate, "en"),
        room_call.Signal(observer, call.agent.pk, candidate, "fi"),
        room_call.Signal(their_agent, call.customer.pk, candidate, "en"),
    ] * 10
    with CaptureQueriesContext(connection) as queries:
        answers = room_call.rtc_check_many(checks)
    assert len(queries) == 2
    codes = [answer and answer.code for answer in answers]
    assert codes == codes[:5] * 10
    first = answers[:5]
    assert first[0] is None and first[1] is None
    not_in_call = ("invalid", "That participant is not in the call.")
    assert (first[2].code, str(first[2].detail)) == not_in_call
    assert (first[3].code, str(first[3].detail)) == ("forbidden", "Liity ensin puheluun.")
    # Someone of another session is no participant of this one.
    assert first[4].code == "invalid"


def test_the_uploader_read_follows_the_viewer_rule(call):
    """``current_uploader`` (plain SQL, for the chunks) and ``current_viewer`` (the
    ORM) answer alike for each participant, a leaver, a deactivated account and a
    coach demoted in the team."""
    from people.models import Role
    from roleplay.room.access import current_uploader, current_viewer

    def both(user):
        viewer, session = current_uploader(session_id=call.session.pk, user_id=user.pk)
        assert viewer == current_viewer(session_id=call.session.pk, user_id=user.pk)
        if viewer is not None:
            assert (session.kind, session.state) == (call.session.kind, call.session.state)
        return viewer

    for name in ("coach", "agent", "customer", "observer"):
        viewer = both(getattr(call, name))
        assert viewer is not None and viewer.user_id == getattr(call, name).pk
    Membership.objects.filter(user=call.coach, team=call.team).update(role=Role.LEARNER)
    assert both(call.coach).is_coach is False
    Membership.objects.filter(user=call.customer).delete()
    assert both(call.customer) is None
    call.observer.is_active = False
    call.observer.save(update_fields=["is_active"])
    assert both(call.observer) is None
