"""A learner's own data in ``progress``: statements, assessments, sign-offs, milestone
states and awards, coaching notes about them, onboarding due dates.

Erasure deletes everything *about* the person (their LRS outbox entries go with their
statements). What they gave others stays with those others: an assessment they made of
a colleague, a note they wrote, a sign-off they granted keep their values, their author
being the anonymised account.
"""

from .credentials import credentials_erase
from .models import (
    ActivityWeek,
    Assessment,
    CoachingNote,
    LevelRollup,
    MilestoneAward,
    MilestoneState,
    OnboardingDue,
    ReminderSent,
    SignOff,
    Statement,
)


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    return {
        "statements": [
            {
                "id": str(s.id),
                "verb": s.verb,
                "object_type": s.object_type,
                "object_id": s.object_id,
                "object_name": s.object_name,
                "score_raw": s.score_raw,
                "success": s.success,
                "completion": s.completion,
                "response": s.response,
                "context": s.context,
                "voided": s.voided,
                "timestamp": _when(s.timestamp),
            }
            for s in Statement.objects.filter(actor=user).order_by("timestamp")
        ],
        "assessments": [
            {
                "competency": a.competency.slug,
                "rater_role": a.rater_role,
                "level": a.level,
                "note": a.note,
                "assessed_at": _when(a.assessed_at),
            }
            for a in Assessment.objects.filter(learner=user).select_related("competency")
        ],
        "signoffs": [
            {
                "milestone": s.milestone.name,
                "note": s.note,
                "signed_at": _when(s.signed_at),
                "withdrawn_at": _when(s.withdrawn_at),
            }
            for s in SignOff.objects.filter(learner=user).select_related("milestone")
        ],
        "milestone_awards": [
            {
                "milestone": a.milestone.name,
                "awarded_at": _when(a.awarded_at),
                "revoked_at": _when(a.revoked_at),
            }
            for a in MilestoneAward.objects.filter(learner=user).select_related("milestone")
        ],
        "coaching_notes": [
            {
                "body": n.body,
                "shared_with_learner": n.shared_with_learner,
                "written_at": _when(n.created_at),
            }
            for n in CoachingNote.objects.filter(learner=user)
        ],
    }


def erase(user) -> None:
    # First, while the awards still exist: the credentials are revoked through the
    # status list and keep no trace of the person (docs/decisions/0004).
    credentials_erase(learner=user)
    for model in (
        MilestoneAward,
        MilestoneState,
        SignOff,
        CoachingNote,
        Assessment,
        OnboardingDue,
        LevelRollup,
        ActivityWeek,
    ):
        model.objects.filter(learner=user).delete()
    Statement.objects.filter(actor=user).delete()
    ReminderSent.objects.filter(recipient=user).delete()
