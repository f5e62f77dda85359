"""Role-play work for the background worker (progress/tasks.py says how it runs)."""

import logging

from django_tasks import task

from progress.tasks import BACKEND, retry_later

logger = logging.getLogger(__name__)


@task(backend=BACKEND)
def invitation_send(participant_id: int, attempt: int = 1) -> bool:
    """E-mail one invitation; when the mail server fails, log it and try again later."""
    from .notifications import participant_invite

    try:
        return participant_invite(participant_id=participant_id, raise_errors=True)
    except Exception:
        retried = retry_later(invitation_send, attempt, participant_id)
        logger.exception(
            "Could not send the role-play invitation %s (attempt %s; %s)",
            participant_id,
            attempt,
            "retrying later" if retried else "giving up",
        )
        return False


@task(backend=BACKEND)
def call_recording_merge(recording_id: int) -> bool:
    """Merge a call's tracks into its recording (roleplay.callrecording.merge); a merge
    that fails leaves the recording ``failed`` with the reason, and is logged."""
    from .callrecording.services import call_recording_merge_now

    try:
        return call_recording_merge_now(recording_id) is not None
    except Exception:
        logger.exception("Could not merge the call recording %s", recording_id)
        return False


@task(backend=BACKEND)
def call_recording_close(recording_id: int) -> bool:
    """The end of a call's grace period: close the recording for the merge unless a
    track's last chunks keep it open a little longer (roleplay.callrecording)."""
    from .callrecording.services import call_recording_close as close

    return close(recording_id)
