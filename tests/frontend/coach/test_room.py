"""The live room page: who may enter, and what each role is shown and may do.

Private texts of the scenario (tests/roleplay/conftest.py): the customer's real need
"To be heard.", the actor's notes "Start loud.", the coach's notes "Whisper when the
mother comes up."
"""

import json
import re

import pytest

pytestmark = pytest.mark.django_db

REAL_NEED = "To be heard."
CUSTOMER_NOTES = "Start loud."
COACH_NOTES = "Whisper when the mother comes up."


def room_page(room, client_for, name, language="en"):
    response = client_for(getattr(room, name)).get(
        f"/{language}/coach/sessions/{room.session.pk}/room/"
    )
    assert response.status_code == 200
    return response.content.decode()


def config_of(page) -> dict:
    found = re.search(r'<script id="room-config" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


@pytest.mark.parametrize("name", ["coach", "agent", "customer", "observer"])
def test_every_participant_can_enter_the_room(room, client_for, name):
    assert "data-roleplay-room" in room_page(room, client_for, name)


def test_someone_outside_the_session_may_not_enter(room, client_for):
    url = f"/en/coach/sessions/{room.session.pk}/room/"
    assert client_for(room.bystander).get(url).status_code == 403
    assert client_for(room.outsider).get(url).status_code == 403


def test_a_team_manager_who_is_not_a_participant_may_not_enter(room, client_for):
    url = f"/en/coach/sessions/{room.session.pk}/room/"
    assert client_for(room.manager).get(url).status_code == 403


def test_an_unknown_session_is_not_found(room, client_for):
    assert client_for(room.coach).get("/en/coach/sessions/999999/room/").status_code == 404


def test_the_agent_reads_the_brief_but_no_private_notes(room, client_for):
    page = room_page(room, client_for, "agent")
    assert "A customer calls about an invoice." in page
    for secret in (REAL_NEED, CUSTOMER_NOTES, COACH_NOTES):
        assert secret not in page


def test_the_customer_actor_reads_the_persona_and_their_notes_but_not_the_coachs(room, client_for):
    page = room_page(room, client_for, "customer")
    assert REAL_NEED in page
    assert CUSTOMER_NOTES in page
    assert COACH_NOTES not in page


def test_the_observer_reads_no_private_notes(room, client_for):
    page = room_page(room, client_for, "observer")
    assert CUSTOMER_NOTES not in page
    assert COACH_NOTES not in page


def test_the_coach_reads_every_note(room, client_for):
    page = room_page(room, client_for, "coach")
    for secret in (REAL_NEED, CUSTOMER_NOTES, COACH_NOTES):
        assert secret in page


@pytest.mark.parametrize("name", ["agent", "customer", "observer"])
def test_only_the_coach_gets_the_console_and_the_twists(room, client_for, name):
    page = room_page(room, client_for, name)
    for control in (
        "data-console",
        "data-whisper-form",
        "data-inject-form",
        "data-action=",
        "data-twist=",
        "data-notes-form",
        "The customer is recording the call.",
    ):
        assert control not in page


def test_the_coach_gets_controls_whisper_twists_notes_and_the_rubric(room, client_for):
    page = room_page(room, client_for, "coach")
    for action in ("start", "pause", "resume", "end"):
        assert f'data-action="{action}"' in page
    assert f'data-twist="{room.twist.pk}"' in page
    for control in ("data-whisper-form", "data-inject-form", "data-notes-form", "data-score-form"):
        assert control in page


@pytest.mark.parametrize(
    ("name", "says"), [("agent", True), ("customer", True), ("observer", False), ("coach", False)]
)
def test_only_the_agent_and_the_customer_have_a_say_box(room, client_for, name, says):
    assert ("data-say-form" in room_page(room, client_for, name)) is says


@pytest.mark.parametrize(
    ("name", "scores"), [("observer", True), ("coach", True), ("agent", False), ("customer", False)]
)
def test_only_observers_and_the_coach_have_the_rubric_panel(room, client_for, name, scores):
    assert ("data-score-form" in room_page(room, client_for, name)) is scores


def test_the_say_box_waits_for_the_role_play_to_be_live(room, client_for):
    page = room_page(room, client_for, "agent")
    assert re.search(r"<textarea[^>]*name=\"text\"[^>]*data-needs-live", page)


def test_the_rubric_panel_lists_every_criterion_with_its_five_levels(room, client_for):
    page = room_page(room, client_for, "observer")
    for criterion in room.criteria:
        assert f'data-criterion="{criterion.pk}"' in page
        assert page.count(f'id="score-{criterion.pk}-') == 5


def test_the_room_config_tells_the_client_the_session_role_and_criteria(room, client_for):
    config = config_of(room_page(room, client_for, "observer"))
    assert config["session"] == room.session.pk
    assert config["role"] == "observer"
    assert config["user"] == room.observer.pk
    assert config["criteria"] == {str(c.pk): c.name for c in room.criteria}


def test_the_room_config_carries_the_clients_words_in_the_pages_language(room, client_for):
    config = config_of(room_page(room, client_for, "agent", language="fi"))
    assert config["strings"]["states"]["paused"] == "Tauolla"
    assert config["strings"]["connection"]["connected"] == "Yhteys toimii"


def test_a_coach_who_plays_the_customer_speaks_and_keeps_the_console(room, client_for):
    from roleplay.room import sessions

    sessions.participant_set(
        session=room.session, user=room.customer, role="observer", by=room.coach
    )
    sessions.participant_set(session=room.session, user=room.coach, role="customer", by=room.coach)
    page = room_page(room, client_for, "coach")
    assert "data-say-form" in page
    assert "data-console" in page
