"""Reads for people and teams."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from .models import AccessToken, Membership, Team


def memberships_of(*, user, roles: Iterable[str] | None = None) -> QuerySet[Membership]:
    """The user's memberships with their teams, in team-name order (only ``roles``' when
    given)."""
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return memberships.select_related("team").order_by("team__name")


def active_members_of(*, teams) -> QuerySet[Membership]:
    """The active people of ``teams`` with their users, in first-name order (one query)."""
    return (
        Membership.objects.filter(team__in=teams)
        .select_related("user")
        .filter(user__is_active=True)
        .order_by("user__first_name", "user__last_name", "user__username")
    )


def team_members(*, team: Team) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(team=team)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "user__username")
    )


def access_tokens_of(*, user) -> QuerySet[AccessToken]:
    """The person's tokens that still work, newest first."""
    return AccessToken.objects.filter(user=user, expires_at__gt=timezone.now())


def access_token_for_key(*, key: str) -> AccessToken | None:
    """The unexpired token with this key, with its user; None for any other key."""
    from .services import access_token_hash

    return (
        AccessToken.objects.filter(key_hash=access_token_hash(key), expires_at__gt=timezone.now())
        .select_related("user")
        .first()
    )
