"""Solo practice: a learner starts it over REST, the server plays the scripted customer
in the same room protocol, and the end brings an automatic debrief and system-rated
progress statements."""

import pytest
from channels.db import database_sync_to_async

from progress import verbs
from progress.models import Statement
from roleplay.models import RolePlaySession
from tests.roleplay.clients import api, open_in_process
from tests.roleplay.practice import make_practice

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def practice(transactional_db):
    return make_practice()


def customer_line(client, node: str):
    return client.event("say", role="customer", node=node)


def test_scripted_scenarios_say_so_in_the_list(practice):
    rows = api(practice.learner).get("/api/roleplay/scenarios/").json()
    assert [row["solo"] for row in rows if row["id"] == practice.scenario.pk] == [True]


def test_a_learner_starts_a_solo_practice_live_as_the_agent(practice):
    response = api(practice.learner).post(
        "/api/roleplay/sessions/", {"scenario": practice.scenario.pk, "kind": "solo"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["state"], body["my_role"], body["coach"]) == (
        "solo",
        "live",
        "agent",
        None,
    )
    assert "real_need" not in body["scenario"]["persona"]


def test_a_scenario_without_a_script_has_no_solo_practice(practice):
    practice.scenario.script = []
    practice.scenario.save()
    response = api(practice.learner).post(
        "/api/roleplay/sessions/", {"scenario": practice.scenario.pk, "kind": "solo"}, format="json"
    )
    assert response.status_code == 400


async def test_the_customer_types_then_opens_the_conversation(practice):
    learner = await open_in_process(practice.learner, practice.session.pk)
    typing = await learner.until(lambda f: f["type"] == "typing")
    opening = await customer_line(learner, "start")
    assert typing["role"] == "customer" and typing["author"]["name"] == "Marja"
    assert opening["author"] is None and opening["mood"] == "angry"
    assert [c["text"] for c in opening["choices"]][1].startswith("I understand")
    await learner.close()


async def test_a_picked_choice_and_free_text_lead_through_the_script_to_its_end(practice):
    learner = await open_in_process(practice.learner, practice.session.pk)
    await customer_line(learner, "start")
    await learner.send({"type": "say", "choice": 1, "client_msg_id": "c1"})
    mine = await learner.event("say", role="agent", choice=1)
    assert mine["text"] == "I understand this is annoying. Which invoice is it?"
    await customer_line(learner, "mother")
    await learner.send({"type": "say", "text": "Leave it with me, I'll waive the fee right now."})
    last = await customer_line(learner, "thanks")
    ended = await learner.event("control", action="end")
    assert last["end"] is True and ended["state"] == "ended"
    await learner.close()


async def test_two_lines_in_a_row_are_heard_together_and_once(practice, monkeypatch):
    """The customer may have read the agent's second line before that line's wake
    comes (here each wake comes 0.2 s late): what it has read is not heard again, so
    a chat model is asked once per turn."""
    import asyncio

    from roleplay.solo import customer

    heard, real_hear, real_wake = [], customer.hear, customer.ScriptedCustomer.wake

    def counted(turn):
        heard.append((turn.last_agent_seq, turn.text))
        return real_hear(turn)

    def late_wake(self):
        asyncio.get_running_loop().call_later(0.2, real_wake, self)

    monkeypatch.setattr(customer, "hear", counted)
    monkeypatch.setattr(customer.ScriptedCustomer, "wake", late_wake)
    learner = await open_in_process(practice.learner, practice.session.pk)
    await customer_line(learner, "start")
    await learner.send({"type": "say", "text": "I understand this is annoying."})
    await learner.send({"type": "say", "text": "Which invoice is it?"})
    answer = await customer_line(learner, "mother")
    await learner.close()
    said = [(seq, text) for seq, text in heard if text]  # the opening line hears nothing
    assert said == [(answer["seq"] - 1, "I understand this is annoying.\nWhich invoice is it?")]
    assert answer["heard"]["intents"] == ["acknowledge", "clarify"]


async def test_a_reply_showing_no_behaviour_takes_the_colder_branch(practice):
    learner = await open_in_process(practice.learner, practice.session.pk)
    await customer_line(learner, "start")
    await learner.send({"type": "say", "text": "The fee is correct."})
    line = await customer_line(learner, "leaving")
    assert line["heard"] == {"node": "start", "intents": [], "choice": None}
    await learner.close()


async def test_the_learner_may_end_early_but_not_pause(practice):
    learner = await open_in_process(practice.learner, practice.session.pk)
    await customer_line(learner, "start")
    await learner.send({"type": "control", "action": "pause", "client_msg_id": "p"})
    assert (await learner.error())["code"] == "forbidden"
    await learner.send({"type": "control", "action": "end", "client_msg_id": "e"})
    assert (await learner.event("control", action="end"))["state"] == "ended"
    await learner.close()


async def finish(practice):
    learner = await open_in_process(practice.learner, practice.session.pk)
    await customer_line(learner, "start")
    await learner.send({"type": "say", "text": "Anteeksi, ymmärrän että tämä harmittaa."})
    await customer_line(learner, "mother")
    await learner.send({"type": "say", "choice": 0})
    await learner.event("control", action="end")
    await learner.close()


async def test_the_debrief_shows_behaviours_shown_and_missed_with_model_answers(practice):
    await finish(practice)
    body = await database_sync_to_async(
        lambda: api(practice.learner).get(f"/api/roleplay/sessions/{practice.session.pk}/debrief/")
    )()
    debrief = body.json()
    assert [i["intent"] for i in debrief["shown"]] == [
        "apology",
        "acknowledge",
        "next_step",
        "ownership",
    ]
    assert [i["intent"] for i in debrief["missed"]] == ["clarify"]
    first = debrief["turns"][0]
    assert [i["intent"] for i in first["missed"]] == ["clarify"]
    assert first["model_answer"].startswith("I can hear how frustrating")
    assert debrief["completed"] is True


async def test_the_results_go_to_progress_as_system_scores_of_a_solo_session(practice):
    await finish(practice)

    @database_sync_to_async
    def statements():
        rows = Statement.objects.filter(actor=practice.learner, object_type="roleplay-session")
        return {(s.verb, s.context.get("rater_role"), s.context["session_kind"]) for s in rows}

    assert await statements() == {
        (verbs.SCORED, "system", "solo"),
        (verbs.COMPLETED, None, "solo"),
    }


async def test_replay_after_a_reconnect_brings_the_customer_lines_back(practice):
    learner = await open_in_process(practice.learner, practice.session.pk)
    await customer_line(learner, "start")
    await learner.close()
    again = await open_in_process(practice.learner, practice.session.pk)
    await again.send({"type": "resume", "after_seq": 0})
    assert (await customer_line(again, "start"))["text"].startswith("Your company")
    await again.close()
    session = await database_sync_to_async(RolePlaySession.objects.get)(pk=practice.session.pk)
    assert session.state == "live"


@pytest.mark.parametrize("role", ["observer", "customer", "agent"])
def test_nobody_can_be_added_to_a_learners_solo_practice(practice, role):
    """A solo practice has exactly one learner: the team's coach cannot add a peer."""
    response = api(practice.coach).post(
        f"/api/roleplay/sessions/{practice.session.pk}/participants/",
        {"user": practice.peer.pk, "role": role},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "exactly one learner" in response.content.decode()
    assert list(practice.session.participants.values_list("user_id", flat=True)) == [
        practice.learner.pk
    ]
