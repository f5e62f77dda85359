"""Solo practice and recording reviews for tests: a short script and a team with a
learner, a coach, a second reviewer and an outsider."""

from types import SimpleNamespace

from roleplay.scenarios.script import Script
from roleplay.solo import services as solo_services
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.roleplay.conftest import make_scenario

SCRIPT = [
    {
        "key": "start",
        "text": "Your company is unbelievable! Another reminder fee.",
        "mood": "angry",
        "expected": ["acknowledge", "clarify"],
        "model_answer": "I can hear how frustrating this is. Which invoice is it about?",
        "choices": [
            {"text": "The fee is in line with our terms.", "intents": [], "next": "leaving"},
            {
                "text": "I understand this is annoying. Which invoice is it?",
                "intents": ["acknowledge", "clarify"],
                "next": "mother",
            },
        ],
        "otherwise": "leaving",
    },
    {
        "key": "mother",
        "text": "Sorry I shouted. My mother just moved into a care home.",
        "mood": "upset",
        "expected": ["ownership", "next_step"],
        "model_answer": "Leave it with me: I'll remove the fee today.",
        "choices": [
            {
                "text": "Leave it with me: I'll remove the fee today.",
                "intents": ["ownership", "next_step"],
                "next": "thanks",
            }
        ],
        "otherwise": "thanks",
    },
    {"key": "thanks", "text": "Thank you for listening.", "mood": "pleased", "end": True},
    {"key": "leaving", "text": "Fine. Bye.", "mood": "angry", "end": True},
]


def script_data(items=SCRIPT) -> list[dict]:
    return [{"type": "node", "value": item} for item in items]


def script(items=SCRIPT) -> Script:
    return Script.from_data(items)


def make_practice() -> SimpleNamespace:
    team = TeamFactory()
    people = {}
    for name, role in [("learner", "learner"), ("coach", "coach"), ("peer", "learner")]:
        people[name] = UserFactory(first_name=name.title(), last_name="Test")
        MembershipFactory(user=people[name], team=team, role=role)
    outsider = UserFactory(first_name="Outsider", last_name="Test")
    MembershipFactory(user=outsider, role="coach")
    scenario = make_scenario()
    scenario.script = script_data()
    scenario.save()
    session = solo_services.solo_session_create(
        scenario=scenario, learner=people["learner"], team=team
    )
    return SimpleNamespace(
        team=team, scenario=scenario, session=session, outsider=outsider, **people
    )
