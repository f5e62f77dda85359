"""Adding a person to a role-play e-mails them an invitation with the time, the role
and a calendar file, in their language, after the change has committed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from roleplay.live import services as live_services
from roleplay.room import errors, sessions
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.roleplay.conftest import make_scenario

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture
def team_session(db):
    team = TeamFactory()
    coach = UserFactory(first_name="Kaisa", last_name="Coach")
    MembershipFactory(user=coach, team=team, role="coach")
    session = live_services.session_create(
        scenario=make_scenario(),
        team=team,
        coach=coach,
        scheduled_at=datetime(2030, 3, 4, 14, 30, tzinfo=HELSINKI),
    )
    return session, coach


def learner_of(session, **fields):
    user = UserFactory(**fields)
    MembershipFactory(user=user, team=session.team, role="learner")
    return user


def add(session, user, role, by, capture):
    with capture(execute=True):
        return sessions.participant_set(session=session, user=user, role=role, by=by)


def test_an_added_participant_gets_an_invitation_with_time_role_and_calendar_file(
    team_session, django_capture_on_commit_callbacks
):
    session, coach = team_session
    agent = learner_of(session, language="en", first_name="Aino")
    add(session, agent, "agent", coach, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == [agent.email]
    assert "The angry customer" in message.subject
    assert "Your role: Agent" in message.body
    assert "Kaisa Coach" in message.body
    assert "2:30" in message.body or "14:30" in message.body
    [(name, content, mimetype)] = message.attachments
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    assert "DTSTART:20300304T123000Z" in content
    assert "DTEND:20300304T131500Z" in content
    assert content.startswith("BEGIN:VCALENDAR\r\n")


def test_the_invitation_is_in_the_participants_language(
    team_session, django_capture_on_commit_callbacks
):
    session, coach = team_session
    customer = learner_of(session, language="fi")
    add(session, customer, "customer", coach, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert "Roolisi: Asiakas" in message.body
    assert "Kutsu" in message.subject


def test_a_session_without_a_time_invites_without_a_calendar_file(
    team_session, django_capture_on_commit_callbacks
):
    session, coach = team_session
    session.scheduled_at = None
    session.save(update_fields=["scheduled_at"])
    observer = learner_of(session, language="en")
    add(session, observer, "observer", coach, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert "your coach will tell you when" in message.body
    assert message.attachments == []


def test_nobody_who_turned_email_off_is_invited(team_session, django_capture_on_commit_callbacks):
    session, coach = team_session
    quiet = learner_of(session, email_reminders=False)
    add(session, quiet, "observer", coach, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_adding_again_with_the_same_role_does_not_invite_twice(
    team_session, django_capture_on_commit_callbacks
):
    session, coach = team_session
    agent = learner_of(session)
    add(session, agent, "agent", coach, django_capture_on_commit_callbacks)
    add(session, agent, "agent", coach, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_a_refused_addition_invites_nobody(team_session, django_capture_on_commit_callbacks):
    session, coach = team_session
    first, second = learner_of(session), learner_of(session)
    add(session, first, "agent", coach, django_capture_on_commit_callbacks)
    with pytest.raises(errors.RolePlayError):
        add(session, second, "agent", coach, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[first.email]]


def test_the_calendar_file_escapes_and_folds_long_lines(
    team_session, django_capture_on_commit_callbacks
):
    session, coach = team_session
    session.scenario.title = "Vihainen asiakas; lasku, muistutus ja " + "ä" * 60
    session.scenario.save()
    agent = learner_of(session)
    add(session, agent, "agent", coach, django_capture_on_commit_callbacks)

    content = mail.outbox[0].attachments[0][1]
    assert "asiakas\\; lasku\\, muistutus" in content.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in content.split("\r\n"))
