"""Milestone rules: compile the editor's criteria, find what can trigger them, evaluate.

A compiled rule is plain JSON::

    {"match": "all", "conditions": [
        {"type": "quiz_passed", "competency": 3, "slug": "empathy", "min_percent": 80},
        {"type": "group", "match": "any", "conditions": [...]},
    ]}

Conditions read only statements (docs/architecture.md, "The statement vocabulary"),
never the tables of other apps, and ignore voided statements. Each condition also
names the *trigger keys* of the statements that can change it; recording a statement
evaluates only the milestones that share one of its keys.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import verbs

CONDITION_TYPES = ("completed", "quiz_passed", "roleplays_scored", "assessed", "signed_off")


def _competency_fields(competency) -> dict:
    canonical = competency.canonical
    return {"competency": canonical.pk, "slug": canonical.slug}


def _compile_condition(block_type: str, value) -> dict:
    if block_type == "group":
        return {
            "type": "group",
            "match": value["match"],
            "conditions": [_compile_condition(c.block_type, c.value) for c in value["conditions"]],
        }
    if block_type == "completed":
        page = value.get("page")
        return {
            "type": "completed",
            "object_type": value["object_type"],
            "object_id": str(page.translation_key) if page else (value.get("object_id") or ""),
            "name": page.title if page else "",
        }
    if block_type == "quiz_passed":
        return {
            "type": "quiz_passed",
            **_competency_fields(value["competency"]),
            "min_percent": value["min_percent"],
        }
    if block_type == "roleplays_scored":
        return {
            "type": "roleplays_scored",
            **_competency_fields(value["competency"]),
            "count": value["count"],
            "rater_role": value["rater_role"],
            "min_level": value["min_level"],
        }
    if block_type == "assessed":
        return {
            "type": "assessed",
            **_competency_fields(value["competency"]),
            "rater_role": value["rater_role"],
            "min_level": value["min_level"],
        }
    if block_type == "signed_off":
        return {"type": "signed_off"}
    raise ValueError(f"Unknown condition type {block_type!r}")


def compile_milestone(milestone) -> dict:
    return {
        "match": milestone.match,
        "conditions": [
            _compile_condition(child.block_type, child.value) for child in milestone.criteria
        ],
    }


def _leaves(rules: dict):
    for condition in rules.get("conditions", []):
        if condition["type"] == "group":
            yield from _leaves(condition)
        else:
            yield condition


def condition_keys(condition: dict, milestone_id: int) -> set[str]:
    kind = condition["type"]
    if kind == "completed":
        return {f"completed:{condition['object_type']}:{condition['object_id'] or '*'}"}
    if kind == "quiz_passed":
        return {f"quiz:{condition['competency']}"}
    if kind == "roleplays_scored":
        return {f"roleplay:{condition['competency']}"}
    if kind == "assessed":
        return {f"assessed:{condition['competency']}"}
    if kind == "signed_off":
        return {f"signoff:{milestone_id}"}
    return set()


def trigger_keys(rules: dict, milestone_id: int) -> set[str]:
    keys: set[str] = set()
    for condition in _leaves(rules):
        keys |= condition_keys(condition, milestone_id)
    return keys


def statement_keys(statement) -> set[str]:
    """The trigger keys of one statement: which kinds of condition it can change."""
    verb, object_type = statement.verb, statement.object_type
    if verb == verbs.COMPLETED:
        return {
            f"completed:{object_type}:{statement.object_id}",
            f"completed:{object_type}:*",
        }
    if verb == verbs.SCORED and object_type == "quiz" and statement.competency_id:
        return {f"quiz:{statement.competency_id}"}
    if verb == verbs.SCORED and object_type == "roleplay-session" and statement.competency_id:
        return {f"roleplay:{statement.competency_id}"}
    if verb == verbs.ASSESSED and statement.competency_id:
        return {f"assessed:{statement.competency_id}"}
    if verb == verbs.SIGNED_OFF and object_type == "milestone":
        return {f"signoff:{statement.object_id}"}
    return set()


def sync_triggers(milestone) -> None:
    """Keep ``MilestoneTrigger`` rows equal to the keys of the milestone's rules."""
    from wagtail.models import Locale

    from .models import MilestoneTrigger

    wanted = set()
    if milestone.locale_id == Locale.get_default().pk:
        wanted = trigger_keys(milestone.rules, milestone.pk)
    existing = set(milestone.triggers.values_list("key", flat=True))
    if existing - wanted:
        milestone.triggers.filter(key__in=existing - wanted).delete()
    MilestoneTrigger.objects.bulk_create(
        [MilestoneTrigger(milestone=milestone, key=key) for key in wanted - existing],
        ignore_conflicts=True,
    )


@dataclass
class Outcome:
    """The result of evaluating a condition or a whole rule for one learner."""

    met: bool
    started: bool
    evidence: set[UUID] = field(default_factory=set)
    details: dict = field(default_factory=dict)


def _statements(learner_id: int):
    from .models import Statement

    return Statement.objects.filter(actor_id=learner_id, voided=False)


def _completed(condition: dict, learner_id: int, milestone_id: int) -> Outcome:
    rows = _statements(learner_id).filter(
        verb=verbs.COMPLETED, object_type=condition["object_type"]
    )
    if condition["object_id"]:
        rows = rows.filter(object_id=condition["object_id"])
    first = rows.exclude(completion=False).order_by("timestamp").values_list("id", flat=True)[:1]
    evidence = set(first)
    return Outcome(bool(evidence), bool(evidence), evidence, {"have": len(evidence), "need": 1})


def _quiz_passed(condition: dict, learner_id: int, milestone_id: int) -> Outcome:
    """Met by an attempt that passed as a whole and scored the competency high enough.

    A quiz attempt records one ``PASSED``/``FAILED`` statement against the pass mark and
    one ``SCORED`` statement per competency it covers; both carry the attempt in their
    context. Competency scores of a failed attempt never count.
    """
    scores = list(
        _statements(learner_id)
        .filter(
            verb=verbs.SCORED,
            object_type="quiz",
            competency_id=condition["competency"],
            score_scaled__isnull=False,
        )
        .order_by("-score_scaled", "timestamp")
        .values_list("id", "score_scaled", "object_id", "context__attempt")
    )
    if not scores:
        return Outcome(False, False, details={"have": None, "need": condition["min_percent"]})
    passed = {
        (object_id, attempt): statement_id
        for statement_id, object_id, attempt in _statements(learner_id)
        .filter(
            verb=verbs.PASSED,
            object_type="quiz",
            object_id__in={row[2] for row in scores},
            context__attempt__in=[row[3] for row in scores if row[3] is not None],
        )
        .values_list("id", "object_id", "context__attempt")
    }
    counted = [row for row in scores if (row[2], row[3]) in passed]
    if not counted:
        return Outcome(False, True, details={"have": None, "need": condition["min_percent"]})
    statement_id, best, object_id, attempt = counted[0]
    best_percent = round(best * 100, 1)
    met = best_percent >= condition["min_percent"]
    return Outcome(
        met,
        True,
        {statement_id, passed[(object_id, attempt)]} if met else set(),
        {"have": best_percent, "need": condition["min_percent"]},
    )


def _roleplays_scored(condition: dict, learner_id: int, milestone_id: int) -> Outcome:
    rows = (
        _statements(learner_id)
        .filter(
            verb=verbs.SCORED,
            object_type="roleplay-session",
            competency_id=condition["competency"],
            context__rater_role=condition["rater_role"],
            score_raw__isnull=False,
        )
        .order_by("timestamp")
        .values_list("id", "object_id", "score_raw")
    )
    sessions: dict[str, list] = defaultdict(list)
    for statement_id, session, score in rows:
        sessions[session].append((statement_id, score))
    qualifying = [
        scores
        for scores in sessions.values()
        if sum(score for _id, score in scores) / len(scores) >= condition["min_level"]
    ]
    met = len(qualifying) >= condition["count"]
    evidence = {statement_id for scores in qualifying for statement_id, _s in scores}
    return Outcome(
        met,
        bool(sessions),
        evidence if met else set(),
        {"have": len(qualifying), "need": condition["count"]},
    )


def _assessed(condition: dict, learner_id: int, milestone_id: int) -> Outcome:
    latest = list(
        _statements(learner_id)
        .filter(
            verb=verbs.ASSESSED,
            competency_id=condition["competency"],
            context__rater_role=condition["rater_role"],
        )
        .order_by("-timestamp")
        .values_list("id", "score_raw")[:1]
    )
    if not latest:
        return Outcome(False, False, details={"have": None, "need": condition["min_level"]})
    statement_id, level = latest[0]
    met = level is not None and level >= condition["min_level"]
    return Outcome(
        met,
        True,
        {statement_id} if met else set(),
        {"have": level, "need": condition["min_level"]},
    )


def _signed_off(condition: dict, learner_id: int, milestone_id: int) -> Outcome:
    latest = list(
        _statements(learner_id)
        .filter(verb=verbs.SIGNED_OFF, object_type="milestone", object_id=str(milestone_id))
        .exclude(success=False)
        .order_by("-timestamp")
        .values_list("id", flat=True)[:1]
    )
    return Outcome(bool(latest), bool(latest), set(latest), {"have": len(latest), "need": 1})


EVALUATORS = {
    "completed": _completed,
    "quiz_passed": _quiz_passed,
    "roleplays_scored": _roleplays_scored,
    "assessed": _assessed,
    "signed_off": _signed_off,
}


def evaluate(rules: dict, *, learner_id: int, milestone_id: int) -> Outcome:
    """Evaluate a compiled rule (or group) for one learner. Reads, never writes."""
    children = []
    for condition in rules.get("conditions", []):
        if condition["type"] == "group":
            outcome = evaluate(condition, learner_id=learner_id, milestone_id=milestone_id)
        else:
            outcome = EVALUATORS[condition["type"]](condition, learner_id, milestone_id)
            outcome.details = {**condition, **outcome.details, "met": outcome.met}
        children.append(outcome)
    match_all = rules.get("match", "all") == "all"
    met = bool(children) and (all if match_all else any)(c.met for c in children)
    evidence = set().union(*(c.evidence for c in children if c.met)) if met else set()
    details = {
        "type": "group",
        "match": rules.get("match", "all"),
        "met": met,
        "conditions": [c.details for c in children],
    }
    return Outcome(met, any(c.started for c in children), evidence, details)


def unevaluated(rules: dict) -> dict:
    """A compiled rule in the shape ``evaluate`` gives its details, with nothing met.

    Pages read a learner's ``MilestoneState.details``; a learner who has no state yet
    (nothing recorded that could touch the milestone) gets this instead, so that
    ``describe`` and ``missing`` always see one shape: groups carry ``type``.
    """
    return {
        "type": "group",
        "match": rules.get("match", "all"),
        "met": False,
        "conditions": [
            unevaluated(condition)
            if condition.get("type") == "group"
            else {**condition, "met": False}
            for condition in rules.get("conditions", [])
        ],
    }


ROLE_NAMES = {
    "self": lambda: _("the learner"),
    "coach": lambda: _("a coach"),
    "observer": lambda: _("an observer"),
    "customer": lambda: _("the customer actor"),
    "system": lambda: _("the automatic scoring"),
    "manager": lambda: _("a manager"),
}


def _completed_text(condition: dict) -> str:
    name = condition.get("name") or ""
    kind = condition["object_type"]
    if name or condition.get("object_id"):
        texts = {
            "module": _("Complete the module “%(name)s”"),
            "lesson": _("Complete the lesson “%(name)s”"),
            "course": _("Complete the course “%(name)s”"),
            "roleplay-session": _("Complete the role-play “%(name)s”"),
        }
        return texts.get(kind, texts["module"]) % {"name": name or condition["object_id"]}
    texts = {
        "module": _("Complete a module"),
        "lesson": _("Complete a lesson"),
        "course": _("Complete a course"),
        "roleplay-session": _("Complete a role-play"),
    }
    return texts.get(kind, texts["module"])


def describe(details: dict, competency_names: dict[int, str]) -> str:
    """One sentence for a condition (or group) in the active language."""
    kind = details["type"]

    def competency() -> str:
        return competency_names.get(details.get("competency"), details.get("slug", ""))

    if kind == "group":
        parts = [describe(child, competency_names) for child in details["conditions"]]
        joiner = _(" and ") if details["match"] == "all" else _(" or ")
        return joiner.join(parts[:1] + [part[:1].lower() + part[1:] for part in parts[1:]])
    if kind == "completed":
        return _completed_text(details)
    if kind == "quiz_passed":
        text = _("Pass a quiz on %(competency)s with at least %(percent)s %%") % {
            "competency": competency(),
            "percent": details["min_percent"],
        }
        if details.get("have") is not None and not details.get("met"):
            text += " " + _("(best so far %(best)s %%)") % {"best": f"{details['have']:g}"}
        return text
    if kind == "roleplays_scored":
        count = details["count"]
        text = ngettext(
            "%(count)s role-play in which %(rater)s scores %(competency)s at %(level)s or more",
            "%(count)s role-plays in which %(rater)s scores %(competency)s at %(level)s or more",
            count,
        ) % {
            "count": count,
            "rater": ROLE_NAMES.get(details["rater_role"], ROLE_NAMES["coach"])(),
            "competency": competency(),
            "level": details["min_level"],
        }
        if details.get("have") and not details.get("met"):
            text += " " + _("(%(have)s so far)") % {"have": details["have"]}
        return text
    if kind == "assessed":
        return _("%(competency)s assessed by %(rater)s at level %(level)s or more") % {
            "competency": competency(),
            "rater": ROLE_NAMES.get(details["rater_role"], ROLE_NAMES["coach"])(),
            "level": details["min_level"],
        }
    if kind == "signed_off":
        return _("A coach signs the milestone off")
    return kind


def missing(details: dict, competency_names: dict[int, str]) -> list[str]:
    """What is still missing, one sentence per unmet condition of the top level."""
    if not details or details.get("met"):
        return []
    if details.get("match") == "any":
        return [describe(details, competency_names)]
    return [
        describe(child, competency_names)
        for child in details.get("conditions", [])
        if not child.get("met")
    ]
