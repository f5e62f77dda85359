"""The learner's pages. Each view authorises, calls the selectors and services of the
apps, and renders; grouping for display is the only thing done here."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST

from courses import selectors as course_selectors
from courses.models import Pillar
from people import services as people_services
from progress import selectors as progress_selectors
from roleplay import selectors as roleplay_selectors
from roleplay import services as roleplay_services
from roleplay.models import SessionState

from . import presenters
from .forms import ReflectionForm, SettingsForm


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
        },
    )


@login_required
def my_roleplays(request):
    """Sessions still to come (with the way into the room) and past ones with the debrief."""
    sessions = list(roleplay_selectors.sessions_of(user=request.user))
    upcoming = [s for s in sessions if s.state != SessionState.ENDED]
    upcoming.sort(key=lambda s: (s.scheduled_at is None, s.scheduled_at or s.created_at))
    past = [s for s in sessions if s.state == SessionState.ENDED]
    return render(
        request,
        "frontend/learner/roleplays.html",
        {"upcoming": upcoming, "past": past},
    )


@login_required
@require_http_methods(["GET", "POST"])
def roleplay_debrief(request, session_id: int):
    """The debrief of one of my sessions; the agent writes a self-reflection here."""
    session = roleplay_selectors.session_with_people(session_id)
    viewer = roleplay_selectors.viewer_for(session=session, user=request.user) if session else None
    if viewer is None:
        raise Http404
    is_agent = any(
        p.user_id == request.user.pk and p.role == "agent" for p in session.participants.all()
    )
    form = ReflectionForm(initial={"reflection": session.agent_reflection})
    if request.method == "POST":
        form = ReflectionForm(request.POST)
        if form.is_valid():
            try:
                roleplay_services.debrief_update(
                    session=session, user=request.user, reflection=form.cleaned_data["reflection"]
                )
            except roleplay_services.RolePlayError as error:
                form.add_error("reflection", error.detail)
            else:
                messages.success(request, _("Your self-reflection is saved."))
                return redirect("learner:debrief", session_id=session.pk)
    ended = session.state == SessionState.ENDED
    return render(
        request,
        "frontend/learner/debrief.html",
        {
            "session": session,
            "my_role": viewer.role,
            "debrief": roleplay_selectors.debrief(session=session, viewer=viewer)
            if ended
            else None,
            "form": form if is_agent and ended else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_settings(request):
    """My language and whether Kohtaamo may e-mail me."""
    user = request.user
    form = SettingsForm(
        initial={"language": user.language, "email_reminders": user.email_reminders}
    )
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
    return render(request, "frontend/learner/settings.html", {"form": form})


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
