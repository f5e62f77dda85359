"""Role-play invitations by e-mail: the time, the role and an ``.ics`` calendar file.

``participant_set`` calls ``invite_on_commit`` when a person is added to a session or
their role changes; the mail goes out after the transaction commits, so a refused or
rolled-back change never invites anyone. Each message is written in the recipient's
language, and nobody who turned e-mail off (``User.email_reminders``) gets one.
"""

import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from .models import Participant

logger = logging.getLogger(__name__)

SESSION_LENGTH = timedelta(minutes=45)
ICS_NAME = "kohtaamo-roleplay.ics"
ICS_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def invite_on_commit(*, participant: Participant, by) -> None:
    """Invite the participant once the current transaction commits (not who added themselves)."""
    if participant.user_id == getattr(by, "pk", None):
        return
    from progress.tasks import enqueue_on_commit

    from .tasks import invitation_send

    # Sent by the worker: a mail server that is slow or down never touches the request.
    enqueue_on_commit(invitation_send, participant.pk)


def participant_invite(*, participant_id: int, raise_errors: bool = False) -> bool:
    """Send the invitation now; False when there is nobody to send it to.

    A failure to send is logged and answered False, or raised with ``raise_errors``
    (the task does, to retry).
    """
    participant = (
        Participant.objects.select_related(
            "user", "session__scenario", "session__team", "session__coach"
        )
        .filter(pk=participant_id)
        .first()
    )
    if participant is None:
        return False
    user = participant.user
    if not user.email or not user.email_reminders or not user.is_active:
        return False
    with translation.override(user.language):
        message = invitation_message(participant)
    try:
        message.send()
    except Exception:  # a mail server that is down must not fail the coach's request
        if raise_errors:
            raise
        logger.exception("Could not send the role-play invitation %s", participant_id)
        return False
    return True


def _site_url(name: str, *args) -> str:
    base = settings.SITE_URL.rstrip("/")
    try:
        return base + reverse(name, args=args)
    except NoReverseMatch:
        return base + "/"


def invitation_message(participant: Participant) -> EmailMessage:
    """The invitation in the active language, with a calendar file when a time is set."""
    session = participant.session
    # A recording review has no scenario: it is named after its recording.
    scenario = session.scenario.localized if session.scenario_id else session.recording
    when = session.scheduled_at
    context = {
        "user": participant.user,
        "coach": session.coach.display_name,
        "team": session.team.name,
        "scenario": scenario.title,
        "role": participant.get_role_display(),
        "when": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else "",
        "link": _site_url("learner:roleplays"),
    }
    message = EmailMessage(
        subject=_("Role-play invitation: %(scenario)s") % {"scenario": scenario.title},
        body=render_to_string("roleplay/email/invitation.txt", context),
        to=[participant.user.email],
    )
    if when is not None:
        message.attach(ICS_NAME, calendar_event(participant, context), ICS_TYPE)
    return message


def calendar_event(participant: Participant, context: dict) -> str:
    """An iCalendar (RFC 5545) event for the session, one per session and person."""
    session = participant.session
    start = session.scheduled_at
    host = urlsplit(settings.SITE_URL).hostname or "kohtaamo"
    summary = _("Role-play: %(scenario)s") % {"scenario": context["scenario"]}
    description = _("Your role: %(role)s. Coach: %(coach)s. Team: %(team)s.") % context
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kohtaamo//Role-play//EN",
        "METHOD:PUBLISH",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:roleplay-{session.pk}-{participant.user_id}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(start + SESSION_LENGTH)}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description + ' ' + context['link'])}",
        f"URL:{context['link']}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str, limit: int = 75) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    parts, current = [], ""
    for char in line:
        width = len(current.encode()) + len(char.encode())
        if width > (limit if not parts else limit - 1):
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return "\r\n ".join(parts)
