"""Who is in a session and what they write about it, for every kind of session:
participants and their roles, the coach's notes and the agent's reflection."""

from django.db import transaction
from django.utils.translation import gettext as _

from people import permissions

from .. import notifications
from ..kinds import kind_of
from ..models import Participant, ParticipantRole, RolePlaySession, SessionState
from . import access
from .errors import RolePlayError
from .eventlog import RUNNING_STATES, is_session_coach


def participant_set(*, session: RolePlaySession, user, role: str, by) -> Participant:
    """Add ``user`` to the session with ``role``, or change their role before it starts."""
    kind = kind_of(session.kind)
    if not kind.roles:
        # A kind nobody joins (solo practice: its one learner): nobody can be added.
        raise RolePlayError("invalid", str(kind.joining_refused))
    if by.pk != session.coach_id and not permissions.is_coach_of(by, session.team_id):
        raise RolePlayError("forbidden", _("Only the session's coach can add participants."))
    if role not in kind.roles:
        raise RolePlayError("invalid", _("Unknown role."))
    if not permissions.is_member_of(user, session.team_id):
        raise RolePlayError("invalid", _("Participants must be members of the session's team."))
    if role == ParticipantRole.COACH and not permissions.is_coach_of(user, session.team_id):
        raise RolePlayError("invalid", _("Only a coach of the team can take the coach role."))
    with transaction.atomic():
        session = RolePlaySession.objects.select_for_update().get(pk=session.pk)
        if session.state == SessionState.ENDED:
            raise RolePlayError("not_live", _("The session has ended."))
        existing = Participant.objects.filter(session=session, user=user).first()
        if existing is not None and existing.role != role and session.state in RUNNING_STATES:
            raise RolePlayError("invalid", _("Roles cannot change once the role-play has started."))
        if (
            role == ParticipantRole.AGENT
            and Participant.objects.filter(session=session, role=ParticipantRole.AGENT)
            .exclude(user=user)
            .exists()
        ):
            raise RolePlayError("invalid", _("The session already has an agent."))
        participant, _created = Participant.objects.update_or_create(
            session=session, user=user, defaults={"role": role}
        )
        if existing is None or existing.role != role:
            notifications.invite_on_commit(participant=participant, by=by)
        if existing is not None and existing.role != role:
            # Their open connections see the session in the old role: check again.
            access.announce_on_commit(session_ids=[session.pk], user_id=user.pk)
    return participant


def debrief_update(
    *,
    session: RolePlaySession,
    user,
    coach_notes: str | None = None,
    reflection: str | None = None,
    coach_notes_released: bool | None = None,
) -> RolePlaySession:
    """The coach keeps notes for the debrief (and releases them to the agent, or takes
    them back); the agent writes a self-reflection."""
    participant = Participant.objects.filter(session=session, user=user).first()
    fields = []
    if coach_notes_released is not None:
        if participant is None or user.pk != session.coach_id:
            raise RolePlayError("forbidden", _("Only the session's coach shares the notes."))
        session.coach_notes_released = coach_notes_released
        fields.append("coach_notes_released")
    if coach_notes is not None:
        if participant is None or not is_session_coach(participant):
            raise RolePlayError("forbidden", _("Only the coach writes the coach's notes."))
        session.coach_notes = coach_notes
        fields.append("coach_notes")
    if reflection is not None:
        if participant is None or participant.role != ParticipantRole.AGENT:
            raise RolePlayError("forbidden", _("Only the agent writes the self-reflection."))
        if session.state != SessionState.ENDED:
            raise RolePlayError("not_live", _("Write the reflection after the role-play."))
        session.agent_reflection = reflection
        fields.append("agent_reflection")
    if fields:
        session.save(update_fields=fields)
    return session
