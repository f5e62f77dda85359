"""Questions every app asks about a person and a team.

Each function takes a user and a team (or team id) and answers with one indexed
query; the ``*_team_ids`` helpers give the ids for filtering querysets, so that an
object of another team is never even fetched.
"""

from collections.abc import Iterable

from .models import Membership, Role, Team


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
    return role_in(user, team) in (Role.COACH, Role.MANAGER)


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


def leads_learner(user, learner) -> bool:
    """True when ``user`` coaches or manages a team in which ``learner`` is a learner."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user_id=learner.pk,
        role=Role.LEARNER,
        team__memberships__user_id=user.pk,
        team__memberships__role__in=[Role.COACH, Role.MANAGER],
    ).exists()
