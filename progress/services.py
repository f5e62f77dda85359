"""Writes for progress. ``record_statement`` is the one door other apps use.

Everything else here is called by progress's own API (assessments, sign-offs,
notes) or by other apps for the few things progress cannot learn from statements
(``competency_target_set``, ``onboarding_due_set``).
"""

import logging
import uuid
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from . import credentials, lrs, objects, rollups, rules, tasks, verbs
from .models import (
    Assessment,
    CoachingNote,
    Competency,
    CompetencyTarget,
    LrsOutboxEntry,
    Milestone,
    MilestoneAward,
    MilestoneState,
    MilestoneStatus,
    OnboardingDue,
    RaterRole,
    SignOff,
    Statement,
)

logger = logging.getLogger(__name__)

RESULT_FIELDS = (
    "score_raw",
    "score_min",
    "score_max",
    "score_scaled",
    "success",
    "completion",
    "response",
)


def record_statement(
    *,
    actor,
    verb: str,
    object_type: str,
    object_id: str | int,
    object_name: str = "",
    result: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
    competency: Competency | int | None = None,
    timestamp: datetime | None = None,
    statement_id: uuid.UUID | str | None = None,
) -> Statement:
    """Record that ``actor`` did ``verb`` to an object, with an optional result.

    ``result`` takes the xAPI result parts: ``score_raw``, ``score_min``,
    ``score_max``, ``score_scaled``, ``success``, ``completion``, ``response``.
    ``context`` is stored as given (rater role, session, team, ...).
    Passing the same ``statement_id`` again returns the stored statement unchanged.
    """
    result = result or {}
    unknown = set(result) - set(RESULT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown result fields: {', '.join(sorted(unknown))}")
    statement_id = uuid.UUID(str(statement_id)) if statement_id else uuid.uuid4()

    existing = Statement.objects.filter(pk=statement_id).first()
    if existing is not None:
        return existing

    if isinstance(competency, Competency):
        competency = competency.canonical
    statement = Statement(
        id=statement_id,
        actor=actor,
        verb=verb,
        object_type=object_type,
        object_id=str(object_id),
        object_name=object_name[:255],
        competency_id=competency.pk if isinstance(competency, Competency) else competency,
        context=context or {},
        timestamp=timestamp or timezone.now(),
        **result,
    )
    try:
        with transaction.atomic():
            statement.save(force_insert=True)
            rollups.statement_recorded(statement)
            if verb == verbs.VOIDED and object_type == objects.STATEMENT:
                _void(statement.object_id)
            if settings.LRS_ENDPOINT:
                # Frozen now: the actor's name or a competency's may change before it is
                # sent, and every resend must be the statement first sent.
                LrsOutboxEntry.objects.create(statement=statement, payload=lrs.frozen(statement))
    except IntegrityError:
        # Another caller stored the same statement id first.
        return Statement.objects.get(pk=statement_id)
    transaction.on_commit(partial(statement_committed, statement_id=statement.pk), robust=True)
    return statement


def _void(statement_id: str) -> None:
    # xAPI: a voiding statement cannot itself be voided.
    target = Statement.objects.filter(pk=statement_id, voided=False).exclude(verb=verbs.VOIDED)
    found = target.only("actor_id", "timestamp").first()
    if found is not None and target.update(voided=True):
        rollups.statement_voided(found)


def statement_id_for(kind: str, key: Any) -> uuid.UUID:
    """The deterministic statement id of an event that may be reported twice."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/{kind}/{key}")


def statement_committed(*, statement_id: uuid.UUID) -> None:
    """After a statement commits: re-evaluate what it can change, forward it to the LRS.

    A voiding statement re-evaluates what the statement it voids had affected, for
    that statement's learner.
    """
    statement = Statement.objects.filter(pk=statement_id).first()
    if statement is None:
        return
    target = statement
    if statement.verb == verbs.VOIDED and statement.object_type == objects.STATEMENT:
        target = Statement.objects.filter(pk=statement.object_id).first()
    if target is not None:
        keys = rules.statement_keys(target)
        if keys:
            milestones = Milestone.objects.filter(triggers__key__in=keys).distinct()
            for milestone in milestones:
                milestone_evaluate(learner=target.actor_id, milestone=milestone)
        if target.verb == verbs.COMPLETED and target.object_type == objects.COURSE:
            _onboarding_refresh(learner_id=target.actor_id, course_key=target.object_id)
    if settings.LRS_ENDPOINT:
        # Never here: this runs on request and room threads, and an LRS can hang.
        tasks.lrs_forward.enqueue()


def statement_void(*, statement_id: uuid.UUID | str, actor=None, reason: str = "") -> Statement:
    """Retract a statement (xAPI voiding): milestones it proved are re-evaluated."""
    target = Statement.objects.get(pk=statement_id)
    return record_statement(
        actor=actor or target.actor,
        verb=verbs.VOIDED,
        object_type=objects.STATEMENT,
        object_id=str(target.pk),
        context={"reason": reason} if reason else None,
        statement_id=statement_id_for("void", target.pk),
    )


def milestone_evaluate(*, learner, milestone: Milestone) -> MilestoneState:
    """Bring one learner's state for one milestone up to date with the statements.

    Achieved stays achieved until evidence of the award is voided (a retracted
    statement, a withdrawn sign-off); then the state is "needs revision" until the
    rule is met again, which makes a new award. Idempotent: evaluating again without
    new statements changes nothing. Safe when
    two statements for one learner commit at once: the state row is locked, and the
    evaluation reads after the lock, so the later one sees both statements.
    """
    learner_id = getattr(learner, "pk", learner)
    with transaction.atomic():
        state, _created = MilestoneState.objects.get_or_create(
            learner_id=learner_id, milestone=milestone
        )
        state = MilestoneState.objects.select_for_update().get(pk=state.pk)
        outcome = rules.evaluate(milestone.rules, learner_id=learner_id, milestone_id=milestone.pk)
        now = timezone.now()
        awards = MilestoneAward.objects.filter(learner_id=learner_id, milestone=milestone)
        active = awards.filter(revoked_at__isnull=True).first()
        if outcome.met:
            if active is None:
                active = MilestoneAward.objects.create(
                    learner_id=learner_id, milestone=milestone, awarded_at=now
                )
            if set(active.evidence.values_list("id", flat=True)) != outcome.evidence:
                active.evidence.set(outcome.evidence)
            new_state = MilestoneStatus.ACHIEVED
        elif active is not None and not active.evidence.filter(voided=True).exists():
            # An award stands until its evidence is retracted: a later, lower score
            # does not take back what was shown.
            new_state = MilestoneStatus.ACHIEVED
        else:
            if active is not None:
                active.revoked_at = now
                active.save(update_fields=["revoked_at"])
            if active is not None or awards.exists():
                new_state = MilestoneStatus.NEEDS_REVISION
            elif outcome.started:
                new_state = MilestoneStatus.IN_PROGRESS
            else:
                new_state = MilestoneStatus.NOT_STARTED
        if new_state != state.state:
            state.changed_at = now
        state.state = new_state
        state.details = outcome.details
        state.save()
        credentials.credentials_refresh(learner_id=learner_id, milestone=milestone)
    return state


def milestone_reevaluate(*, milestone: Milestone, learners=None) -> int:
    """Evaluate one milestone for many learners (after its criteria changed).

    Without ``learners``: everyone who is a learner in some team. Returns the count.
    """
    from people.models import Membership, Role

    if learners is None:
        learners = (
            Membership.objects.filter(role=Role.LEARNER)
            .values_list("user_id", flat=True)
            .distinct()
        )
    count = 0
    for learner in learners:
        milestone_evaluate(learner=learner, milestone=milestone)
        count += 1
    return count


def assessment_create(
    *,
    learner,
    competency: Competency,
    rater,
    rater_role: str,
    level: int,
    note: str = "",
    assessed_at: datetime | None = None,
) -> Assessment:
    """Store an assessment and record it as an ``ASSESSED`` statement."""
    if not 1 <= int(level) <= 5:
        raise DomainError.invalid({"level": [_("A level is between 1 and 5.")]})
    if rater_role not in RaterRole.values:
        raise DomainError.invalid({"rater_role": [_("Not a rater role.")]})
    competency = competency.canonical
    with transaction.atomic():
        assessment = Assessment.objects.create(
            learner=learner,
            competency=competency,
            rater=rater,
            rater_role=rater_role,
            level=level,
            note=note,
            assessed_at=assessed_at or timezone.now(),
        )
        rollups.assessment_recorded(assessment)
        record_statement(
            actor=learner,
            verb=verbs.ASSESSED,
            object_type=objects.COMPETENCY,
            object_id=competency.slug,
            object_name=competency.name,
            result={
                "score_raw": level,
                "score_min": 1,
                "score_max": 5,
                "score_scaled": level / 5,
            },
            competency=competency,
            context={
                "rater_role": rater_role,
                "rater": rater.pk if rater else None,
                "assessment": assessment.pk,
            },
            timestamp=assessment.assessed_at,
            statement_id=statement_id_for("assessment", assessment.pk),
        )
    return assessment


def signoff_create(*, learner, milestone: Milestone, coach, note: str = "") -> tuple[SignOff, bool]:
    """Sign a milestone off for a learner; returns the active sign-off and if it is new."""
    milestone = milestone.canonical
    with transaction.atomic():
        existing = SignOff.objects.filter(
            learner=learner, milestone=milestone, withdrawn_at__isnull=True
        ).first()
        if existing is not None:
            return existing, False
        signoff = SignOff.objects.create(
            learner=learner, milestone=milestone, coach=coach, note=note, signed_at=timezone.now()
        )
        statement = record_statement(
            actor=learner,
            verb=verbs.SIGNED_OFF,
            object_type=objects.MILESTONE,
            object_id=milestone.pk,
            object_name=milestone.name,
            result={"success": True},
            competency=milestone.competency_id,
            context={"rater": coach.pk, "signoff": signoff.pk},
            timestamp=signoff.signed_at,
            statement_id=statement_id_for("signoff", signoff.pk),
        )
        signoff.statement_id = statement.pk
        signoff.save(update_fields=["statement_id"])
    return signoff, True


def signoff_withdraw(*, signoff: SignOff, by, reason: str = "") -> SignOff:
    """Withdraw a sign-off: its statement is voided, so the milestone needs revision."""
    with transaction.atomic():
        signoff = SignOff.objects.select_for_update().get(pk=signoff.pk)
        if signoff.withdrawn_at is not None:
            return signoff
        signoff.withdrawn_at = timezone.now()
        signoff.save(update_fields=["withdrawn_at"])
        if signoff.statement_id:
            statement_void(statement_id=signoff.statement_id, actor=by, reason=reason)
        # The credential attests the sign-off: it goes with it, whatever else the
        # milestone's rule still finds.
        credentials.credentials_refresh(learner_id=signoff.learner_id, milestone=signoff.milestone)
    return signoff


def coaching_note_create(
    *,
    learner,
    author,
    body: str,
    shared_with_learner: bool = False,
    competency: Competency | None = None,
) -> CoachingNote:
    return CoachingNote.objects.create(
        learner=learner,
        author=author,
        body=body,
        shared_with_learner=shared_with_learner,
        competency=competency.canonical if competency else None,
    )


def onboarding_due_set(
    *,
    learner,
    due_date: date,
    team=None,
    course_key: str = "",
    course_name: str = "",
) -> OnboardingDue:
    """Say by when ``learner`` should complete onboarding (one course, or any course).

    Courses call this when enrolling someone; calling it again moves the date.
    Progress marks it completed when a ``COMPLETED`` statement for that course (or
    for any course, with ``course_key`` empty) is recorded, even one recorded earlier.
    """
    due, _created = OnboardingDue.objects.update_or_create(
        learner=learner,
        course_key=str(course_key or ""),
        defaults={"due_date": due_date, "team": team, "course_name": course_name[:255]},
    )
    _onboarding_refresh(learner_id=learner.pk, course_key=due.course_key)
    due.refresh_from_db()
    return due


def _onboarding_refresh(*, learner_id: int, course_key: str) -> None:
    completions = Statement.objects.filter(
        actor_id=learner_id, verb=verbs.COMPLETED, object_type=objects.COURSE, voided=False
    ).exclude(completion=False)
    dues = OnboardingDue.objects.filter(learner_id=learner_id).filter(
        Q(course_key=course_key) | Q(course_key="")
    )
    for due in dues:
        matching = (
            completions if not due.course_key else completions.filter(object_id=due.course_key)
        )
        first = matching.order_by("timestamp").values_list("timestamp", flat=True).first()
        if first != due.completed_at:
            due.completed_at = first
            due.save(update_fields=["completed_at"])


def competency_target_set(*, competency: Competency, level: int, team=None) -> CompetencyTarget:
    """Set the organisation's target level (``team=None``) or one team's override."""
    if not 1 <= level <= 5:
        raise DomainError.invalid({"level": [_("A target level is between 1 and 5.")]})
    target, _created = CompetencyTarget.objects.update_or_create(
        competency=competency.canonical, team=team, defaults={"level": level}
    )
    return target
