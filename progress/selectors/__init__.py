"""Reads for progress: a learner's levels and milestones, team dashboards, exports.

A package split by sub-domain; callers import from ``progress.selectors`` as before.
"""

# Moved to core; re-exported while other branches' code may still import it from here.
from core.translation import in_active_language

from .framework import (
    assessed_levels,
    competencies,
    learners_of,
    milestones,
    targets,
    verb_display,
)
from .learners import (
    coaches_learner,
    learner_levels,
    learner_milestones,
    learner_overview,
    rater_roles_for,
    recent_evidence,
    statements_for,
)
from .overview import organisation_overview
from .teams import (
    STATES,
    TREND_WEEKS,
    overdue_by_learner,
    team_dashboard,
    team_export_rows,
    team_levels,
    team_overdue,
    team_trend,
    team_week_summary,
    trends,
)

__all__ = [
    "STATES",
    "TREND_WEEKS",
    "assessed_levels",
    "coaches_learner",
    "competencies",
    "in_active_language",
    "learner_levels",
    "learner_milestones",
    "learner_overview",
    "learners_of",
    "milestones",
    "organisation_overview",
    "overdue_by_learner",
    "rater_roles_for",
    "recent_evidence",
    "statements_for",
    "targets",
    "team_dashboard",
    "team_export_rows",
    "team_levels",
    "team_overdue",
    "team_trend",
    "team_week_summary",
    "trends",
    "verb_display",
]
