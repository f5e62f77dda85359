"""The learner's pages. Each view authorises, calls the selectors and services of the
apps, and renders; grouping for display is the only thing done here."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST

from courses import selectors as course_selectors
from courses.models import Pillar
from frontend import refusals
from frontend.coach.strings import practice_strings
from people import selectors as people_selectors
from people import services as people_services
from progress import credentials as progress_credentials
from progress import selectors as progress_selectors
from roleplay import kinds
from roleplay.live import selectors as live_selectors
from roleplay.models import Scenario, SessionState
from roleplay.room import selectors as room_selectors
from roleplay.room.sessions import debrief_update
from roleplay.solo import selectors as solo_selectors
from roleplay.solo import services as solo_services

from . import presenters
from .forms import ReflectionForm, SettingsForm, TokenForm


def _by_pillar(outline) -> list[dict]:
    """The outline's modules under the three pillars, in the order what, how, why."""
    groups = []
    for pillar in Pillar:
        modules = [module for module in outline.modules if module.pillar == pillar.value]
        if modules:
            groups.append({"pillar": pillar.value, "label": pillar.label, "modules": modules})
    return groups


@login_required
def home(request):
    """My onboarding path: each course by pillar, percent complete, next lesson, due date."""
    outlines = course_selectors.my_courses(learner=request.user, request=request)
    paths = [{"outline": outline, "pillars": _by_pillar(outline)} for outline in outlines]
    return render(
        request,
        "frontend/learner/home.html",
        {"paths": paths, "today": timezone.localdate()},
    )


@login_required
def my_progress(request):
    """My levels (baseline, latest, target) and milestones with what is still missing."""
    overview = progress_selectors.learner_overview(learner=request.user, for_lead=False)
    return render(
        request,
        "frontend/learner/progress.html",
        {
            "overview": overview,
            "levels": presenters.level_rows(overview["competencies"]),
            "milestones": presenters.milestone_rows(overview["milestones"]),
            "credentials": [
                {"credential": c, "verify_url": progress_credentials.verify_url(c)}
                for c in progress_credentials.credentials_of(learner=request.user)
            ],
        },
    )


@login_required
def credential_download(request, credential_id):
    """My Open Badges credential as a file (a VC-JWT) to take to a wallet or an employer."""
    credential = (
        progress_credentials.credentials_of(learner=request.user).filter(pk=credential_id).first()
    )
    if credential is None:
        raise Http404(_("No such credential."))
    response = HttpResponse(credential.jwt, content_type="application/vc+jwt")
    name = slugify(credential.achievement_name) or "credential"
    response["Content-Disposition"] = f'attachment; filename="{name}.jwt"'
    return response


@login_required
def my_roleplays(request):
    """Sessions still to come (with the way into the room) and past ones with the debrief."""
    sessions = list(room_selectors.my_sessions(user=request.user))
    upcoming = [s for s in sessions if s.state != SessionState.ENDED]
    upcoming.sort(key=lambda s: (s.scheduled_at is None, s.scheduled_at or s.created_at))
    past = [s for s in sessions if s.state == SessionState.ENDED]
    return render(
        request,
        "frontend/learner/roleplays.html",
        {"upcoming": upcoming, "past": past},
    )


def _self_reflection(request, session) -> tuple[ReflectionForm, bool]:
    """The agent's self-reflection form for a debrief, and whether a POST saved it."""
    if request.method != "POST":
        return ReflectionForm(initial={"reflection": session.agent_reflection}), False
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        return form, False
    with refusals.shown_on_form(form, field="reflection"):
        debrief_update(
            session=session, user=request.user, reflection=form.cleaned_data["reflection"]
        )
        messages.success(request, _("Your self-reflection is saved."))
        return form, True
    return form, False


@login_required
@require_http_methods(["GET", "POST"])
def roleplay_debrief(request, session_id: int):
    """The debrief of one of my sessions; the agent writes a self-reflection here."""
    session = room_selectors.session_with_people(session_id)
    viewer = room_selectors.viewer_for(session=session, user=request.user) if session else None
    if viewer is None:
        raise Http404
    if elsewhere := kinds.other_page(session, page="debrief", current="learner:debrief"):
        return redirect(elsewhere)
    is_agent = any(
        p.user_id == request.user.pk and p.role == "agent" for p in session.participants.all()
    )
    form, saved = _self_reflection(request, session)
    if saved:
        return redirect("learner:debrief", session_id=session.pk)
    ended = session.state == SessionState.ENDED
    return render(
        request,
        "frontend/learner/debrief.html",
        {
            "session": session,
            "my_role": viewer.role,
            "debrief": live_selectors.debrief_page(session=session, viewer=viewer)
            if ended
            else None,
            "form": form if is_agent and ended else None,
        },
    )


@login_required
def practice(request):
    """Scenarios to practise alone with a scripted customer, and my earlier practices."""
    return render(
        request,
        "frontend/learner/practice.html",
        {
            "scenarios": solo_selectors.solo_scenarios(),
            "sessions": solo_selectors.solo_sessions_of(learner=request.user),
        },
    )


@login_required
@require_POST
@refusals.shown_on_page("learner:practice", except_codes=())
def practice_start(request):
    """Start a solo practice of the chosen scenario and open its room; a refusal (no
    script, no team to practise in) is a message on the practice page."""
    try:
        scenario_id = int(request.POST.get("scenario", ""))
    except ValueError:
        raise Http404 from None
    scenario = get_object_or_404(Scenario, pk=scenario_id)
    session = solo_services.solo_session_create(scenario=scenario, learner=request.user)
    return redirect("learner:practice-room", session_id=session.pk)


def _my_practice(request, session_id: int):
    session = solo_selectors.solo_session_of(session_id=session_id, learner=request.user)
    if session is None:
        raise Http404(_("No such practice."))
    return session


@login_required
def practice_room(request, session_id: int):
    """The solo room: the scripted customer's lines, reply choices, a text box, the
    customer's typing and mood. The room script (roleplay-room.js) does the talking."""
    session = _my_practice(request, session_id)
    scenario = session.scenario
    debrief_url = reverse("learner:practice-debrief", args=[session.pk])
    config = {
        "session": session.pk,
        "user": request.user.pk,
        "role": "agent",
        "kind": session.kind,
        "is_coach": False,
        "state": session.state,
        "debrief_url": debrief_url,
        "strings": practice_strings(persona=scenario.persona_name),
    }
    return render(
        request,
        "frontend/learner/practice_room.html",
        {
            "session": session,
            "scenario": scenario,
            "config": config,
            "debrief_url": debrief_url,
            "ended": session.state == SessionState.ENDED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_debrief(request, session_id: int):
    """The automatic debrief: behaviours shown and missed, turn by turn with the
    scenario's model answers, and my self-reflection."""
    session = _my_practice(request, session_id)
    if session.state != SessionState.ENDED:
        return render(
            request, "frontend/learner/practice_pending.html", {"session": session}, status=409
        )
    form, saved = _self_reflection(request, session)
    if saved:
        return redirect("learner:practice-debrief", session_id=session.pk)
    return render(
        request,
        "frontend/learner/practice_debrief.html",
        {
            "session": session,
            "debrief": solo_selectors.solo_debrief(session=session),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_settings(request):
    """My language and whether Kohtaamo may e-mail me."""
    user = request.user
    form = _settings_form(user)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            language = form.cleaned_data["language"]
            people_services.user_set_language(user=user, language=language)
            people_services.user_set_email_reminders(
                user=user, enabled=form.cleaned_data["email_reminders"]
            )
            with translation.override(language):
                messages.success(request, _("Your settings are saved."))
                response = redirect(reverse("learner:settings"))
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
            return response
    return _settings_page(request, form)


def _settings_page(request, form, *, token_form=None, new_key=None, status=200):
    context = {
        "form": form,
        "token_form": token_form or TokenForm(),
        "tokens": list(people_selectors.access_tokens_of(user=request.user)),
        "new_key": new_key,
        "token_ttl_days": round(settings.API_TOKEN_TTL_DAYS),
    }
    return render(request, "frontend/learner/settings.html", context, status=status)


def _settings_form(user):
    return SettingsForm(
        initial={"language": user.language, "email_reminders": user.email_reminders}
    )


@login_required
@require_POST
def token_create(request):
    """A new API token; its key is on this answer only (no redirect keeps it anywhere)."""
    token_form = TokenForm(request.POST)
    if not token_form.is_valid():
        return _settings_page(
            request, _settings_form(request.user), token_form=token_form, status=400
        )
    _token, key = people_services.access_token_create(
        user=request.user, name=token_form.cleaned_data["name"]
    )
    response = _settings_page(request, _settings_form(request.user), new_key=key)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, token_id: int):
    if not people_services.access_token_revoke(user=request.user, token_id=token_id):
        raise Http404(_("You have no such token."))
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect(reverse("learner:settings"))


@require_POST
def set_language(request):
    """Django's ``set_language``, and for a signed-in person also their stored preference,
    so that e-mails and pages without a language in the address follow the choice."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    user = request.user
    if (
        user.is_authenticated
        and language != user.language
        and translation.check_for_language(language)
        and language in dict(settings.LANGUAGES)
    ):
        people_services.user_set_language(user=user, language=language)
    return response
