"""The session kinds as the room, the API and progress see them: every kind is
declared, a frame a kind does not take is refused as before, statement ids survive
the restructure, and a competency key the solo intents need cannot go missing
silently."""

import logging

import pytest
from django.core import checks
from django.db import connection
from wagtail.models import Locale

from progress import objects
from progress.models import Competency, Statement
from progress.services import statement_id_for
from roleplay import kinds
from roleplay.live import services as live_services
from roleplay.models import SessionKind
from roleplay.room import eventlog
from roleplay.room import services as room_services
from roleplay.scenarios.intents import COMPETENCY_OF_INTENT, check_intent_competencies
from roleplay.solo import selectors as solo_selectors
from roleplay.solo import services as solo_services
from roleplay.solo import turns
from tests.roleplay.clients import open_in_process
from tests.roleplay.practice import make_practice


def viewer(session, user):
    participant = session.participants.select_related("session", "user").get(user=user)
    return eventlog.viewer_of(participant)


def test_every_session_kind_has_its_declaration_in_the_registry():
    assert sorted(kinds.names()) == sorted(SessionKind.values)
    for name in SessionKind.values:
        kind = kinds.kind_of(name)
        assert kind.name == name and kind.room_pages and kind.debrief_pages


@pytest.mark.django_db(transaction=True)
async def test_a_live_room_refuses_reply_choices_and_playback_as_invalid(room):
    coach = await open_in_process(room.coach, room.session.pk)
    agent = await open_in_process(room.agent, room.session.pk)
    await coach.send({"type": "control", "action": "start"})
    await agent.event("control", action="start")

    await agent.send({"type": "say", "choice": 0, "client_msg_id": "c"})
    refused = await agent.error()
    assert (refused["code"], refused["client_msg_id"]) == ("invalid", "c")
    assert "solo practice" in refused["detail"]

    await coach.send({"type": "playback", "action": "play", "position": 3, "client_msg_id": "p"})
    refused = await coach.error()
    assert (refused["code"], refused["client_msg_id"]) == ("invalid", "p")
    assert "recording review" in refused["detail"]
    await coach.close()
    await agent.close()


def test_a_live_sessions_statements_keep_the_ids_they_were_first_recorded_with(room):
    coach = viewer(room.session, room.coach)
    room_services.session_control(viewer=coach, action="start")
    criterion = room.criteria[0]
    room_services.event_score(viewer=coach, criterion_id=criterion.pk, value=4)
    room_services.session_control(viewer=coach, action="end")

    rows = Statement.objects.filter(actor=room.agent, object_type=objects.ROLEPLAY_SESSION)
    pk = room.session.pk
    assert set(rows.values_list("id", flat=True)) == {
        statement_id_for("roleplay-score", f"{pk}:{room.coach.pk}:{criterion.pk}"),
        statement_id_for("roleplay-session", f"{pk}:completed"),
    }
    # Reported again (a retry), nothing new is recorded.
    room.session.refresh_from_db()
    assert live_services.session_report_progress(session=room.session) == 1
    assert rows.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_solo_practices_statements_keep_the_ids_they_were_first_recorded_with():
    practice = make_practice()
    for slug in set(COMPETENCY_OF_INTENT.values()) - {"empathy", "ownership"}:
        Competency.objects.create(slug=slug, name=slug, locale=Locale.get_default())
    session = practice.session
    learner = viewer(session, practice.learner)
    solo_services.solo_customer_say(
        turn=solo_selectors.solo_pending_turn(session_id=session.pk), heard=[]
    )
    solo_services.solo_choose(viewer=learner, choice=1)  # shows acknowledge and clarify
    turn = solo_selectors.solo_pending_turn(session_id=session.pk)
    solo_services.solo_customer_say(turn=turn, heard=turns.hear(turn))
    solo_services.solo_control(viewer=learner, action="end")

    ids = set(Statement.objects.filter(actor=practice.learner).values_list("id", flat=True))
    assert ids == {
        statement_id_for("roleplay-solo", f"{session.pk}:acknowledge"),
        statement_id_for("roleplay-solo", f"{session.pk}:clarify"),
        statement_id_for("roleplay-solo", f"{session.pk}:completed"),
    }


@pytest.mark.django_db
def test_the_system_check_names_an_intent_competency_whose_key_was_changed():
    locale = Locale.get_default()
    for slug in set(COMPETENCY_OF_INTENT.values()):
        Competency.objects.create(slug=slug, name=slug, locale=locale)
    assert check_intent_competencies(databases=[connection.alias]) == []

    Competency.objects.filter(slug="empathy").update(slug="empathy-renamed")
    found = check_intent_competencies(databases=[connection.alias])
    assert [(message.id, message.level) for message in found] == [("roleplay.W001", checks.WARNING)]
    assert "'empathy'" in found[0].msg
    # Registered with Django's checks (run by ``manage.py check --database default``).
    assert check_intent_competencies in checks.registry.registry.get_checks(
        include_deployment_checks=True
    )


@pytest.mark.django_db(transaction=True)
def test_solo_practice_logs_an_error_for_an_intent_whose_competency_is_missing(caplog):
    practice = make_practice()  # has "empathy" and "ownership" only
    session = practice.session
    solo_services.solo_customer_say(
        turn=solo_selectors.solo_pending_turn(session_id=session.pk), heard=[]
    )
    with caplog.at_level(logging.ERROR, logger="roleplay.scenarios.intents"):
        solo_services.solo_control(viewer=viewer(session, practice.learner), action="end")
    missing = {record.args[0] for record in caplog.records if record.levelno == logging.ERROR}
    assert missing == set(COMPETENCY_OF_INTENT.values()) - {"empathy", "ownership"}
