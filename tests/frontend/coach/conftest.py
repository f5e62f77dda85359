"""A team with a coach, an agent, a customer actor, an observer, a bystander and an
outsider, a scheduled role-play (from tests/roleplay), and a team manager."""

import pytest
from django.test import Client

from roleplay.room import eventlog
from roleplay.room import services as room_services
from tests.factories import MembershipFactory, UserFactory
from tests.roleplay.conftest import make_room


@pytest.fixture
def room(db):
    room = make_room()
    room.manager = UserFactory(first_name="Manager", last_name="Test")
    MembershipFactory(user=room.manager, team=room.team, role="manager")
    return room


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def viewer(room, name):
    return eventlog.viewer_of(room.session.participants.get(user=getattr(room, name)))


def play_and_end(room):
    """Start, talk, whisper, score by the observer and the coach, end."""
    coach, agent, customer = viewer(room, "coach"), viewer(room, "agent"), viewer(room, "customer")
    observer = viewer(room, "observer")
    room_services.session_control(viewer=coach, action="start")
    room_services.event_say(viewer=agent, text="Hello, Aino speaking.")
    room_services.event_whisper(viewer=coach, text="Name the feeling first.")
    room_services.event_say(viewer=customer, text="I am furious about this fee.")
    room_services.event_score(
        viewer=observer, criterion_id=room.criteria[0].pk, value=3, note="Late"
    )
    room_services.event_score(viewer=observer, criterion_id=room.criteria[0].pk, value=4)
    room_services.event_score(viewer=coach, criterion_id=room.criteria[0].pk, value=5)
    room_services.session_control(viewer=coach, action="end")


def add_scenario(title: str, *, channel: str = "chat", difficulty: int = 1, competency=None):
    """Another scenario in the default locale, with a competency of its own."""
    import uuid

    from wagtail.models import Locale

    from progress.models import Competency
    from roleplay.models import Scenario

    locale = Locale.get_default()
    slug = competency or f"c-{uuid.uuid4().hex[:8]}"
    trained, _created = Competency.objects.get_or_create(
        slug=slug, locale=locale, defaults={"name": slug.title()}
    )
    scenario = Scenario.objects.create(
        locale=locale,
        title=title,
        channel=channel,
        difficulty=difficulty,
        persona_name="Pekka",
        persona_situation="A parcel is late.",
        persona_emotion="Impatient.",
        persona_need="A date.",
        agent_brief="A chat opens.",
    )
    scenario.competencies.set([trained])
    scenario.save()
    return scenario
