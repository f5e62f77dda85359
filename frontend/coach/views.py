"""The coach's pages and the live room of every role.

Views parse, authorise, call one roleplay service or selector and render. The
scenario shown in the room is cut to the viewer's role by
``roleplay.scenarios.selectors.scenario_for``: the template never reads the scenario
itself. A session of another kind is sent to its own page (``roleplay.kinds``).
"""

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from people import permissions
from people.models import Role
from roleplay import kinds
from roleplay.callrecording.reviews import call_lesson_example_save, call_review_start
from roleplay.live import lobby
from roleplay.live import selectors as live_selectors
from roleplay.live import services as live_services
from roleplay.models import (
    CallRecording,
    LessonExample,
    ParticipantRole,
    RecordingKind,
    SessionState,
)
from roleplay.review import selectors as review_selectors
from roleplay.review import services as review_services
from roleplay.room import call as room_call
from roleplay.room import selectors as room_selectors
from roleplay.room.eventlog import SPEAKING_ROLES
from roleplay.room.sessions import debrief_update
from roleplay.scenarios import selectors as scenario_selectors

from .. import refusals
from . import selectors
from .forms import (
    CallMomentForm,
    CoachNotesForm,
    LibraryFilterForm,
    RecordingUploadForm,
    ReflectionForm,
    ReviewStartForm,
    SessionStartForm,
)
from .strings import call_strings, review_strings, room_strings


def _require_coach(user) -> None:
    if not permissions.coached_team_ids(user):
        raise PermissionDenied(_("Only coaches can open the scenario library."))


@login_required
def library(request):
    """Scenarios to rehearse, filtered by channel, difficulty and competency, and the
    coach's own sessions."""
    _require_coach(request.user)
    library = selectors.scenario_library()
    form = LibraryFilterForm(request.GET or None, competencies=library.competencies)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    return render(
        request,
        "frontend/coach/library.html",
        {
            "form": form,
            "scenarios": library.filtered(**filters),
            "filtered": bool(filters),
            "sessions": selectors.coach_sessions(user=request.user),
            "roles": ParticipantRole.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_start(request):
    """Schedule a session: team, scenario, agent, customer and observers, in one go."""
    _require_coach(request.user)
    teams = selectors.coached_teams(request.user)
    scenarios = list(scenario_selectors.scenarios_for_active_language())
    form = SessionStartForm(
        request.POST or None,
        initial={"scenario": request.GET.get("scenario")},
        teams=teams,
        scenarios=scenarios,
        coach=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        roles = [
            (data["agent"], ParticipantRole.AGENT),
            (data["customer"], ParticipantRole.CUSTOMER),
            *((observer, ParticipantRole.OBSERVER) for observer in data["observers"]),
        ]
        with refusals.shown_on_form(form):
            session = live_services.session_start(
                scenario=data["scenario"],
                team=data["team"],
                coach=request.user,
                roles=roles,
                scheduled_at=data.get("scheduled_at"),
            )
            messages.success(request, _("The session is ready. Open the room when you start."))
            return redirect("coach:room", session.pk)
    return render(request, "frontend/coach/session_start.html", {"form": form, "teams": teams})


def _session(session_id: int):
    session = room_selectors.session_with_people(session_id)
    if session is None:
        raise Http404(_("No such role-play session."))
    return session


@login_required
def room(request, session_id: int):
    """The live room, one page for every role; it shows what the role may do."""
    session = _session(session_id)
    participant = selectors.room_participant(session=session, user=request.user)
    if participant is None:
        raise PermissionDenied(_("Only the session's participants can enter the room."))
    if elsewhere := kinds.other_page(session, page="room", current="coach:room"):
        return redirect(elsewhere)
    viewer = room_selectors.viewer_for(session=session, user=request.user)
    if not lobby.is_open(session, is_coach=viewer.is_coach):
        return _lobby_wait(request, session)
    scenario = scenario_selectors.scenario_for(scenario=session.scenario, viewer=viewer)
    speaks = participant.role in SPEAKING_ROLES
    scores = viewer.is_coach or participant.role == ParticipantRole.OBSERVER
    debrief_url = reverse("coach:debrief", args=[session.pk])
    call_settings = room_call.call_config(session, user_id=request.user.pk)
    if call_settings is not None:
        call_settings["strings"] = call_strings()
    config = {
        "session": session.pk,
        "user": request.user.pk,
        "role": participant.role,
        "is_coach": viewer.is_coach,
        "state": session.state,
        "debrief_url": debrief_url,
        "notes_url": f"/api/roleplay/sessions/{session.pk}/debrief/",
        "criteria": {str(c["id"]): c["name"] for c in scenario["criteria"]},
        "strings": room_strings(),
        "call": call_settings,
    }
    return render(
        request,
        "frontend/coach/room.html",
        {
            "session": session,
            "participant": participant,
            "viewer": viewer,
            "scenario": scenario,
            "speaks": speaks,
            "scores": scores,
            "config": config,
            "call": call_settings,
            "debrief_url": debrief_url,
            "ended": session.state == SessionState.ENDED,
            "criteria": [
                {**c, "level_list": [(n, c["levels"][str(n)]) for n in range(1, 6)]}
                for c in scenario["criteria"]
            ],
        },
    )


def _lobby_wait(request, session):
    """A learner before the scheduled time: the time, and a countdown that lets them in."""
    seconds = lobby.seconds_until_open(session)
    return render(
        request,
        "frontend/coach/lobby_wait.html",
        {
            "session": session,
            "opens_at": session.scheduled_at,
            # Whole seconds, rounded up: the page never comes back before the time.
            "seconds_left": math.ceil(seconds),
            "room_url": request.get_full_path(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def debrief(request, session_id: int):
    """After the session: averages by rater role, scores on the transcript's timeline,
    the coach's notes, the debrief questions and the agent's self-reflection."""
    session = _session(session_id)
    viewer = room_selectors.viewer_for(session=session, user=request.user)
    if viewer is None:
        raise PermissionDenied(_("You are not a participant of this session."))
    if elsewhere := kinds.other_page(session, page="debrief", current="coach:debrief"):
        return redirect(elsewhere)
    participant = selectors.room_participant(session=session, user=request.user)
    is_agent = participant is not None and participant.role == ParticipantRole.AGENT
    is_coach = participant is not None and viewer.is_coach
    if session.state != SessionState.ENDED:
        return render(
            request,
            "frontend/coach/debrief_pending.html",
            {"session": session, "participant": participant},
            status=409,
        )
    notes_form = CoachNotesForm(initial={"coach_notes": session.coach_notes})
    reflection_form = ReflectionForm(initial={"reflection": session.agent_reflection})
    if request.method == "POST" and "release" in request.POST:
        return _release_coach_notes(request, session)
    if request.method == "POST":
        if "reflection" in request.POST:
            reflection_form = ReflectionForm(request.POST)
            form, field = reflection_form, "reflection"
        else:
            notes_form = CoachNotesForm(request.POST)
            form, field = notes_form, "coach_notes"
        if form.is_valid():
            # A refusal (not the coach, not the agent) is the 403 page (cms.middleware).
            debrief_update(session=session, user=request.user, **{field: form.cleaned_data[field]})
            messages.success(request, _("Saved."))
            return redirect("coach:debrief", session.pk)
    return render(
        request,
        "frontend/coach/debrief.html",
        {
            "session": session,
            "debrief": live_selectors.debrief_page(session=session, viewer=viewer),
            "is_agent": is_agent,
            "is_coach": is_coach,
            "notes_form": notes_form,
            "reflection_form": reflection_form,
            "room_url": reverse("coach:room", args=[session.pk]) if participant else None,
            "can_review_call": permissions.is_coach_of(request.user, session.team_id),
            "call_example": LessonExample.objects.filter(session=session).first(),
            "roles": ParticipantRole.choices,
            "actions": room_strings()["actions"].items(),
        },
    )


def _release_coach_notes(request, session):
    """The coach shares the notes with the agent (``release=1``) or takes them back."""
    released = request.POST["release"] == "1"
    debrief_update(session=session, user=request.user, coach_notes_released=released)
    if released:
        messages.success(request, _("The agent can now read your notes."))
    else:
        messages.success(request, _("Your notes are yours alone again."))
    return redirect("coach:debrief", session.pk)


# Team review of recordings


def _max_mb() -> int:
    return max(1, settings.ROLEPLAY_RECORDING_MAX_BYTES // (1024 * 1024))


@login_required
@require_http_methods(["GET", "POST"])
def recordings(request):
    """The recordings of my teams, each with its reviews; a coach uploads one here."""
    _require_coach(request.user)
    teams = selectors.coached_teams(request.user)
    form = RecordingUploadForm(
        request.POST or None, request.FILES or None, teams=teams, max_mb=_max_mb()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        audio = data["kind"] == RecordingKind.AUDIO
        with refusals.shown_on_form(form, field="file" if audio else None):
            recording = review_services.recording_upload(
                team=data["team"],
                by=request.user,
                title=data["title"],
                kind=data["kind"],
                file=data["file"] if audio else None,
                transcript=data["transcript"],
            )
            messages.success(
                request, _("“%(title)s” is uploaded for your team.") % {"title": recording.title}
            )
            return redirect("coach:recordings")
    return render(
        request,
        "frontend/coach/recordings.html",
        {
            "form": form,
            "recordings": review_selectors.team_recordings(user=request.user),
            "coached": {team.pk for team in teams},
        },
    )


def _recording(request, recording_id: int):
    recording = review_selectors.recording_of(recording_id=recording_id, user=request.user)
    if recording is None:
        raise Http404(_("No such recording."))
    return recording


@login_required
@require_http_methods(["GET", "POST"])
def recording_delete(request, recording_id: int):
    """Ask first, then delete the recording, its file, its reviews and examples."""
    recording = _recording(request, recording_id)
    if not permissions.is_coach_of(request.user, recording.team_id):
        raise PermissionDenied(_("Only a coach of the team deletes recordings."))
    if request.method == "POST":
        review_services.recording_delete(recording=recording, by=request.user)
        messages.success(
            request,
            _("“%(title)s” and everything made from it are deleted.") % {"title": recording.title},
        )
        return redirect("coach:recordings")
    return render(request, "frontend/coach/recording_delete.html", {"recording": recording})


@login_required
@require_http_methods(["GET", "POST"])
def review_start(request, recording_id: int):
    """Open a review of a recording with a rubric and the team members who review it."""
    recording = _recording(request, recording_id)
    if not permissions.is_coach_of(request.user, recording.team_id):
        raise PermissionDenied(_("Only a coach of the team opens a review."))
    members = [
        m
        for team in selectors.coached_teams(request.user)
        if team.pk == recording.team_id
        for m in team.members
        if m.user_id != request.user.pk
    ]
    form = ReviewStartForm(
        request.POST or None,
        rubrics=review_selectors.review_rubrics(),
        members=members,
        initial={"reviewers": [str(m.user_id) for m in members if m.role == Role.LEARNER]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals.shown_on_form(form):
            session = review_services.review_start(
                recording=recording,
                rubric=data["rubric"],
                coach=request.user,
                reviewers=data["reviewers"],
            )
            messages.success(
                request, _("The review is ready. Start it in the room when everyone is there.")
            )
            return redirect("coach:review-room", session.pk)
    return render(
        request, "frontend/coach/review_start.html", {"form": form, "recording": recording}
    )


def _review(request, session_id: int):
    """A review of one of my teams; to anyone outside the team it does not exist."""
    session = review_selectors.review_of(session_id=session_id, user=request.user)
    if session is None:
        raise Http404(_("No such review."))
    return session


@login_required
def review_room(request, session_id: int):
    """The review room: the recording (audio that follows the coach's playback, or the
    transcript), the marks, the rubric and, for the coach, the controls."""
    session = _review(request, session_id)
    participant = selectors.room_participant(session=session, user=request.user)
    if participant is None:
        raise PermissionDenied(_("Only the review's participants can enter the room."))
    viewer = room_selectors.viewer_for(session=session, user=request.user)
    criteria = scenario_selectors.rubric_criteria(session.rubric_id)
    recording = session.recording
    debrief_url = reverse("coach:review-debrief", args=[session.pk])
    config = {
        "session": session.pk,
        "user": request.user.pk,
        "role": participant.role,
        "kind": session.kind,
        "is_coach": viewer.is_coach,
        "state": session.state,
        "debrief_url": debrief_url,
        "notes_url": f"/api/roleplay/sessions/{session.pk}/debrief/",
        "criteria": {str(c["id"]): c["name"] for c in criteria},
        "recording": {"kind": recording.kind},
        "strings": review_strings(),
    }
    return render(
        request,
        "frontend/coach/review_room.html",
        {
            "session": session,
            "recording": recording,
            "audio_url": review_selectors.recording_payload(recording)["audio"],
            "transcript_lines": recording.transcript.splitlines(),
            "participant": participant,
            "viewer": viewer,
            "config": config,
            "debrief_url": debrief_url,
            "ended": session.state == SessionState.ENDED,
            "scores": viewer.is_coach or participant.role == ParticipantRole.OBSERVER,
            "criteria": [
                {**c, "level_list": [(n, c["levels"][str(n)]) for n in range(1, 6)]}
                for c in criteria
            ],
        },
    )


@login_required
def review_debrief(request, session_id: int):
    """After the review: the marked moments on the recording's timeline, the rubric
    averages, and for the coach the way to save them as a lesson example."""
    session = _review(request, session_id)
    viewer = room_selectors.viewer_for(session=session, user=request.user)
    if viewer is None:
        raise PermissionDenied(_("You are not a participant of this review."))
    participant = selectors.room_participant(session=session, user=request.user)
    if session.state != SessionState.ENDED:
        return render(
            request,
            "frontend/coach/review_pending.html",
            {"session": session, "participant": participant},
            status=409,
        )
    debrief = review_selectors.review_debrief(session=session, viewer=viewer)
    return render(
        request,
        "frontend/coach/review_debrief.html",
        {
            "session": session,
            "recording": session.recording,
            "audio_url": debrief["recording"]["audio"],
            "debrief": debrief,
            "is_coach": viewer.is_coach and permissions.is_coach_of(request.user, session.team_id),
            "room_url": reverse("coach:review-room", args=[session.pk]) if participant else None,
        },
    )


@login_required
@require_POST
@refusals.shown_on_page("coach:review-debrief")
def lesson_example(request, session_id: int):
    """The coach saves an ended review's moments and averages as a lesson example."""
    session = _review(request, session_id)
    viewer = room_selectors.viewer_for(session=session, user=request.user)
    if viewer is None:
        raise PermissionDenied(_("You are not a participant of this review."))
    debrief = review_selectors.review_debrief(session=session, viewer=viewer)
    review_services.lesson_example_save(session=session, by=request.user, debrief=debrief)
    messages.success(
        request,
        _(
            "Saved as a lesson example. Editors find it in the admin under "
            "Role-play → Lesson examples and can place it in a lesson."
        ),
    )
    return redirect("coach:review-debrief", session.pk)


@login_required
@require_POST
def call_review(request, session_id: int):
    """A coach of the team opens a team review of the role-play's recorded call in one
    click, with the session's people as reviewers, and goes to its room."""
    session = _session(session_id)
    recording = CallRecording.objects.filter(session=session).first()
    if recording is None:
        raise Http404
    review = call_review_start(recording=recording, by=request.user)
    return redirect("coach:review-room", review.pk)


@login_required
@require_POST
@refusals.shown_on_page("coach:debrief")
def call_example(request, session_id: int):
    """A coach of the team saves a moment of the recorded call as a lesson example,
    from the debrief (the same examples as a review's; ``roleplay.callrecording``)."""
    session = _session(session_id)
    viewer = room_selectors.viewer_for(session=session, user=request.user)
    if viewer is None or not permissions.is_coach_of(request.user, session.team_id):
        raise PermissionDenied(_("Only a coach of the team saves a lesson example."))
    form = CallMomentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("coach:debrief", session.pk)
    debrief = live_selectors.live_debrief(session=session, viewer=viewer)
    call_lesson_example_save(
        session=session, by=request.user, criteria=debrief["criteria"], **form.cleaned_data
    )
    messages.success(
        request,
        _(
            "The moment is saved in the call's lesson example. Editors find it in the "
            "admin under Role-play → Lesson examples and can place it in a lesson."
        ),
    )
    return redirect("coach:debrief", session.pk)
