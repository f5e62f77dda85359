"""The demo has a new team with no sessions and a learner with no progress at all, and
they see empty states, not errors."""

import pytest
from rest_framework.test import APIClient

from courses.models import Enrollment
from people.models import Team, User
from progress.models import Statement
from roleplay.models import RolePlaySession

pytestmark = pytest.mark.django_db


def _api(username):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(User.objects.get(username=username))
    return client


def test_the_new_team_has_no_sessions_and_its_learner_no_progress(demo):
    team = Team.objects.get(name="Tiimi Uusi")
    learner = User.objects.get(username="learner5")
    assert not RolePlaySession.objects.filter(team=team).exists()
    assert not Statement.objects.filter(actor=learner).exists()
    assert not Enrollment.objects.filter(learner=learner).exists()


def test_the_learner_without_progress_sees_empty_lists(demo):
    api = _api("learner5")
    assert api.get("/api/courses/").json() == []
    assert api.get("/api/roleplay/sessions/").json() == []
    assert api.get("/api/progress/me/").status_code == 200


def test_the_coach_of_the_new_team_sees_an_empty_dashboard(demo):
    team = Team.objects.get(name="Tiimi Uusi")
    api = _api("coach3")
    assert api.get("/api/roleplay/sessions/").json() == []
    assert api.get(f"/api/progress/teams/{team.pk}/dashboard/").status_code == 200
