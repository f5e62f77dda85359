"""A team with a coach, an agent, a customer actor, an observer and an outsider, and
a scheduled role-play of a scenario with a two-criterion rubric and one twist."""

from types import SimpleNamespace

import pytest
from wagtail.models import Locale

from progress.models import Competency
from roleplay.live import services as live_services
from roleplay.models import (
    Rubric,
    RubricCriterion,
    Scenario,
    ScenarioDebriefQuestion,
    ScenarioTwist,
)
from roleplay.room import sessions
from tests.factories import MembershipFactory, TeamFactory, UserFactory


def make_scenario() -> Scenario:
    locale = Locale.get_default()
    empathy = Competency.objects.create(slug="empathy", name="Empathy", locale=locale)
    ownership = Competency.objects.create(slug="ownership", name="Ownership", locale=locale)
    rubric = Rubric.objects.create(title="Voice", locale=locale)
    RubricCriterion.objects.create(rubric=rubric, name="Naming the feeling", competency=empathy)
    RubricCriterion.objects.create(rubric=rubric, name="Next step", competency=ownership)
    scenario = Scenario.objects.create(
        locale=locale,
        title="The angry customer",
        channel="phone",
        difficulty=3,
        persona_name="Marja",
        persona_situation="A reminder fee.",
        persona_emotion="Exhausted.",
        persona_need="To be heard.",
        agent_brief="A customer calls about an invoice.",
        customer_notes="Start loud.",
        coach_notes="Whisper when the mother comes up.",
        rubric=rubric,
    )
    scenario.competencies.set([empathy, ownership])
    scenario.save()
    ScenarioTwist.objects.create(
        scenario=scenario, title="Recorded", text="The customer is recording the call."
    )
    ScenarioDebriefQuestion.objects.create(scenario=scenario, text="What did you notice?")
    return scenario


def make_room() -> SimpleNamespace:
    team = TeamFactory()
    people = {}
    for name, team_role in [
        ("coach", "coach"),
        ("agent", "learner"),
        ("customer", "learner"),
        ("observer", "learner"),
        ("bystander", "learner"),
    ]:
        people[name] = UserFactory(first_name=name.title(), last_name="Test")
        MembershipFactory(user=people[name], team=team, role=team_role)
    outsider = UserFactory(first_name="Outsider", last_name="Test")
    scenario = make_scenario()
    session = live_services.session_create(scenario=scenario, team=team, coach=people["coach"])
    for name in ("agent", "customer", "observer"):
        sessions.participant_set(session=session, user=people[name], role=name, by=people["coach"])
    criteria = list(scenario.rubric.criteria.order_by("pk"))
    return SimpleNamespace(
        team=team,
        session=session,
        scenario=scenario,
        criteria=criteria,
        twist=scenario.twists.get(),
        outsider=outsider,
        **people,
    )


@pytest.fixture
def room(transactional_db):
    return make_room()
