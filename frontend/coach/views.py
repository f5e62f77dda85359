"""The coach's pages and the live room of every role.

Views parse, authorise, call one roleplay service or selector and render. The
scenario shown in the room is cut to the viewer's role by
``roleplay.selectors.scenario_for``: the template never reads the scenario itself.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from people import permissions
from roleplay import selectors as roleplay_selectors
from roleplay import services
from roleplay.models import ParticipantRole, SessionState
from roleplay.services import RolePlayError

from . import selectors
from .forms import CoachNotesForm, LibraryFilterForm, ReflectionForm, SessionStartForm
from .strings import room_strings


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
    scenarios = list(roleplay_selectors.scenarios_for_active_language())
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
        try:
            with transaction.atomic():
                session = services.session_create(
                    scenario=data["scenario"], team=data["team"], coach=request.user
                )
                for user, role in roles:
                    services.participant_set(session=session, user=user, role=role, by=request.user)
        except RolePlayError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("The session is ready. Open the room when you start."))
            return redirect("coach:room", session.pk)
    return render(request, "frontend/coach/session_start.html", {"form": form, "teams": teams})


def _session(session_id: int):
    session = roleplay_selectors.session_with_people(session_id)
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
    viewer = services.viewer_of(participant)
    scenario = roleplay_selectors.scenario_for(scenario=session.scenario, viewer=viewer)
    speaks = participant.role in services.SPEAKING_ROLES
    scores = viewer.is_coach or participant.role == ParticipantRole.OBSERVER
    debrief_url = reverse("coach:debrief", args=[session.pk])
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
            "debrief_url": debrief_url,
            "ended": session.state == SessionState.ENDED,
            "criteria": [
                {**c, "level_list": [(n, c["levels"][str(n)]) for n in range(1, 6)]}
                for c in scenario["criteria"]
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def debrief(request, session_id: int):
    """After the session: averages by rater role, scores on the transcript's timeline,
    the coach's notes, the debrief questions and the agent's self-reflection."""
    session = _session(session_id)
    viewer = roleplay_selectors.viewer_for(session=session, user=request.user)
    if viewer is None:
        raise PermissionDenied(_("You are not a participant of this session."))
    participant = selectors.room_participant(session=session, user=request.user)
    is_agent = participant is not None and participant.role == ParticipantRole.AGENT
    is_coach = participant is not None and services.is_session_coach(participant)
    if session.state != SessionState.ENDED:
        return render(
            request,
            "frontend/coach/debrief_pending.html",
            {"session": session, "participant": participant},
            status=409,
        )
    notes_form = CoachNotesForm(initial={"coach_notes": session.coach_notes})
    reflection_form = ReflectionForm(initial={"reflection": session.agent_reflection})
    if request.method == "POST":
        if "reflection" in request.POST:
            reflection_form = ReflectionForm(request.POST)
            form, field = reflection_form, "reflection"
        else:
            notes_form = CoachNotesForm(request.POST)
            form, field = notes_form, "coach_notes"
        if form.is_valid():
            try:
                services.debrief_update(
                    session=session, user=request.user, **{field: form.cleaned_data[field]}
                )
            except RolePlayError as error:
                raise PermissionDenied(error.detail) from None
            messages.success(request, _("Saved."))
            return redirect("coach:debrief", session.pk)
    return render(
        request,
        "frontend/coach/debrief.html",
        {
            "session": session,
            "debrief": selectors.debrief_page(session=session, viewer=viewer),
            "is_agent": is_agent,
            "is_coach": is_coach,
            "notes_form": notes_form,
            "reflection_form": reflection_form,
            "room_url": reverse("coach:room", args=[session.pk]) if participant else None,
            "roles": ParticipantRole.choices,
            "actions": room_strings()["actions"].items(),
        },
    )
