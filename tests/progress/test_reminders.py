"""``send_reminders``: overdue onboarding to the learner, a weekly summary to each
manager, in their language, once a week, never to someone who turned e-mail off."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from progress.services import onboarding_due_set
from tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2030, 3, 4)


@pytest.fixture
def team(db):
    return TeamFactory(name="Aurora")


def member(team, role, **fields):
    user = UserFactory(**fields)
    MembershipFactory(user=user, team=team, role=role)
    return user


def overdue(learner, team, days=5, name="Onboarding: our promise"):
    onboarding_due_set(
        learner=learner,
        team=team,
        due_date=MONDAY - timedelta(days=days),
        course_key="",
        course_name=name,
    )


def run(day=MONDAY, **options):
    call_command("send_reminders", date=day.isoformat(), stdout=open("/dev/null", "w"), **options)  # noqa: SIM115


def test_a_learner_with_overdue_onboarding_is_reminded(team):
    learner = member(team, "learner", language="en")
    overdue(learner, team, days=5)
    run(only="overdue")
    [message] = mail.outbox
    assert message.to == [learner.email]
    assert message.subject == "Your onboarding is overdue"
    assert "Onboarding: our promise: due 27.2.2030 (5 days ago)" in message.body
    assert "/en/learn/" in message.body


def test_the_reminder_is_in_the_learners_language(team):
    learner = member(team, "learner", language="fi")
    overdue(learner, team)
    run(only="overdue")
    assert mail.outbox[0].subject == "Perehdytyksesi on myöhässä"


def test_a_learner_on_time_gets_no_reminder(team):
    learner = member(team, "learner")
    onboarding_due_set(
        learner=learner, team=team, due_date=MONDAY + timedelta(days=3), course_key=""
    )
    run(only="overdue")
    assert mail.outbox == []


def test_running_again_the_same_week_sends_nothing_new(team):
    overdue(member(team, "learner"), team)
    run()
    run(day=MONDAY + timedelta(days=1))
    run(day=MONDAY + timedelta(days=6))
    assert len([m for m in mail.outbox if "overdue" in m.subject]) == 1


def test_next_week_the_reminder_comes_again(team):
    overdue(member(team, "learner"), team)
    run(only="overdue")
    run(day=MONDAY + timedelta(days=7), only="overdue")
    assert len(mail.outbox) == 2


def test_nobody_who_turned_email_off_is_reminded(team):
    overdue(member(team, "learner", email_reminders=False), team)
    member(team, "manager", email_reminders=False)
    run()
    assert mail.outbox == []


def test_a_manager_gets_one_weekly_summary_of_their_teams(team):
    other = TeamFactory(name="Kajo")
    manager = member(team, "manager", language="en")
    MembershipFactory(user=manager, team=other, role="manager")
    learner = member(team, "learner", first_name="Eero", last_name="Mäkinen")
    overdue(learner, team, days=3)
    run(only="summaries")
    [message] = mail.outbox
    assert message.to == [manager.email]
    assert "Aurora" in message.body and "Kajo" in message.body
    assert "Eero Mäkinen (3 days)" in message.body
    assert f"/en/teams/{team.pk}/" in message.body


def test_the_summary_goes_to_managers_only(team):
    member(team, "coach")
    member(team, "learner")
    run(only="summaries")
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_on_the_next_run(team, monkeypatch):
    overdue(member(team, "learner"), team)

    def refuse(self, fail_silently=False):
        raise OSError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", refuse)
        run(only="overdue")
    assert mail.outbox == []
    run(only="overdue")
    assert len(mail.outbox) == 1
