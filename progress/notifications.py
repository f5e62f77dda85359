"""Reminder e-mails: overdue onboarding to the learner, a weekly summary to managers.

``send_reminders`` (a management command a scheduler runs, daily is fine) calls
these. Each message is recorded in ``ReminderSent`` for its ISO week before it is
sent, so running again the same week sends nothing twice; a message that fails to
send is un-recorded, so the next run tries again. Messages are written in the
recipient's language, and nobody who turned e-mail off gets one.
"""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from people.models import Membership, Role

from . import selectors
from .models import ReminderKind, ReminderSent

logger = logging.getLogger(__name__)


def iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def wants_email(user) -> bool:
    return bool(user.is_active and user.email and user.email_reminders)


def _link(name: str, *args) -> str:
    """An absolute address of a page (the pages live in ``frontend``, named by URL)."""
    base = settings.SITE_URL.rstrip("/")
    try:
        return base + reverse(name, args=args)
    except NoReverseMatch:
        return base + "/"


def _send_once(*, kind: str, recipient, period: str, build, about: str = "") -> bool:
    """Record, then send; a second call for the same period sends nothing."""
    try:
        with transaction.atomic():
            sent = ReminderSent.objects.create(
                kind=kind, recipient=recipient, period=period, about=about
            )
    except IntegrityError:
        return False
    with translation.override(recipient.language):
        message = build()
    from .tasks import reminder_mail_send

    # Sent by the worker, which retries; if it gives up, the record goes, so that a
    # later run sends the reminder again. (The record is committed already.)
    reminder_mail_send.enqueue(
        reminder_id=sent.pk,
        message={
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
        },
    )
    return True


def overdue_reminders_send(*, today: date | None = None) -> int:
    """Remind each learner with overdue onboarding, at most once a week; the count sent."""
    today = today or timezone.localdate()
    count = 0
    for rows in selectors.overdue_by_learner(today=today).values():
        learner = rows[0].learner
        if not wants_email(learner):
            continue

        def build(learner=learner, rows=rows):
            context = {
                "user": learner,
                "courses": [
                    {
                        "name": row.course_name or _("Onboarding"),
                        "due_date": row.due_date,
                        "days": (today - row.due_date).days,
                    }
                    for row in rows
                ],
                "link": _link("learner:home"),
                "settings_link": _link("learner:settings"),
            }
            return EmailMessage(
                subject=_("Your onboarding is overdue"),
                body=render_to_string("progress/email/overdue.txt", context),
                to=[learner.email],
            )

        count += _send_once(
            kind=ReminderKind.OVERDUE, recipient=learner, period=iso_week(today), build=build
        )
    return count


def weekly_summaries_send(*, today: date | None = None) -> int:
    """Send each manager one summary of the teams they manage, once a week."""
    today = today or timezone.localdate()
    teams_of: dict[int, list] = {}
    managers = {}
    for membership in (
        Membership.objects.filter(role=Role.MANAGER)
        .select_related("user", "team")
        .order_by("user_id", "team__name")
    ):
        if wants_email(membership.user):
            managers[membership.user_id] = membership.user
            teams_of.setdefault(membership.user_id, []).append(membership.team)
    summaries: dict[int, dict] = {}
    count = 0
    for user_id, teams in teams_of.items():
        manager = managers[user_id]
        if ReminderSent.objects.filter(
            kind=ReminderKind.WEEKLY_SUMMARY, recipient=manager, period=iso_week(today)
        ).exists():
            continue
        for team in teams:
            if team.pk not in summaries:
                summaries[team.pk] = selectors.team_week_summary(team=team, today=today)

        def build(manager=manager, teams=teams):
            context = {
                "user": manager,
                "teams": [
                    {**summaries[team.pk], "link": _link("manager:dashboard", team.pk)}
                    for team in teams
                ],
                "settings_link": _link("learner:settings"),
            }
            return EmailMessage(
                subject=_("Weekly summary of your teams"),
                body=render_to_string("progress/email/weekly_summary.txt", context),
                to=[manager.email],
            )

        count += _send_once(
            kind=ReminderKind.WEEKLY_SUMMARY,
            recipient=manager,
            period=iso_week(today),
            build=build,
        )
    return count
