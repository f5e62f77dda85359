"""A solo practice belongs to its learner alone, and its automatic debrief shows the
behaviours shown and missed with the scenario's model answers
(script: tests/roleplay/practice.py)."""

import pytest

from tests.frontend.learner.test_practice_pages import config_of, play_to_the_end

pytestmark = pytest.mark.django_db


def test_the_learner_enters_their_own_practice_room(practice, client_for):
    page = client_for(practice.learner).get(f"/en/learn/practice/{practice.session.pk}/")
    assert page.status_code == 200
    assert config_of(page.content.decode())["strings"]["persona"] == "Marja"


@pytest.mark.parametrize("name", ["peer", "coach", "outsider"])
def test_no_one_else_finds_a_learners_practice(practice, client_for, name):
    client = client_for(getattr(practice, name))
    for url in ("", "debrief/"):
        assert client.get(f"/en/learn/practice/{practice.session.pk}/{url}").status_code == 404


def test_the_debrief_waits_for_the_end_of_the_practice(practice, client_for):
    response = client_for(practice.learner).get(
        f"/en/learn/practice/{practice.session.pk}/debrief/"
    )
    assert response.status_code == 409
    assert "The debrief opens when the practice has ended." in response.content.decode()


def test_the_debrief_shows_what_was_missed_with_the_model_answer(practice, client_for):
    session = play_to_the_end(practice.session, practice.learner, choices=[0])
    assert session.state == "ended"
    page = client_for(practice.learner).get(f"/en/learn/practice/{session.pk}/debrief/")
    text = page.content.decode()
    missed = text[text.index("Behaviours you missed") :]
    assert "Acknowledging the feeling" in missed and "Clarifying question" in missed
    assert "The fee is in line with our terms." in text
    assert "I can hear how frustrating this is. Which invoice is it about?" in text
    assert "You went through the whole conversation." in text


def test_the_debrief_shows_the_behaviours_shown(practice, client_for):
    session = play_to_the_end(practice.session, practice.learner, choices=[1, 0])
    page = client_for(practice.learner).get(f"/en/learn/practice/{session.pk}/debrief/")
    text = page.content.decode()
    shown = text[text.index("Behaviours you showed") : text.index("Behaviours you missed")]
    assert "Acknowledging the feeling" in shown and "Clarifying question" in shown


def test_the_learner_writes_a_reflection_after_the_practice(practice, client_for):
    session = play_to_the_end(practice.session, practice.learner, choices=[0])
    url = f"/en/learn/practice/{session.pk}/debrief/"
    response = client_for(practice.learner).post(url, {"reflection": "I rushed."}, follow=True)
    assert "Your self-reflection is saved." in response.content.decode()
    session.refresh_from_db()
    assert session.agent_reflection == "I rushed."


def test_the_old_debrief_address_leads_to_the_practice_debrief(practice, client_for):
    response = client_for(practice.learner).get(f"/en/learn/role-plays/{practice.session.pk}/")
    assert response["Location"] == f"/en/learn/practice/{practice.session.pk}/debrief/"
