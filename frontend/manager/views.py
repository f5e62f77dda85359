"""A team's dashboard and drill-down, for the team's managers and coaches only.

Anyone else gets 404 for a team or learner, existing or not, so that the pages never
tell an outsider which teams and people exist.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from wagtail import hooks

from frontend.learner import presenters
from people import permissions
from people import selectors as people_selectors
from people.models import Role, Team
from progress import selectors as progress_selectors

from . import charts


def _led_team(request, team_id: int) -> Team:
    team = Team.objects.filter(pk=team_id).first()
    if team is None or not permissions.leads(request.user, team):
        raise Http404
    return team


@login_required
def my_teams(request):
    """The teams I manage or coach."""
    memberships = people_selectors.memberships_of(user=request.user, roles=permissions.LEAD_ROLES)
    manages = any(m.role == Role.MANAGER for m in memberships)
    return render(
        request,
        "frontend/manager/teams.html",
        {"memberships": memberships, "manages_teams": manages},
    )


@login_required
def overview(request):
    """The head of service's view of every team they manage, drilling down to each."""
    team_ids = permissions.managed_team_ids(request.user)
    if not team_ids:
        raise Http404
    data = progress_selectors.organisation_overview(team_ids=team_ids)
    labels = {item["band"]: item["label"] for item in charts.legend()}
    for team in data["teams"]:
        team["last_week"] = team["trend"][-2]
        for cell in team["levels"]:
            cell["label"] = labels[cell["band"]]
    return render(
        request,
        "frontend/manager/overview.html",
        {
            "overview": data,
            "bands": labels,
            "manages_teams": True,
        },
    )


def _team_links(*, user, team: Team) -> list[dict]:
    """Pages of other apps about this team, for this person (``label``, ``url``): each
    function registered for the Wagtail hook ``team_dashboard_links`` gets ``user`` and
    ``team`` and returns ``(label, url)`` pairs. lti adds its roster page so."""
    return [
        {"label": label, "url": url}
        for links_of in hooks.get_hooks("team_dashboard_links")
        for label, url in links_of(user=user, team=team)
    ]


@login_required
def team_dashboard(request, team_id: int):
    """Members x competencies, milestone states, overdue onboarding and a 12-week trend."""
    team = _led_team(request, team_id)
    dashboard = progress_selectors.team_dashboard(team=team)
    overdue = {row["learner"]["id"] for row in dashboard["overdue"]}
    return render(
        request,
        "frontend/manager/dashboard.html",
        {
            "team": team,
            "dashboard": dashboard,
            "overdue_ids": overdue,
            "heatmap": charts.heatmap(dashboard),
            "trend": charts.trend(dashboard["trend"]),
            "bands": {item["band"]: item["label"] for item in charts.legend()},
            "team_links": _team_links(user=request.user, team=team),
        },
    )


@login_required
def team_learner(request, team_id: int, user_id: int):
    """One learner of the team: levels, milestones, evidence, notes and assessments."""
    team = _led_team(request, team_id)
    learner = get_user_model().objects.filter(pk=user_id).first()
    if learner is None or not permissions.is_learner_in(learner, team):
        raise Http404
    overview = progress_selectors.learner_overview(learner=learner, for_lead=True)
    return render(
        request,
        "frontend/manager/learner.html",
        {
            "team": team,
            "learner": learner,
            "overview": overview,
            "levels": presenters.level_rows(overview["competencies"]),
            "milestones": presenters.milestone_rows(overview["milestones"]),
        },
    )
