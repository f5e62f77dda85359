"""A scenario's branching script for solo practice, and how the scripted customer
follows it.

Editors write the script in Wagtail as a list of customer nodes (``ScriptBlock``): what
the customer says and how they feel, which behaviours a good reply shows here, a model
answer, the agent's reply choices (each leading to a node) and, for free text that
matches no choice, the node that follows otherwise. The first node is the start;
nodes marked as an end close the conversation. ``validate`` checks the graph and is
used both by the editor and by the tests.

https://docs.wagtail.org/en/stable/topics/streamfield.html
"""

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from .intents import INTENT_CHOICES

KEY_REGEX = r"^[a-z0-9][a-z0-9-]{0,39}$"

MOOD_CHOICES = [
    ("angry", gettext_lazy("Angry")),
    ("upset", gettext_lazy("Upset")),
    ("worried", gettext_lazy("Worried")),
    ("doubtful", gettext_lazy("Doubtful")),
    ("neutral", gettext_lazy("Neutral")),
    ("calmer", gettext_lazy("Calmer")),
    ("relieved", gettext_lazy("Relieved")),
    ("pleased", gettext_lazy("Pleased")),
]


class ReplyChoiceBlock(blocks.StructBlock):
    """One reply the agent can pick, the behaviours it shows and where it leads."""

    text = blocks.TextBlock(label=gettext_lazy("the agent says"))
    intents = blocks.MultipleChoiceBlock(
        choices=INTENT_CHOICES, required=False, label=gettext_lazy("behaviours it shows")
    )
    next = blocks.CharBlock(
        max_length=40,
        label=gettext_lazy("next node"),
        help_text=gettext_lazy("The key of the customer node that follows."),
    )

    class Meta:
        icon = "redirect"
        label = gettext_lazy("Reply choice")


class ScriptNodeBlock(blocks.StructBlock):
    """One customer line and what may follow it."""

    key = blocks.RegexBlock(
        regex=KEY_REGEX,
        max_length=40,
        label=gettext_lazy("key"),
        help_text=gettext_lazy("A short name other nodes use to lead here, e.g. “mother”."),
        error_messages={
            "invalid": gettext_lazy("Use lower-case letters, digits and hyphens, e.g. “start”.")
        },
    )
    text = blocks.TextBlock(label=gettext_lazy("the customer says"))
    mood = blocks.ChoiceBlock(choices=MOOD_CHOICES, default="neutral", label=gettext_lazy("mood"))
    end = blocks.BooleanBlock(
        required=False,
        label=gettext_lazy("ends the conversation"),
        help_text=gettext_lazy("The customer's last line: no replies follow."),
    )
    expected = blocks.MultipleChoiceBlock(
        choices=INTENT_CHOICES,
        required=False,
        label=gettext_lazy("a good reply here shows"),
        help_text=gettext_lazy("The behaviours the debrief looks for in the agent's reply."),
    )
    model_answer = blocks.TextBlock(
        required=False,
        label=gettext_lazy("model answer"),
        help_text=gettext_lazy("What a skilled agent might say here, shown in the debrief."),
    )
    choices = blocks.ListBlock(
        ReplyChoiceBlock(), default=[], required=False, label=gettext_lazy("reply choices")
    )
    otherwise = blocks.CharBlock(
        max_length=40,
        required=False,
        label=gettext_lazy("otherwise, next node"),
        help_text=gettext_lazy(
            "Where a free-text reply leads when it shows none of the choices' behaviours."
        ),
    )

    class Meta:
        icon = "openquote"
        label = gettext_lazy("Customer node")

    def clean(self, value):
        value = super().clean(value)
        if value["end"] and (value["choices"] or value["otherwise"]):
            raise StructBlockValidationError(
                block_errors={
                    "end": ValidationError(_("An end node has no reply choices and no next node."))
                }
            )
        if not value["end"] and not value["otherwise"]:
            raise StructBlockValidationError(
                block_errors={
                    "otherwise": ValidationError(
                        _("Say where a free-text reply leads, or mark the node as an end.")
                    )
                }
            )
        return value


class ScriptBlock(blocks.StreamBlock):
    """The whole script; the graph is checked on save."""

    node = ScriptNodeBlock()

    class Meta:
        required = False

    def clean(self, value):
        value = super().clean(value)
        if len(value):
            errors = validate(Script.from_stream(value))
            if errors:
                raise StreamBlockValidationError(non_block_errors=ErrorList(errors))
        return value


@dataclass(frozen=True)
class Choice:
    text: str
    intents: tuple[str, ...]
    next: str


@dataclass(frozen=True)
class Node:
    key: str
    text: str
    mood: str = "neutral"
    end: bool = False
    expected: tuple[str, ...] = ()
    model_answer: str = ""
    choices: tuple[Choice, ...] = ()
    otherwise: str = ""

    def public(self) -> list[dict[str, Any]]:
        """The reply choices as the agent's client shows them."""
        return [{"index": i, "text": c.text} for i, c in enumerate(self.choices)]


@dataclass(frozen=True)
class Step:
    """Where the conversation goes after the agent's reply, and what the reply showed."""

    node: Node
    intents: tuple[str, ...]
    choice: int | None = None


@dataclass
class Script:
    nodes: dict[str, Node] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @classmethod
    def from_data(cls, items: list[dict]) -> "Script":
        """From plain dictionaries with the block's field names (seeding and tests)."""
        script = cls()
        for item in items:
            node = Node(
                key=item["key"],
                text=item["text"],
                mood=item.get("mood", "neutral"),
                end=bool(item.get("end")),
                expected=tuple(item.get("expected") or ()),
                model_answer=item.get("model_answer", ""),
                choices=tuple(
                    Choice(text=c["text"], intents=tuple(c.get("intents") or ()), next=c["next"])
                    for c in item.get("choices") or ()
                ),
                otherwise=item.get("otherwise") or "",
            )
            if node.key in script.nodes:
                script.duplicates.append(node.key)
                continue
            script.nodes[node.key] = node
            script.order.append(node.key)
        return script

    @classmethod
    def from_stream(cls, value) -> "Script":
        items = []
        for child in value:
            data = dict(child.value)
            data["choices"] = [dict(choice) for choice in data.get("choices") or ()]
            items.append(data)
        return cls.from_data(items)

    @property
    def start(self) -> Node | None:
        return self.nodes[self.order[0]] if self.order else None

    def follow(self, node: Node, *, intents: list[str], choice: int | None = None) -> Step:
        """The next node: the picked choice, else the choice whose behaviours the reply
        shows most (the first on a tie), else ``otherwise``."""
        if choice is not None:
            picked = node.choices[choice]
            return Step(self.nodes[picked.next], picked.intents, choice)
        shown = set(intents)
        best, best_overlap = None, 0
        for option in node.choices:
            overlap = len(shown & set(option.intents))
            if overlap > best_overlap:
                best, best_overlap = option, overlap
        target = best.next if best is not None else node.otherwise
        return Step(self.nodes[target], tuple(intents))


def validate(script: Script) -> list[str]:
    """Everything wrong with the graph, as messages for the editor (empty when fine)."""
    errors = []
    if not script.order:
        return [_("A script needs at least one node: the first one is the start.")]
    for key in script.duplicates:
        errors.append(_("Two nodes have the key “%(key)s”.") % {"key": key})
    for node in script.nodes.values():
        targets = [c.next for c in node.choices] + ([node.otherwise] if node.otherwise else [])
        for target in targets:
            if target not in script.nodes:
                errors.append(
                    _("Node “%(key)s” leads to “%(target)s”, which does not exist.")
                    % {"key": node.key, "target": target}
                )
        if not node.end and not node.otherwise:
            errors.append(
                _("Node “%(key)s” is not an end, so it needs a node that follows otherwise.")
                % {"key": node.key}
            )
    if not any(node.end for node in script.nodes.values()):
        errors.append(_("Mark at least one node as an end of the conversation."))
    if script.start.end:
        errors.append(_("The first node is the start; it cannot be an end."))
    reached = _reachable(script)
    for key in script.order:
        if key not in reached:
            errors.append(_("No reply leads to node “%(key)s”.") % {"key": key})
    if not errors and not any(script.nodes[key].end for key in reached):
        errors.append(_("No end can be reached from the start."))
    return errors


def _reachable(script: Script) -> set[str]:
    seen, queue = {script.order[0]}, deque([script.order[0]])
    while queue:
        node = script.nodes[queue.popleft()]
        for target in [c.next for c in node.choices] + [node.otherwise]:
            if target in script.nodes and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen
