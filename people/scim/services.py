"""Writes the directory asks for over SCIM: tokens, people, teams and who is in them.

Joiners and leavers go through the people services, so that a person removed here
leaves every screen and socket exactly as a leaver removed anywhere else.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from people import services
from people.models import ClaimMapping, Membership, Role, ScimToken, Team, User


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def scim_token_create(*, name: str) -> tuple[ScimToken, str]:
    """A new token for a directory client; the raw token is returned once, never stored."""
    raw = "scim_" + secrets.token_urlsafe(32)
    token = ScimToken.objects.create(name=name, digest=token_digest(raw))
    return token, raw


def scim_token_revoke(*, name: str) -> ScimToken:
    token = ScimToken.objects.get(name=name)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def scim_token_check(*, raw: str) -> ScimToken | None:
    """The live token with this value, or None; marks when it was last used."""
    token = ScimToken.objects.filter(digest=token_digest(raw), revoked_at__isnull=True).first()
    if token is not None:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


class Conflict(Exception):
    """The directory asked for a value another person or team already has."""


def _language(value: str | None) -> str | None:
    from django.conf import settings

    code = (value or "").replace("_", "-").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else None


@transaction.atomic
def scim_user_write(*, user: User | None, data: dict) -> User:
    """Create (``user`` None) or replace a person from a SCIM User's attributes.

    ``data`` holds userName, externalId, givenName, familyName, email, active and,
    when the directory sent one, preferredLanguage.
    """
    username = data["user_name"]
    others = User.objects.exclude(pk=user.pk) if user else User.objects.all()
    if others.filter(username__iexact=username).exists():
        raise Conflict(f"userName {username} is already taken.")
    external_id = data.get("external_id") or None
    if external_id and others.filter(external_id=external_id).exists():
        raise Conflict(f"externalId {external_id} is already taken.")
    language = _language(data.get("preferred_language"))
    if user is None:
        user = services.user_create(
            username=username,
            first_name=data.get("given_name") or "",
            last_name=data.get("family_name") or "",
            email=data.get("email") or "",
            language=language or "fi",
        )
        user.external_id = external_id
        user.save(update_fields=["external_id"])
    else:
        user.username = username
        user.external_id = external_id
        user.first_name = data.get("given_name") or ""
        user.last_name = data.get("family_name") or ""
        user.email = data.get("email") or ""
        if language:
            user.language = language
        user.full_clean(exclude=["password"], validate_unique=False)
        user.save()
    active = data.get("active")
    if active is False and user.is_active:
        services.user_deactivate(user=user)
    elif active in (True, None) and not user.is_active:
        services.user_reactivate(user=user)
    return user


def scim_user_delete(*, user: User) -> None:
    """The directory deleted the person: access ends, the records stay until erasure."""
    services.user_deactivate(user=user, deprovision=True)


def member_role(*, team: Team) -> str:
    """The role SCIM members get in ``team``: learner, unless a ``groups`` mapping says more.

    A claim mapping on the ``groups`` claim whose value is the group's displayName or
    externalId and whose team is this one gives its role to the group's members.
    """
    values = [team.name] + ([team.external_id] if team.external_id else [])
    rule = (
        ClaimMapping.objects.filter(claim="groups", team=team, value__in=values)
        .order_by("role")
        .first()
    )
    return rule.role if rule else Role.LEARNER


@transaction.atomic
def scim_group_write(*, team: Team | None, name: str, external_id, member_ids: list[int]) -> Team:
    """Create or replace a team and its member list from a SCIM Group.

    Members that are new join with the group's role; members left out of the list
    leave at once, as leavers do.
    """
    others = Team.objects.exclude(pk=team.pk) if team else Team.objects.all()
    if others.filter(name__iexact=name).exists():
        raise Conflict(f"displayName {name} is already taken.")
    if external_id and others.filter(external_id=external_id).exists():
        raise Conflict(f"externalId {external_id} is already taken.")
    if team is None:
        team = services.team_create(name=name)
    team.name = name
    team.external_id = external_id or None
    team.save()
    scim_group_members_set(team=team, member_ids=member_ids)
    team.refresh_from_db()
    return team


def scim_group_members_set(*, team: Team, member_ids: list[int]) -> None:
    wanted = set(member_ids)
    current = {m.user_id: m for m in Membership.objects.filter(team=team)}
    for user_id, membership in current.items():
        if user_id not in wanted:
            services.membership_end(membership=membership)
    role = member_role(team=team)
    for user in User.objects.filter(pk__in=wanted - set(current), is_active=True):
        services.membership_set(user=user, team=team, role=role)
    Team.objects.filter(pk=team.pk).update(updated_at=timezone.now())


@transaction.atomic
def scim_group_delete(*, team: Team) -> None:
    """The directory deleted the group: its members leave; the team's records stay."""
    for membership in list(Membership.objects.filter(team=team)):
        services.membership_end(membership=membership)
    team.external_id = None
    team.deprovisioned_at = timezone.now()
    team.save(update_fields=["external_id", "deprovisioned_at", "updated_at"])
