"""Reads about one learner: levels, milestones, evidence, notes, who may rate them."""

from django.db.models import QuerySet

from people import permissions
from people.models import Membership, Role, Team

from .. import rules, verbs
from ..models import (
    Assessment,
    CoachingNote,
    MilestoneAward,
    MilestoneState,
    MilestoneStatus,
    RaterRole,
    SignOff,
    Statement,
)
from .framework import assessed_levels, competencies, learners_of, milestones, targets, verb_display


def _learner_team(user) -> int | None:
    return (
        Membership.objects.filter(user=user, role=Role.LEARNER)
        .order_by("team__name")
        .values_list("team_id", flat=True)
        .first()
    )


def learner_levels(*, learner, team_id: int | None) -> list[dict]:
    """Baseline, latest and target per competency for one learner."""
    framework = competencies()
    goal = targets(team=team_id)
    ids = [learner.pk]
    latest, first = assessed_levels(learners=ids)
    levels = []
    for item in framework:
        now = latest.get((learner.pk, item["id"]))
        levels.append(
            {
                "competency": item["slug"],
                "name": item["name"],
                "description": item["description"],
                "descriptors": item["descriptors"],
                "baseline": dict(
                    first.get((learner.pk, item["id"]), {"self": None, "coach": None})
                ),
                "latest": now["level"] if now else None,
                "latest_rater_role": now["rater_role"] if now else None,
                "latest_at": now["assessed_at"] if now else None,
                "target": goal.get(item["id"]),
            }
        )
    return levels


def learner_milestones(*, learner) -> list[dict]:
    """Every milestone with the learner's state in it and what is still missing."""
    items = milestones()
    states = {
        row.milestone_id: row
        for row in MilestoneState.objects.filter(
            learner=learner, milestone_id__in=[m["id"] for m in items]
        )
    }
    awards = dict(
        MilestoneAward.objects.filter(learner=learner, revoked_at__isnull=True).values_list(
            "milestone_id", "awarded_at"
        )
    )
    framework = competencies()
    names = {item["id"]: item["name"] for item in framework}
    slugs = {item["id"]: item["slug"] for item in framework}
    result = []
    for item in items:
        state = states.get(item["id"])
        details = state.details if state and state.details else rules.unevaluated(item["rules"])
        result.append(
            {
                "id": item["id"],
                "name": item["name"],
                "description": item["description"],
                "competency": slugs.get(item["competency_id"]),
                "state": state.state if state else MilestoneStatus.NOT_STARTED.value,
                "achieved_at": awards.get(item["id"]),
                "missing": rules.missing(details, names),
                "criteria": rules.describe(rules.unevaluated(item["rules"]), names),
            }
        )
    return result


def recent_evidence(*, learner, limit: int = 20) -> list[dict]:
    rows = (
        Statement.objects.filter(actor=learner, voided=False)
        .exclude(verb=verbs.VOIDED)
        .select_related("competency")
        .order_by("-timestamp")[:limit]
    )
    return [
        {
            "id": str(row.pk),
            "verb": row.verb,
            "verb_display": verb_display(row.verb),
            "object_type": row.object_type,
            "object_id": row.object_id,
            "object_name": row.object_name,
            "competency": row.competency.slug if row.competency else None,
            "score_raw": row.score_raw,
            "score_scaled": row.score_scaled,
            "success": row.success,
            "timestamp": row.timestamp,
        }
        for row in rows
    ]


def _note_json(note: CoachingNote) -> dict:
    return {
        "id": note.pk,
        "author": note.author.display_name if note.author else None,
        "competency": note.competency.slug if note.competency else None,
        "body": note.body,
        "shared_with_learner": note.shared_with_learner,
        "created_at": note.created_at,
    }


def learner_overview(*, learner, for_lead: bool) -> dict:
    """A learner's progress; ``for_lead`` adds what only coaches and managers see.

    The learner sees the notes shared with them; their coaches and managers see all
    notes, the assessments with their notes, and the sign-offs.
    """
    team_id = _learner_team(learner)
    notes = CoachingNote.objects.filter(learner=learner).select_related("author", "competency")
    if not for_lead:
        notes = notes.filter(shared_with_learner=True)
    overview = {
        "learner": {"id": learner.pk, "username": learner.username, "name": learner.display_name},
        "team": team_id,
        "competencies": learner_levels(learner=learner, team_id=team_id),
        "milestones": learner_milestones(learner=learner),
        "evidence": recent_evidence(learner=learner),
        "notes": [_note_json(note) for note in notes[:50]],
    }
    if for_lead:
        assessments = (
            Assessment.objects.filter(learner=learner)
            .select_related("competency", "rater")
            .order_by("-assessed_at")[:100]
        )
        overview["assessments"] = [
            {
                "id": row.pk,
                "competency": row.competency.slug,
                "rater": row.rater.display_name if row.rater else None,
                "rater_role": row.rater_role,
                "level": row.level,
                "note": row.note,
                "assessed_at": row.assessed_at,
            }
            for row in assessments
        ]
        overview["signoffs"] = [
            {
                "id": row.pk,
                "milestone": row.milestone_id,
                "coach": row.coach.display_name if row.coach else None,
                "note": row.note,
                "signed_at": row.signed_at,
                "withdrawn_at": row.withdrawn_at,
            }
            for row in SignOff.objects.filter(learner=learner).select_related("coach")
        ]
    return overview


def rater_roles_for(*, user, learner) -> set[str]:
    """The rater roles ``user`` may assess ``learner`` in (one query).

    Oneself: self. A coach or manager of a team where the learner is a learner: coach
    or manager. Anyone else in such a team: observer.
    """
    roles: set[str] = set()
    if user.pk == learner.pk:
        roles.add(RaterRole.SELF.value)
    for role in permissions.roles_over(user, learner):
        if role == Role.COACH:
            roles.update({RaterRole.COACH.value, RaterRole.OBSERVER.value})
        elif role == Role.MANAGER:
            roles.update({RaterRole.MANAGER.value, RaterRole.OBSERVER.value})
        elif user.pk != learner.pk:
            roles.add(RaterRole.OBSERVER.value)
    return roles


def coaches_learner(*, user, learner) -> bool:
    """Kept for progress's callers; the predicate itself is ``people.permissions``'s."""
    return permissions.coaches_learner(user, learner)


def statements_for(*, actor=None, team: Team | None = None) -> QuerySet:
    """Statements of one person, or of a team's learners; voided ones are left out."""
    rows = Statement.objects.filter(voided=False).select_related("actor", "competency")
    if team is not None:
        rows = rows.filter(actor_id__in=learners_of(team))
    else:
        rows = rows.filter(actor=actor)
    return rows.order_by("-stored", "-timestamp")
