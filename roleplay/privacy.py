"""A person's own data in role-plays: their lines, and the debrief texts about them.

Erasure keeps every transcript whole for the others: the erased person's events stay
in place (their ``seq``, kind, role and any score value, so that the others' debriefs
and averages do not move) but lose their author, and their text reads as removed.
As the agent of a session, the person's self-reflection and the coach's notes about
them are cleared. A solo practice is the person's alone, with the scripted customer's
reading of their replies in it: it is deleted whole. Recordings they uploaded stay with
the team (they are the team's material, about its customers) without the uploader.

Call recordings hold voices. The export lists every call the person was recorded in,
with their own track's chunks (number, size, segment start, digest, and the file in
the private storage that holds its bytes) and where the merged file is kept, for the
administrator to hand over. Erasure deletes the person's tracks (their chunks' files
with them) and every merged call their voice is in (with the team review copy made of
it); a call they only listened to, as an observer, does not carry them and stays.
"""

from .callrecording.services import call_recordings_delete
from .kinds import kind_of, names
from .models import CallRecording, CallTrack, Participant, Recording, RolePlaySession, SessionEvent
from .room.eventlog import viewer_of

REMOVED = "removed"


def export(user) -> dict:
    sessions = []
    for participant in Participant.objects.filter(user=user).select_related("session", "user"):
        session = participant.session
        entry = {
            "session": session.pk,
            "kind": session.kind,
            "role": participant.role,
            "state": session.state,
            "reflection": session.agent_reflection if participant.role == "agent" else "",
            "lines": [
                {
                    "seq": e.seq,
                    "kind": e.kind,
                    "text": e.text,
                    "details": e.data,
                    "at": e.created_at.isoformat(),
                }
                for e in SessionEvent.objects.filter(session=session, author=user).order_by("seq")
            ],
        }
        kind = kind_of(session.kind)
        if kind.personal:
            entry["debrief"] = kind.debrief(session=session, viewer=viewer_of(participant))
        sessions.append(entry)
    recordings = [
        {
            "id": recording.pk,
            "title": recording.title,
            "kind": recording.kind,
            "team": recording.team_id,
            "uploaded_at": recording.created_at.isoformat(),
        }
        for recording in Recording.objects.filter(uploaded_by=user).order_by("pk")
    ]
    return {
        "roleplay_sessions": sessions,
        "recordings_uploaded": recordings,
        "call_recordings": _calls(user),
    }


def _calls(user) -> list[dict]:
    calls = []
    for track in CallTrack.objects.filter(user=user).select_related("recording").order_by("pk"):
        recording = track.recording
        calls.append(
            {
                "session": recording.session_id,
                "role": track.role,
                "state": recording.state,
                "started_at": recording.started_at.isoformat() if recording.started_at else None,
                "duration_seconds": recording.duration_seconds,
                "merged_file": recording.file.name or None,
                "chunks": [
                    {
                        "n": chunk.n,
                        "size": chunk.size,
                        "segment_start_ms": chunk.segment_start_ms,
                        "sha256": chunk.digest,
                        "received_at": chunk.received_at.isoformat(),
                        "file": chunk.file.name,
                    }
                    for chunk in track.chunks.order_by("n")
                ],
            }
        )
    return calls


def erase(user) -> None:
    call_recordings_delete(CallRecording.objects.filter(tracks__user=user).distinct())
    CallTrack.objects.filter(user=user).delete()
    RolePlaySession.objects.filter(kind__in=names(personal=True), participants__user=user).delete()
    Recording.objects.filter(uploaded_by=user).update(uploaded_by=None)
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
