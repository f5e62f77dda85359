"""Writes for lti: accept a verified launch, queue scores, sync a roster.

The launch has been verified by pylti1p3 (signature against the platform's JWKS,
state, nonce, registration, deployment, message claims) before anything here runs.
"""

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector

from courses import services as course_services
from courses.models import CoursePage, Enrollment
from people.models import Role, Team, User
from people.services import membership_set, user_create

from . import claims
from .models import (
    ContextTeam,
    GradeLink,
    LtiAccount,
    Platform,
    ScoreOutbox,
    TargetKind,
    UsedNonce,
)
from .selectors import Target, target_page, target_parse
from .tool_config import registration_for

logger = logging.getLogger(__name__)


class LaunchError(Exception):
    """A launch Kohtaamo refuses; ``code`` goes to the log, ``message`` to the person."""

    MESSAGES = {
        "state": _("The sign-in from your learning platform could not be matched to this browser."),
        "format": _("The launch message from your learning platform is not a valid token."),
        "nonce": _("This launch has already been used. Open the activity again from your course."),
        "issuer": _("Your learning platform is not registered in Kohtaamo."),
        "signature": _("The launch message could not be verified against your platform's keys."),
        "expired": _("The launch message has expired. Open the activity again from your course."),
        "deployment": _(
            "This deployment of Kohtaamo is not registered for your learning platform."
        ),
        "claims": _("The launch message is missing information Kohtaamo needs."),
        "login": _("The sign-in request from your learning platform is incomplete."),
        "session": _("Your launch could not be found any more. Open the activity again."),
        "target": _("The linked content no longer exists in Kohtaamo."),
    }

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail

    @property
    def message(self) -> str:
        return str(self.MESSAGES.get(self.code, self.MESSAGES["claims"]))


@dataclass
class Launched:
    user: User
    team: Team | None
    role: str
    target: Target | None


NONCE_KEPT_FOR = timedelta(days=1)


def nonce_use(*, issuer: str, nonce: str) -> None:
    """Accept each nonce once: a replayed id token fails here."""
    try:
        with transaction.atomic():
            UsedNonce.objects.create(issuer=issuer, nonce=nonce)
    except IntegrityError:
        raise LaunchError("nonce", "replayed nonce") from None
    # An id token older than this has long expired (platforms give minutes), so its
    # nonce need not be remembered.
    UsedNonce.objects.filter(used_at__lt=timezone.now() - NONCE_KEPT_FOR).delete()


def _username(platform: Platform, sub: str) -> str:
    digest = hashlib.sha256(f"{platform.pk}:{sub}".encode()).hexdigest()[:24]
    return f"lti-{platform.pk}-{digest}"


def lti_user_get_or_create(*, platform: Platform, sub: str, claims_of: dict) -> User:
    """The Kohtaamo user of ``platform`` + ``sub``; names are refreshed from the claims."""
    account = LtiAccount.objects.select_related("user").filter(platform=platform, sub=sub).first()
    first = (claims_of.get("given_name") or "")[:150]
    last = (claims_of.get("family_name") or "")[:150]
    email = claims_of.get("email") or ""
    if account is not None:
        user = account.user
        changed = {
            field: value
            for field, value in {"first_name": first, "last_name": last, "email": email}.items()
            if value and getattr(user, field) != value
        }
        if changed:
            User.objects.filter(pk=user.pk).update(**changed)
            for field, value in changed.items():
                setattr(user, field, value)
        return user
    with transaction.atomic():
        user = user_create(
            username=_username(platform, sub), first_name=first, last_name=last, email=email
        )
        LtiAccount.objects.create(platform=platform, sub=sub, user=user)
    return user


def _membership_ensure(*, user: User, team: Team, role: str) -> None:
    """Join the team, or become its coach; the LMS never demotes a coach or a manager."""
    existing = team.memberships.filter(user=user).values_list("role", flat=True).first()
    if existing is None or (existing == Role.LEARNER and role == Role.COACH):
        membership_set(user=user, team=team, role=role)


def _role_of(launch_claims: dict) -> str:
    return Role.COACH if claims.is_instructor(launch_claims.get(claims.ROLES)) else Role.LEARNER


@transaction.atomic
def launch_accept(*, platform: Platform, launch_claims: dict) -> Launched:
    """Sign the LMS user in as their Kohtaamo user, in the team their course maps to,
    and remember the gradebook line item the link carries."""
    sub = launch_claims.get("sub")
    if not sub:
        raise LaunchError("claims", "no sub (anonymous launch)")
    nonce_use(issuer=platform.issuer, nonce=launch_claims.get("nonce") or "")
    user = lti_user_get_or_create(platform=platform, sub=sub, claims_of=launch_claims)
    role = _role_of(launch_claims)
    context = launch_claims.get(claims.CONTEXT) or {}
    team = None
    mapping = None
    if context.get("id"):
        mapping = ContextTeam.objects.filter(platform=platform, context_id=context["id"]).first()
    if mapping is not None:
        team = mapping.team
        nrps = launch_claims.get(claims.NRPS) or {}
        url = nrps.get("context_memberships_url")
        if url and url != mapping.memberships_url:
            ContextTeam.objects.filter(pk=mapping.pk).update(memberships_url=url)
        _membership_ensure(user=user, team=team, role=role)
    else:
        logger.warning(
            "lti launch: platform %s context %r maps to no team", platform.pk, context.get("id")
        )
    custom = launch_claims.get(claims.CUSTOM) or {}
    target = target_parse(custom.get(claims.TARGET_PARAM, "")) if custom else None
    if target is not None and role == Role.LEARNER:
        _enrol(user=user, team=team, target=target)
        ags = launch_claims.get(claims.AGS_ENDPOINT) or {}
        if ags.get("lineitem") and claims.AGS_SCORE in (ags.get("scope") or []):
            GradeLink.objects.update_or_create(
                platform=platform,
                user=user,
                lineitem_url=ags["lineitem"],
                defaults={"sub": sub, "target_kind": target.kind, "target_key": target.key},
            )
    return Launched(user=user, team=team, role=role, target=target)


def _enrol(*, user: User, team: Team | None, target: Target) -> None:
    """A learner launched on course content is enrolled on its course."""
    if target.kind == TargetKind.SCENARIO:
        return
    page = target_page(target=target)
    if page is None:
        return
    course = page if isinstance(page, CoursePage) else page.get_ancestors().type(CoursePage).first()
    if course is None:
        return
    course = course.specific
    if Enrollment.objects.filter(learner=user, course=course).exists():
        return
    course_services.enrollment_create(
        learner=user, course=course, cohort_start=timezone.localdate(), team=team
    )


# Grade passback -------------------------------------------------------------------

RETRY_DELAYS = [timedelta(seconds=s) for s in (10, 60, 300, 1800, 3600 * 3, 3600 * 12)]


def scores_queue(
    *,
    user_id: int,
    kind: str,
    key: str,
    statement_id: uuid.UUID,
    score: float,
    maximum: float,
    timestamp,
) -> list[int]:
    """Store a score for every line item that follows this content for this learner."""
    ids = []
    for link in GradeLink.objects.filter(user_id=user_id, target_kind=kind, target_key=key):
        entry, _created = ScoreOutbox.objects.get_or_create(
            link=link,
            statement_id=statement_id,
            defaults={"score_given": score, "score_maximum": maximum, "timestamp": timestamp},
        )
        if entry.delivered_at is None:
            ids.append(entry.pk)
    return ids


class _TimedSession(requests.Session):
    """requests has no session-wide timeout; an LMS that hangs must not hold a worker."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", SERVICE_TIMEOUT)
        return super().request(*args, **kwargs)


SERVICE_TIMEOUT = 10.0


def service_connector(platform: Platform) -> ServiceConnector:
    return ServiceConnector(registration_for(platform), requests_session=_TimedSession())


def score_deliver(*, entry_id: int) -> bool:
    """Post one stored score to its line item; on failure note when to try again.

    Returns True when the platform took it (or it had already been delivered). No
    lock is held during the HTTP call: a score posted twice is harmless (the LMS keeps
    the latest for the user), a database locked while an LMS hangs is not.
    """
    entry = (
        ScoreOutbox.objects.select_related("link__platform")
        .filter(pk=entry_id, delivered_at__isnull=True)
        .first()
    )
    if entry is None:
        return True
    link = entry.link
    grade = (
        Grade()
        .set_score_given(entry.score_given)
        .set_score_maximum(entry.score_maximum)
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_timestamp(entry.timestamp.isoformat())
        .set_user_id(link.sub)
    )
    service = AssignmentsGradesService(
        service_connector(link.platform),
        {"lineitem": link.lineitem_url, "scope": [claims.AGS_SCORE]},
    )
    attempts = entry.attempts + 1
    try:
        service.put_grade(grade)
    except Exception as error:  # the platform is down, refused or answered nonsense
        delay = RETRY_DELAYS[min(attempts - 1, len(RETRY_DELAYS) - 1)]
        ScoreOutbox.objects.filter(pk=entry.pk).update(
            attempts=attempts,
            next_attempt_at=timezone.now() + delay,
            last_error=str(error)[:2000],
        )
        logger.warning(
            "lti score %s to %s failed (attempt %s): %s",
            entry.pk,
            link.lineitem_url,
            attempts,
            error,
        )
        return False
    ScoreOutbox.objects.filter(pk=entry.pk).update(
        attempts=attempts, delivered_at=timezone.now(), last_error=""
    )
    return True


def scores_due() -> list[int]:
    """Scores not yet delivered whose next try is due (for the sweep)."""
    now = timezone.now()
    return list(
        ScoreOutbox.objects.filter(delivered_at__isnull=True)
        .exclude(next_attempt_at__gt=now)
        .values_list("pk", flat=True)
    )


# Rosters ---------------------------------------------------------------------------


def roster_sync(*, mapping: ContextTeam) -> int:
    """Bring the team in step with the LMS course roster (NRPS); returns members seen.

    Members are added or get their role from the roster; nobody is removed, because a
    person may belong to the team for reasons the LMS does not know.
    """
    if not mapping.memberships_url:
        raise LaunchError("claims", "no roster service seen for this course yet")
    service = NamesRolesProvisioningService(
        service_connector(mapping.platform),
        {"context_memberships_url": mapping.memberships_url},
    )
    members = service.get_members()
    count = 0
    for member in members:
        if member.get("status", "Active") != "Active" or not member.get("user_id"):
            continue
        user = lti_user_get_or_create(
            platform=mapping.platform, sub=member["user_id"], claims_of=member
        )
        role = Role.COACH if claims.is_instructor(member.get("roles")) else Role.LEARNER
        _membership_ensure(user=user, team=mapping.team, role=role)
        count += 1
    return count
