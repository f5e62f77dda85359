"""Rules of the event log and of reporting to progress, without a WebSocket."""

import io
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale

from progress import verbs
from progress.models import Competency, Statement
from roleplay.live import services as live_services
from roleplay.models import RubricCriterion, SessionEvent, TicketUse
from roleplay.room import eventlog, sessions, tickets
from roleplay.room import services as room_services
from roleplay.room.errors import RolePlayError
from roleplay.scenarios import selectors as scenario_selectors
from tests.roleplay.conftest import make_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(db):
    return make_room()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def viewer(room, name):
    participant = room.session.participants.select_related("session", "user").get(
        user=getattr(room, name)
    )
    return eventlog.viewer_of(participant)


def start(room):
    room_services.session_control(viewer=viewer(room, "coach"), action="start")


def test_every_event_gets_the_next_seq_of_its_session(room):
    start(room)
    first = room_services.event_say(viewer=viewer(room, "agent"), text="Hello")
    second = room_services.event_say(viewer=viewer(room, "customer"), text="Hi")
    assert second.seq == first.seq + 1
    seqs = list(SessionEvent.objects.filter(session=room.session).values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_repeated_client_msg_id_of_another_participant_is_a_new_event(room):
    start(room)
    mine = room_services.event_say(viewer=viewer(room, "agent"), text="a", client_msg_id="m1")
    theirs = room_services.event_say(viewer=viewer(room, "customer"), text="b", client_msg_id="m1")
    assert not theirs.duplicate
    assert theirs.seq != mine.seq


def test_start_moves_the_session_live_and_end_ends_it(room):
    start(room)
    room.session.refresh_from_db()
    assert room.session.state == "live"
    assert room.session.started_at is not None
    room_services.session_control(viewer=viewer(room, "coach"), action="end")
    room.session.refresh_from_db()
    assert room.session.state == "ended"


def test_resuming_a_live_session_is_invalid(room):
    start(room)
    with pytest.raises(RolePlayError) as refused:
        room_services.session_control(viewer=viewer(room, "coach"), action="resume")
    assert refused.value.code == "invalid"


def test_nothing_can_happen_after_the_end(room):
    start(room)
    room_services.session_control(viewer=viewer(room, "coach"), action="end")
    with pytest.raises(RolePlayError) as refused:
        room_services.session_control(viewer=viewer(room, "coach"), action="start")
    assert refused.value.code == "not_live"


def test_the_end_reports_each_raters_final_score_and_the_completion_for_the_agent(room):
    start(room)
    empathy, ownership = room.criteria
    observer, coach = viewer(room, "observer"), viewer(room, "coach")
    room_services.event_score(viewer=observer, criterion_id=empathy.pk, value=2)
    room_services.event_score(viewer=observer, criterion_id=empathy.pk, value=4)  # final
    room_services.event_score(viewer=coach, criterion_id=empathy.pk, value=5)
    room_services.event_score(viewer=coach, criterion_id=ownership.pk, value=3)

    room_services.session_control(viewer=coach, action="end")

    scored = Statement.objects.filter(actor=room.agent, verb=verbs.SCORED)
    assert sorted((s.competency.slug, s.context["rater_role"], s.score_raw) for s in scored) == [
        ("empathy", "coach", 5),
        ("empathy", "observer", 4),
        ("ownership", "coach", 3),
    ]
    one = scored.get(context__rater=room.observer.pk)
    assert (one.object_type, one.object_id) == ("roleplay-session", str(room.session.pk))
    assert (one.score_min, one.score_max, one.score_scaled) == (1, 5, 0.8)
    assert one.context == {
        "rater_role": "observer",
        "rater": room.observer.pk,
        "criterion": empathy.pk,
        "scenario": room.scenario.pk,
        "session_kind": "live",
    }
    completed = Statement.objects.get(actor=room.agent, verb=verbs.COMPLETED)
    assert completed.completion is True
    assert completed.id == uuid.uuid5(
        uuid.NAMESPACE_URL, f"{settings.SITE_URL}/roleplay-session/{room.session.pk}:completed"
    )


def test_reporting_the_same_session_again_records_nothing_new(room):
    start(room)
    room_services.event_score(
        viewer=viewer(room, "coach"), criterion_id=room.criteria[0].pk, value=4
    )
    room_services.session_control(viewer=viewer(room, "coach"), action="end")
    count = Statement.objects.count()
    room.session.refresh_from_db()
    live_services.session_report_progress(session=room.session)
    assert Statement.objects.count() == count


def test_a_criterion_outside_the_scenarios_rubric_is_invalid(room):
    start(room)
    with pytest.raises(RolePlayError) as refused:
        room_services.event_score(viewer=viewer(room, "coach"), criterion_id=10_000, value=3)
    assert refused.value.code == "invalid"


def test_a_session_has_one_agent(room):
    with pytest.raises(RolePlayError, match="already has an agent"):
        sessions.participant_set(
            session=room.session, user=room.bystander, role="agent", by=room.coach
        )


def test_only_members_of_the_team_can_take_part(room):
    with pytest.raises(RolePlayError, match="members of the session's team"):
        sessions.participant_set(
            session=room.session, user=room.outsider, role="observer", by=room.coach
        )


def test_only_the_coach_adds_participants(room):
    with pytest.raises(RolePlayError) as refused:
        sessions.participant_set(
            session=room.session, user=room.bystander, role="observer", by=room.agent
        )
    assert refused.value.code == "forbidden"


def test_roles_cannot_change_once_the_role_play_has_started(room):
    start(room)
    with pytest.raises(RolePlayError, match="cannot change"):
        sessions.participant_set(
            session=room.session, user=room.customer, role="observer", by=room.coach
        )


def test_a_ticket_expires_after_sixty_seconds(room):
    ticket = tickets.ticket_issue(session=room.session, user=room.agent)
    with mock.patch("django.core.signing.time.time", return_value=__import__("time").time() + 61):
        assert tickets.ticket_redeem(ticket=ticket) is None


def test_a_ticket_is_spent_on_first_use(room):
    ticket = tickets.ticket_issue(session=room.session, user=room.agent)
    assert tickets.ticket_redeem(ticket=ticket) == (room.session.pk, room.agent.pk)
    assert tickets.ticket_redeem(ticket=ticket) is None


def test_the_coach_acting_the_customer_speaks_and_keeps_the_coachs_powers(room):
    sessions.participant_set(session=room.session, user=room.coach, role="customer", by=room.coach)
    coach = viewer(room, "coach")
    assert (coach.role, coach.is_coach) == ("customer", True)
    start(room)
    assert room_services.event_say(viewer=coach, text="I want my money back").seq
    assert room_services.event_whisper(viewer=coach, text="Stay calm").seq


def test_purging_forgets_expired_spent_tickets_but_still_refuses_a_fresh_one_twice(room):
    old = tickets.ticket_issue(session=room.session, user=room.agent)
    assert tickets.ticket_redeem(ticket=old)
    TicketUse.objects.update(used_at=timezone.now() - timedelta(hours=1))
    fresh = tickets.ticket_issue(session=room.session, user=room.agent)
    assert tickets.ticket_redeem(ticket=fresh)

    out = io.StringIO()
    call_command("purge_tickets", stdout=out)

    assert "Removed 1 " in out.getvalue()
    assert TicketUse.objects.count() == 1
    assert tickets.ticket_redeem(ticket=fresh) is None


def test_rubric_criteria_are_named_in_the_readers_language_at_a_fixed_query_cost(room):
    rubric = room.session.scenario.rubric
    finnish = Locale.objects.get_or_create(language_code="fi")[0]
    competencies = list(Competency.objects.filter(rubric_criteria__rubric=rubric))
    for competency in competencies:
        competency.copy_for_translation(finnish)
        translated = competency.get_translation(finnish)
        translated.name = f"{competency.name} (fi)"
        translated.save()

    def read() -> tuple[list[dict], int]:
        with translation.override("fi"), CaptureQueriesContext(connection) as queries:
            criteria = scenario_selectors.rubric_criteria(rubric.pk)
        return criteria, len(queries)

    read()  # the locales are kept from the first read
    criteria, few = read()
    assert [c["competency"]["name"] for c in criteria] == ["Empathy (fi)", "Ownership (fi)"]
    for n in range(6):
        RubricCriterion.objects.create(
            rubric=rubric, name=f"Extra {n}", competency=competencies[n % 2]
        )
    criteria, many = read()
    assert len(criteria) == 8 and many == few
