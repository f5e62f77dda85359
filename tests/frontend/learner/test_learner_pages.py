"""The learner's pages: the onboarding path, progress, role-plays, debrief, settings,
and the way there from the front page."""

import pytest
from django.core import mail

from roleplay.models import RolePlaySession, SessionState
from roleplay.room import sessions

pytestmark = pytest.mark.django_db


def test_the_path_groups_modules_by_pillar_with_progress_next_lesson_and_due_date(
    person, client_as
):
    page = client_as(person("learner")).get("/en/learn/").content.decode()
    assert "22 % complete (2 of 9 lessons)" in page
    assert "Next lesson: Asenne ennen ohjetta" in page
    assert "Due " in page
    what, how, why = (
        page.index(f'class="pillar-group pillar-{p}"') for p in ("what", "how", "why")
    )
    assert what < how < why
    # Attitude is the point of the course: the why module is open from the first day.
    assert "Complete these modules first" not in page
    assert "is-locked" not in page


def test_someone_not_enrolled_is_told_who_can_enrol_them(person, client_as):
    page = client_as(person("coach")).get("/en/learn/").content.decode()
    assert "You are not enrolled in any onboarding course yet." in page


def test_a_visitor_is_asked_to_log_in(demo, client):
    assert "/accounts/login/" in client.get("/en/learn/")["Location"]


def test_my_progress_shows_baseline_latest_target_and_whats_missing(person, client_as):
    page = client_as(person("learner")).get("/en/learn/progress/").content.decode()
    assert '<th scope="row">Empathy</th>' in page
    assert "1 level below target" in page
    assert "Still missing:" in page
    assert "A coach signs the milestone off" in page


def test_my_roleplays_shows_the_upcoming_session_with_my_role(person, client_as):
    page = client_as(person("learner")).get("/en/learn/role-plays/").content.decode()
    assert "Vihainen asiakas" in page
    assert "<dd>Agent</dd>" in page


def ended_session():
    session = RolePlaySession.objects.get()
    session.state = SessionState.ENDED
    session.save(update_fields=["state"])
    return session


def test_the_agent_writes_a_self_reflection_in_the_debrief(person, client_as):
    session = ended_session()
    client = client_as(person("learner"))
    response = client.post(
        f"/en/learn/role-plays/{session.pk}/", {"reflection": "I listened before solving."}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Your self-reflection is saved." in page
    assert "I listened before solving." in page


def test_the_debrief_of_a_past_session_is_listed(person, client_as):
    session = ended_session()
    page = client_as(person("learner")).get("/en/learn/role-plays/").content.decode()
    assert f'href="/en/learn/role-plays/{session.pk}/"' in page
    assert "self-reflection not written yet" in page


def test_other_participants_read_the_debrief_without_the_form(person, client_as):
    session = ended_session()
    page = client_as(person("learner2")).get(f"/en/learn/role-plays/{session.pk}/")
    assert page.status_code == 200
    assert b"Save my reflection" not in page.content


def test_someone_outside_the_session_gets_not_found(person, client_as):
    session = RolePlaySession.objects.get()
    response = client_as(person("learner4")).get(f"/en/learn/role-plays/{session.pk}/")
    assert response.status_code == 404


def test_turning_email_off_stops_invitations(person, client_as, django_capture_on_commit_callbacks):
    eero = person("learner2")
    client_as(eero).post("/en/settings/", {"language": "en"})
    eero.refresh_from_db()
    assert eero.email_reminders is False
    session = RolePlaySession.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        sessions.participant_set(session=session, user=eero, role="observer", by=person("coach"))
    assert mail.outbox == []


def test_the_settings_page_changes_my_language(person, client_as):
    aino = person("learner")
    response = client_as(aino).post(
        "/en/settings/", {"language": "fi", "email_reminders": "on"}, follow=True
    )
    aino.refresh_from_db()
    assert aino.language == "fi"
    assert response.redirect_chain[-1][0] == "/fi/settings/"


def test_switching_language_stores_it_as_my_preference(person, client_as):
    aino = person("learner")
    client = client_as(aino)
    response = client.post("/fi/language/", {"language": "en", "next": "/fi/learn/"})
    assert response["Location"] == "/en/learn/"
    aino.refresh_from_db()
    assert aino.language == "en"


def test_the_front_page_leads_each_role_to_its_pages(person, client_as):
    learner_page = client_as(person("learner")).get("/").content.decode()
    assert 'href="/fi/learn/"' in learner_page
    assert 'href="/fi/learn/role-plays/"' in learner_page
    manager_page = client_as(person("manager")).get("/").content.decode()
    # The demo manager leads two teams (Aurora and the new, empty one): a link to each.
    teams = [membership.team for membership in person("manager").memberships.all()]
    assert len(teams) == 2
    for team in teams:
        assert f'href="/fi/teams/{team.pk}/"' in manager_page
