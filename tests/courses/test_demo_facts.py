"""The demo content states Finnish law and practice correctly, the way a service lead
would check it: the reminder fee, the seller's liability for defects, a power of
attorney, identifying the caller and what a survivor's pension needs. And its quizzes
are not too easy."""

import re

import pytest

from demo.courses_calls import CALLS
from demo.courses_content import EDITOR_NOTES, MODULES
from demo.roleplay import SCENARIOS
from demo.roleplay_scripts import SCRIPTS


def strings(value):
    """Every string inside nested dicts, lists and tuples."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


ALL_TEXT = list(strings([MODULES, SCENARIOS, SCRIPTS, CALLS]))


def questions():
    for module in MODULES:
        for lesson in module["lessons"]:
            for block_type, _key, spec in lesson["body"]:
                if block_type == "quiz":
                    for question in spec["questions"]:
                        yield lesson["slug"], question


def test_no_reminder_fee_in_the_demo_is_above_the_lawful_five_euros():
    fees = [
        int(amount)
        for text in ALL_TEXT
        if re.search(r"muistutusmaksu|reminder fee", text, re.IGNORECASE)
        for amount in re.findall(r"(\d+)[ -]?(?:€|euro)", text)
    ]
    assert fees and max(fees) <= 5


def test_a_repair_the_customer_has_a_right_to_is_never_called_goodwill():
    about_warranty = [t for t in ALL_TEXT if re.search(r"takuu|warranty", t, re.IGNORECASE)]
    assert not [t for t in about_warranty if re.search(r"goodwill|hyvityksenä", t, re.I)]
    assert any("virhevastuu" in t for t in about_warranty)
    assert any("liability for defects" in t for t in about_warranty)


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_cold_and_the_warm_call_follow_one_procedure(language):
    cold, warm = CALLS[language]["cold"], CALLS[language]["warm"]
    assert [speaker for speaker, _ in cold] == [speaker for speaker, _ in warm]
    identify = "asiakasnumero" if language == "fi" else "customer number"
    liability = "virhevastuu" if language == "fi" else "liability for defects"
    for call in (cold, warm):
        agent = " ".join(text.lower() for speaker, text in call if speaker == "agent")
        assert identify in agent and liability in agent


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_agent_checks_a_power_of_attorney_before_changing_the_mothers_details(language):
    nodes = {node["key"]: node for node in SCRIPTS["anger-about-something-else"][language]}
    leads_to_relief = {
        key
        for key, node in nodes.items()
        if node["otherwise"] == "relieved" or any(c["next"] == "relieved" for c in node["choices"])
    }
    assert leads_to_relief == {"authority"}
    attorney = "valtakirja" if language == "fi" else "power of attorney"
    assert attorney in nodes["mother"]["model_answer"]


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_pension_call_identifies_the_caller_and_asks_no_death_certificate(language):
    nodes = SCRIPTS["first-pension-call"][language]
    start = nodes[0]
    identity = "henkilöllisyy" if language == "fi" else "who you are"
    assert identity in start["model_answer"]
    brief = SCENARIOS["first-pension-call"][language]["brief"]
    register = "väestötietojärjestelmä" if language == "fi" else "population register"
    assert register in brief
    certificate = "kuolintodistus" if language == "fi" else "death certificate"
    model_answers = " ".join(node["model_answer"] for node in nodes)
    assert certificate not in model_answers.lower() or register in model_answers


@pytest.mark.parametrize(("lesson", "question"), list(questions()))
def test_every_quiz_question_offers_three_or_four_options_with_feedback(lesson, question):
    for language in ("fi", "en"):
        options = question[language][2]
        assert 3 <= len(options) <= 4, (lesson, question[language][1])
        assert any(correct for _text, correct, _feedback in options)
        assert not all(correct for _text, correct, _feedback in options)
        assert all(feedback for _text, _correct, feedback in options)
    assert len(question["fi"][2]) == len(question["en"][2])


def test_every_lesson_that_states_a_law_names_its_source_for_editors():
    stating_law = {
        lesson["slug"]
        for module in MODULES
        for lesson in module["lessons"]
        if any(re.search(r"virhevastuu|väestötieto|henkilöllisyy", t) for t in strings(lesson))
    }
    for slug in stating_law:
        notes = " ".join(strings(EDITOR_NOTES.get(slug, {})))
        assert re.search(r"\d+/\d{4}", notes), slug


def test_every_written_channel_has_a_scenario_to_practise_alone():
    channels = {spec["channel"] for key, spec in SCENARIOS.items() if key in SCRIPTS}
    assert {"email", "chat", "social"} <= set(channels)


def test_a_first_insurance_claim_is_a_case_to_rehearse_live():
    claim = SCENARIOS["first-insurance-claim"]
    assert claim["channel"] == "phone" and claim["rubric"] == "voice"
    assert "Tunnista soittaja" in claim["fi"]["brief"]
    assert "Identify the caller" in claim["en"]["brief"]


@pytest.mark.parametrize("key", sorted(SCENARIOS))
def test_every_scenario_asks_the_agent_to_identify_the_customer(key):
    for language, word in (("fi", "Tunnista"), ("en", "dentify")):
        brief = SCENARIOS[key][language]["brief"]
        assert word in brief, (key, language)
