"""The words the room's JavaScript shows, translated on the server into #room-config."""

from django.utils.translation import gettext as _

from roleplay.models import ParticipantRole, SessionState
from roleplay.room.call import MODE_LABELS
from roleplay.scenarios.script import MOOD_CHOICES

# The coach's supervisor modes in a call, as people read them.
CALL_MODES = MODE_LABELS


def room_strings() -> dict:
    return {
        "connection": {
            "connecting": _("Connecting…"),
            "connected": _("Connected"),
            "reconnecting": _("Connection lost. Reconnecting…"),
            "offline": _("You are offline. The room reconnects when the network is back."),
            "closed": _("Disconnected"),
        },
        "closed": {
            "4401": _("Your sign-in has expired. Reload the page to sign in again."),
            "4403": _("You are not a participant of this session."),
            "4404": _("This session no longer exists."),
        },
        "states": dict(SessionState.choices),
        "state_help": {
            "scheduled": _("The role-play has not started yet."),
            "lobby": _("Waiting for the coach to start the role-play."),
            "live": _("The role-play is live."),
            "paused": _("The coach has paused the role-play. You can speak again when it resumes."),
            "ended": _("The role-play has ended."),
        },
        "roles": dict(ParticipantRole.choices),
        "actions": {
            "start": _("The coach started the role-play."),
            "pause": _("The coach paused the role-play."),
            "resume": _("The coach resumed the role-play."),
            "end": _("The coach ended the role-play."),
        },
        "errors": {
            "invalid": _("The room did not understand that. Please try again."),
            "forbidden": _("Your role cannot do that."),
            "not_live": _("That is possible only while the role-play is live."),
            "paused": _("The role-play is paused: nothing was sent."),
            "ended": _("The role-play has ended: nothing was sent."),
            "too_large": _("The message is too long (at most 4,000 characters)."),
            "rate_limited": _("Slow down a little: the message will be sent again in a moment."),
            "notes": _("The notes could not be saved. Try again."),
        },
        "typing": _("is typing…"),
        "whisper": _("Whisper from the coach"),
        "twist": _("Twist"),
        "joined": _("joined the room."),
        "left": _("left the room."),
        "online": _("online"),
        "away": _("not in the room"),
        "you": _("you"),
        "score": _("Score"),
        "scored": _("Your latest score: %(value)s/5"),
        "sending": _("Sending…"),
        "saved": _("Notes saved."),
        "saving": _("Saving notes…"),
        "call_events": {
            "start": _("started the call."),
            "join": _("joined the call."),
            "leave": _("left the call."),
            "mute": _("muted their microphone."),
            "unmute": _("turned their microphone back on."),
            "mode": _("switched the call to: %(mode)s."),
            "end": _("ended the call."),
        },
        "call_modes": {key: str(label) for key, label in CALL_MODES.items()},
    }


def call_strings() -> dict:
    """The call panel's words (frontend/static/frontend/roleplay-call.js)."""
    return {
        "states": {
            "idle": _("Not in the call"),
            "connecting": _("Connecting the call…"),
            "connected": _("In the call"),
            "failed": _("No call"),
            "ended": _("You left the call"),
        },
        "peer_states": {
            "new": _("connecting"),
            "connecting": _("connecting"),
            "connected": _("connected"),
            "disconnected": _("connection interrupted"),
            "failed": _("connection failed"),
            "closed": _("left"),
        },
        "modes": {key: str(label) for key, label in CALL_MODES.items()},
        "roles": dict(ParticipantRole.choices),
        "speaking": _("speaking"),
        "quality": _("delay %(rtt)s ms, %(loss)s %% lost"),
        "quality_unknown": _("measuring the connection…"),
        "waiting": _("Waiting for the others to join the call."),
        "paused": _("The coach has paused the role-play: nobody is heard until it resumes."),
        "ended": _("The call has ended for you. The conversation continues in writing."),
        "no_microphone": _(
            "No microphone was found. The call is not available to you: "
            "continue the role-play in writing below."
        ),
        "microphone_refused": _(
            "The browser was not allowed to use your microphone. "
            "Continue the role-play in writing below, or allow the microphone and join again."
        ),
        "mute": _("Mute"),
        "unmute": _("Unmute"),
    }


def practice_strings(*, persona: str) -> dict:
    """The room's words for a solo practice: the scripted customer speaks, the
    learner picks a reply or writes one, and only the learner can end it."""
    words = room_strings()
    words["actions"] = {"end": _("The practice has ended.")}
    words["state_help"] = {
        **words["state_help"],
        "live": _("Pick a reply or write your own. %(name)s answers in a moment.")
        % {"name": persona},
        "ended": _("The practice has ended. Your debrief is ready."),
    }
    words["errors"] = {
        **words["errors"],
        "not_live": _("The practice has ended: nothing was sent."),
    }
    words["moods"] = {key: str(label) for key, label in MOOD_CHOICES}
    words["mood"] = _("Mood")
    words["persona"] = persona
    return words


def review_strings() -> dict:
    """The room's words for a review of a recording."""
    words = room_strings()
    words["actions"] = {
        "start": _("The coach started the review."),
        "pause": _("The coach paused the review."),
        "resume": _("The coach resumed the review."),
        "end": _("The coach ended the review."),
    }
    words["state_help"] = {
        **words["state_help"],
        "scheduled": _("The review has not started yet."),
        "lobby": _("Waiting for the coach to start the review."),
        "live": _("The review is on. The coach plays the recording for everyone."),
        "paused": _("The coach has paused the review."),
        "ended": _("The review has ended."),
    }
    words["errors"] = {
        **words["errors"],
        "not_live": _("That is possible only while the review is on."),
        "paused": _("The review is paused: nothing was sent."),
        "ended": _("The review has ended: nothing was sent."),
    }
    words["playback"] = {
        "play": _("The coach played the recording from %(at)s."),
        "pause": _("The coach paused the recording at %(at)s."),
        "seek": _("The coach moved the recording to %(at)s."),
    }
    words["mark"] = _("Moment")
    words["line"] = _("line %(at)s")
    words["listen_blocked"] = _("Your browser blocked the sound. Press “Listen along” to hear it.")
    words["marked"] = _("Moment marked at %(at)s.")
    return words
