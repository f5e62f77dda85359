"""Shape selector results for display: words for states, steps of a level scale.

Shared by the learner's own progress page and a manager's view of one learner.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from progress.models import MilestoneStatus

LEVELS = range(1, 6)


def standing(latest: int | None, target: int | None) -> str:
    """Where a level stands against its target, in words (never by colour alone)."""
    if latest is None:
        return _("not assessed yet")
    if target is None:
        return _("no target set")
    if latest >= target:
        return _("at target") if latest == target else _("above target")
    gap = target - latest
    return ngettext("%(gap)d level below target", "%(gap)d levels below target", gap) % {"gap": gap}


def level_rows(levels: list[dict]) -> list[dict]:
    """One row per competency: baseline, latest, target, the gap in words and the scale."""
    rows = []
    for level in levels:
        latest, target = level["latest"], level["target"]
        rows.append(
            {
                "name": level["name"],
                "description": level.get("description", ""),
                "baseline_self": level["baseline"]["self"],
                "baseline_coach": level["baseline"]["coach"],
                "latest": latest,
                "target": target,
                "below_target": latest is not None and target is not None and latest < target,
                "standing": standing(latest, target),
                "steps": [
                    {
                        "x": (step - 1) * 20 + 2,
                        "reached": latest is not None and step <= latest,
                        "target": step == target,
                    }
                    for step in LEVELS
                ],
            }
        )
    return rows


def milestone_rows(milestones: list[dict]) -> list[dict]:
    labels = dict(MilestoneStatus.choices)
    return [
        {**item, "state_label": labels.get(item["state"], item["state"])} for item in milestones
    ]
