"""Who may see or lead whom: the questions every app asks about a person and a team.

Every such predicate lives here, written once, so that "coach of this learner" means
the same in progress, courses, roleplay and the frontend. Each function answers with
one indexed query; the ``*_team_ids`` and ``learners_led_by`` helpers give subqueries
for filtering querysets, so that an object of another team is never even fetched.
"""

from collections.abc import Iterable

from .models import Membership, Role, Team

LEAD_ROLES = (Role.COACH, Role.MANAGER)
"""Coaches and managers lead a team: they may see its people's progress."""


def _team_id(team: Team | int) -> int:
    return team.pk if isinstance(team, Team) else int(team)


def role_in(user, team: Team | int) -> str | None:
    """The user's role in the team, or None when they are not a member."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.filter(user_id=user.pk, team_id=_team_id(team))
        .values_list("role", flat=True)
        .first()
    )


def is_member_of(user, team: Team | int) -> bool:
    return role_in(user, team) is not None


def is_coach_of(user, team: Team | int) -> bool:
    return role_in(user, team) == Role.COACH


def manages(user, team: Team | int) -> bool:
    return role_in(user, team) == Role.MANAGER


def leads(user, team: Team | int) -> bool:
    """Coaches and managers both lead a team: they may see its people's progress."""
    return role_in(user, team) in LEAD_ROLES


def is_learner_in(user, team: Team | int) -> bool:
    return role_in(user, team) == Role.LEARNER


def team_ids(user, roles: Iterable[str] | None = None) -> list[int]:
    """Ids of the teams where the user has one of ``roles`` (any role when None)."""
    if not getattr(user, "is_authenticated", False):
        return []
    memberships = Membership.objects.filter(user_id=user.pk)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return list(memberships.values_list("team_id", flat=True))


def coached_team_ids(user) -> list[int]:
    return team_ids(user, [Role.COACH])


def managed_team_ids(user) -> list[int]:
    return team_ids(user, [Role.MANAGER])


def _memberships_over(user, learner):
    """``user``'s memberships in the teams where ``learner`` is a learner.

    The one way "leads this learner" is written: a multi-valued filter in a single
    ``filter()`` call, so that both conditions hold for the same team.
    """
    return Membership.objects.filter(
        user_id=user.pk,
        team__memberships__user_id=learner.pk,
        team__memberships__role=Role.LEARNER,
    )


def roles_over(user, learner) -> set[str]:
    """The roles ``user`` has in the teams where ``learner`` is a learner (one query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(_memberships_over(user, learner).values_list("role", flat=True))


def leads_learner(user, learner, roles: Iterable[str] = LEAD_ROLES) -> bool:
    """True when ``user`` has one of ``roles`` (coach or manager unless told) in a team
    in which ``learner`` is a learner."""
    if not getattr(user, "is_authenticated", False):
        return False
    return _memberships_over(user, learner).filter(role__in=list(roles)).exists()


def coaches_learner(user, learner) -> bool:
    """True when ``user`` coaches a team in which ``learner`` is a learner."""
    return leads_learner(user, learner, roles=[Role.COACH])


def learners_led_by(user, roles: Iterable[str] = LEAD_ROLES):
    """A subquery of the user ids of learners in teams where ``user`` has one of
    ``roles``; filter with ``learner_id__in=``."""
    return Membership.objects.filter(
        role=Role.LEARNER,
        team__memberships__user_id=user.pk,
        team__memberships__role__in=list(roles),
    ).values("user_id")
