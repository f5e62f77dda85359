"""A solo script is a graph editors build in Wagtail: it has a start, every reply
leads to a node that exists, every node can be reached and at least one ends."""

import pytest
from django.utils import translation
from wagtail.blocks.stream_block import StreamBlockValidationError

from demo.roleplay_scripts import SCRIPTS
from roleplay.script import Script, ScriptBlock, validate
from tests.roleplay.practice import SCRIPT, script


@pytest.fixture(autouse=True)
def english():
    """The messages are asserted in English; the site's default language is Finnish."""
    with translation.override("en"):
        yield


def edited(**changes) -> list[dict]:
    nodes = [dict(node) for node in SCRIPT]
    for key, fields in changes.items():
        index = next(i for i, node in enumerate(nodes) if node["key"] == key)
        nodes[index] = {**nodes[index], **fields}
    return nodes


def test_a_complete_script_is_valid():
    assert validate(script()) == []


def test_an_empty_script_has_no_start():
    assert "start" in validate(Script.from_data([]))[0]


def test_a_reply_leading_nowhere_is_a_dangling_node():
    errors = validate(script(edited(start={"otherwise": "nowhere"})))
    assert errors == ["Node “start” leads to “nowhere”, which does not exist."]


def test_a_script_without_an_end_is_refused():
    nodes = [
        {**node, "end": False, "otherwise": node.get("otherwise") or "start"} for node in SCRIPT
    ]
    assert "Mark at least one node as an end of the conversation." in validate(script(nodes))


def test_a_node_no_reply_leads_to_is_refused():
    nodes = edited(start={"otherwise": "mother", "choices": []})
    assert validate(script(nodes)) == ["No reply leads to node “leaving”."]


def test_two_nodes_with_one_key_are_refused():
    nodes = [*SCRIPT, {"key": "thanks", "text": "Again.", "end": True}]
    assert validate(script(nodes)) == ["Two nodes have the key “thanks”."]


def test_the_editor_shows_graph_errors_on_the_whole_script():
    block = ScriptBlock()
    value = block.to_python(
        [{"type": "node", "value": n} for n in edited(mother={"otherwise": "gone"})]
    )
    with pytest.raises(StreamBlockValidationError) as raised:
        block.clean(value)
    assert "does not exist" in str(raised.value.non_block_errors[0])


def test_a_free_text_reply_follows_the_choice_whose_behaviours_it_shows():
    flow = script()
    step = flow.follow(flow.nodes["start"], intents=["acknowledge", "apology"])
    assert step.node.key == "mother"


def test_a_free_text_reply_showing_none_of_them_follows_otherwise():
    flow = script()
    assert flow.follow(flow.nodes["start"], intents=[]).node.key == "leaving"


@pytest.mark.parametrize("key", sorted(SCRIPTS))
@pytest.mark.parametrize("language", ["fi", "en"])
def test_every_demo_script_is_valid(key, language):
    assert validate(Script.from_data(SCRIPTS[key][language])) == []
