"""A person's own data in role-plays: their lines, and the debrief texts about them.

Erasure keeps every transcript whole for the others: the erased person's events stay
in place (their ``seq``, kind, role and any score value, so that the others' debriefs
and averages do not move) but lose their author, and their text reads as removed.
As the agent of a session, the person's self-reflection and the coach's notes about
them are cleared.
"""

from .models import Participant, SessionEvent

REMOVED = "removed"


def export(user) -> dict:
    sessions = []
    for participant in Participant.objects.filter(user=user).select_related("session"):
        session = participant.session
        sessions.append(
            {
                "session": session.pk,
                "role": participant.role,
                "state": session.state,
                "reflection": session.agent_reflection if participant.role == "agent" else "",
                "lines": [
                    {"seq": e.seq, "kind": e.kind, "text": e.text, "at": e.created_at.isoformat()}
                    for e in SessionEvent.objects.filter(session=session, author=user).order_by(
                        "seq"
                    )
                ],
            }
        )
    return {"roleplay_sessions": sessions}


def erase(user) -> None:
    SessionEvent.objects.filter(author=user).update(
        author=None, author_name=REMOVED, text="", client_msg_id=None
    )
    for participant in Participant.objects.filter(user=user, role="agent").select_related(
        "session"
    ):
        session = participant.session
        session.agent_reflection = ""
        session.coach_notes = ""
        session.save(update_fields=["agent_reflection", "coach_notes"])
