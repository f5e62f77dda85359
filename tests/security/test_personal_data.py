"""A learner's personal data: exported as JSON, and erased by an administrator.

The erased learner (the agent of an ended role-play) has an enrolment, a reflection,
assessments, a coaching note, statements and role-play lines; a colleague in the same
team has the same kinds of data, which erasure must not touch.
"""

import io
import json
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from cms.privacy import personal_data_erase, personal_data_export
from courses.models import Enrollment, Reflection
from demo.cms import seed as seed_home
from people.models import Membership
from progress import selectors as progress_selectors
from progress.models import Assessment, CoachingNote, Statement
from progress.services import coaching_note_create
from roleplay import selectors, services, solo
from roleplay.models import Recording, RolePlaySession, SessionEvent
from roleplay.privacy import REMOVED
from tests.courses.tree import build_course, enrol
from tests.factories import UserFactory
from tests.roleplay.conftest import make_room
from tests.roleplay.practice import make_practice

pytestmark = pytest.mark.django_db


def viewer(room, name):
    participant = room.session.participants.select_related("session", "user").get(
        user=getattr(room, name)
    )
    return services.viewer_of(participant)


@pytest.fixture
def world(db):
    room = make_room()
    course, _modules, _lessons = build_course(seed_home(), [("what", 1, False)])
    competency = room.criteria[0].competency
    for learner in (room.agent, room.bystander):
        enrol(learner, course)
        Reflection.objects.create(
            learner=learner,
            lesson_key=uuid.uuid4(),
            block_id="b1",
            prompt="What did you learn?",
            text=f"{learner.username} learnt to listen",
        )
        Assessment.objects.create(
            learner=learner,
            competency=competency,
            rater=room.coach,
            rater_role="coach",
            level=3,
            assessed_at="2026-01-05T10:00:00Z",
        )
    coaching_note_create(learner=room.agent, author=room.coach, body="Interrupts customers.")

    services.session_control(viewer=viewer(room, "coach"), action="start")
    services.event_say(viewer=viewer(room, "agent"), text="My card number is 1234.")
    services.event_say(viewer=viewer(room, "customer"), text="I want a refund.")
    services.event_whisper(viewer=viewer(room, "coach"), text="Ask for the order number.")
    services.event_score(
        viewer=viewer(room, "observer"), criterion_id=room.criteria[0].pk, value=4, note="Good"
    )
    services.session_control(viewer=viewer(room, "coach"), action="end")
    room.session.refresh_from_db()
    services.debrief_update(session=room.session, user=room.agent, reflection="I was nervous.")
    room.session.refresh_from_db()
    return room


def test_the_export_holds_profile_enrolments_reflections_assessments_statements_and_lines(
    world,
):
    data = json.loads(json.dumps(personal_data_export(world.agent)))

    assert data["profile"]["username"] == world.agent.username
    assert [m["team"] for m in data["memberships"]] == [world.team.name]
    assert len(data["enrolments"]) == 1
    assert [r["text"] for r in data["reflections"]] == [f"{world.agent.username} learnt to listen"]
    assert [a["level"] for a in data["assessments"]] == [3]
    assert [n["body"] for n in data["coaching_notes"]] == ["Interrupts customers."]
    assert {s["verb"].rsplit("/", 1)[-1] for s in data["statements"]} >= {"scored", "completed"}
    [session] = data["roleplay_sessions"]
    assert session["role"] == "agent" and session["reflection"] == "I was nervous."
    assert [line["text"] for line in session["lines"] if line["kind"] == "say"] == [
        "My card number is 1234."
    ]


def test_the_export_holds_nothing_of_a_colleague(world):
    text = json.dumps(personal_data_export(world.agent))
    assert world.bystander.username not in text
    assert "I want a refund." not in text


def test_erasure_deletes_the_learners_own_content(world):
    personal_data_erase(world.agent)

    agent = world.agent
    assert not Enrollment.objects.filter(learner=agent).exists()
    assert not Reflection.objects.filter(learner=agent).exists()
    assert not Assessment.objects.filter(learner=agent).exists()
    assert not CoachingNote.objects.filter(learner=agent).exists()
    assert not Statement.objects.filter(actor=agent).exists()
    assert not Membership.objects.filter(user=agent).exists()
    world.session.refresh_from_db()
    assert (world.session.agent_reflection, world.session.coach_notes) == ("", "")
    assert "1234" not in json.dumps(personal_data_export(agent))


def test_the_transcript_keeps_the_others_lines_and_shows_the_erased_person_as_removed(world):
    personal_data_erase(world.agent)

    lines = [
        (e["role"], e["author"], e["text"])
        for e in selectors.transcript(viewer=viewer(world, "coach"))
        if e["kind"] in ("say", "whisper")
    ]
    customer = {"id": world.customer.pk, "name": world.customer.display_name}
    coach = {"id": world.coach.pk, "name": world.coach.display_name}
    assert lines == [
        ("agent", None, ""),
        ("customer", customer, "I want a refund."),
        ("coach", coach, "Ask for the order number."),
    ]
    removed = SessionEvent.objects.get(session=world.session, kind="say", role="agent")
    assert (removed.author_id, removed.author_name) == (None, REMOVED)


def test_erasure_leaves_colleagues_and_the_team_dashboard_consistent(world):
    before = progress_selectors.team_dashboard(team=world.team)
    colleague_before = [m for m in before["members"] if m["id"] == world.bystander.pk]
    observer_score = SessionEvent.objects.get(session=world.session, kind="score")

    personal_data_erase(world.agent)

    after = progress_selectors.team_dashboard(team=world.team)
    assert world.agent.pk not in [m["id"] for m in after["members"]]
    assert len(after["members"]) == len(before["members"]) - 1
    assert [m for m in after["members"] if m["id"] == world.bystander.pk] == colleague_before
    assert Enrollment.objects.filter(learner=world.bystander).count() == 1
    assert Reflection.objects.filter(learner=world.bystander).count() == 1
    assert Assessment.objects.filter(learner=world.bystander).count() == 1
    # The observer's score stays, with its value: it is the observer's work, not the agent's.
    kept = SessionEvent.objects.get(pk=observer_score.pk)
    assert (kept.author_id, kept.data["value"], kept.text) == (world.observer.pk, 4, "Good")


def test_the_erased_account_is_anonymised_and_cannot_sign_in(world):
    username = world.agent.username
    personal_data_erase(world.agent)

    agent = get_user_model().objects.get(pk=world.agent.pk)
    assert (agent.username, agent.first_name, agent.last_name, agent.email) == (
        f"erased-{agent.pk}",
        "",
        "",
        "",
    )
    assert not agent.is_active and not agent.has_usable_password()
    assert not get_user_model().objects.filter(username=username).exists()


def test_the_management_command_exports_and_erases(world, tmp_path):
    output = tmp_path / "export.json"
    call_command("personal_data", "export", "--user", world.agent.username, "--output", output)
    assert json.loads(output.read_text())["profile"]["id"] == world.agent.pk

    call_command(
        "personal_data", "erase", "--user", world.agent.username, "--no-input", stdout=io.StringIO()
    )
    assert not Reflection.objects.filter(learner=world.agent).exists()


def test_only_a_superuser_may_export_or_erase_through_the_api(world):
    api = APIClient()
    path = f"/api/admin/users/{world.agent.pk}/personal-data/"
    for someone in (world.coach, world.agent):
        api.force_authenticate(someone)
        assert (api.get(path).status_code, api.delete(path).status_code) == (403, 403)

    api.force_authenticate(UserFactory(is_superuser=True, is_staff=True))
    assert api.get(path).json()["profile"]["id"] == world.agent.pk
    assert api.delete(path).status_code == 204
    assert not Reflection.objects.filter(learner=world.agent).exists()


def test_a_solo_practice_is_exported_with_its_debrief_then_erased_whole(db):
    practice = make_practice()
    participant = practice.session.participants.select_related("session", "user").get()
    solo.solo_customer_say(turn=solo.solo_pending_turn(session_id=practice.session.pk), heard=[])
    solo.solo_choose(viewer=services.viewer_of(participant), choice=1)
    turn = solo.solo_pending_turn(session_id=practice.session.pk)
    solo.solo_customer_say(turn=turn, heard=solo.hear(turn))

    [exported] = personal_data_export(practice.learner)["roleplay_sessions"]
    assert exported["kind"] == "solo"
    assert [line["text"] for line in exported["lines"]] == [
        "I understand this is annoying. Which invoice is it?"
    ]
    assert "acknowledge" in json.dumps(exported["debrief"])

    personal_data_erase(practice.learner)
    assert not RolePlaySession.objects.filter(pk=practice.session.pk).exists()
    assert not SessionEvent.objects.filter(session_id=practice.session.pk).exists()


def test_a_recording_the_person_uploaded_stays_with_the_team_without_them(db):
    practice = make_practice()
    recording = Recording.objects.create(
        team=practice.team,
        title="Billing call",
        kind="chat",
        transcript="Customer: hi",
        uploaded_by=practice.coach,
    )
    exported = personal_data_export(practice.coach)["recordings_uploaded"]
    assert [(r["id"], r["title"]) for r in exported] == [(recording.pk, "Billing call")]

    personal_data_erase(practice.coach)
    recording.refresh_from_db()
    assert recording.uploaded_by is None
    assert recording.transcript == "Customer: hi"
