"""Reads for people and teams."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import AccessToken, Membership, Team


def memberships_of(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("team").order_by("team__name")


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
