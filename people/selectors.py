"""Reads for people and teams."""

from django.db.models import QuerySet

from .models import Membership, Team


def memberships_of(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("team").order_by("team__name")


def team_members(*, team: Team) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(team=team)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "user__username")
    )
