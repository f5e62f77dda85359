"""Writes for people and teams."""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from .models import AccessToken, Membership, Role, Team, User

logger = logging.getLogger(__name__)

# Sent when someone joins a team (from the directory, the sign-in claims or an
# admin), with ``membership``, inside the same transaction: courses hands a joining
# learner the team's onboarding with the team's dates, or neither happens.
membership_started = Signal()


def user_create(
    *,
    username: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    language: str = "fi",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        language=language,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def team_create(*, name: str) -> Team:
    return Team.objects.create(name=name)


@transaction.atomic
def membership_set(*, user: User, team: Team, role: str) -> Membership:
    """Give ``user`` the ``role`` in ``team``, replacing any role they had there."""
    if role not in Role.values:
        raise DomainError.invalid({"role": [_("Not a role in a team.")]})
    membership, created = Membership.objects.update_or_create(
        user=user, team=team, defaults={"role": role}
    )
    if created:
        _announce_start(membership)
    return membership


def _announce_start(membership: Membership) -> None:
    membership_started.send(sender=Membership, membership=membership)


@transaction.atomic
def membership_remove(*, user: User, team: Team) -> bool:
    """Take ``user`` out of ``team``; whether they were in it.

    The deletion sends Django's ``post_delete`` for the membership: apps that give
    access by membership (role-play closes open rooms) listen to it.
    """
    deleted, _by_model = Membership.objects.filter(user=user, team=team).delete()
    return deleted > 0


def user_set_language(*, user: User, language: str) -> User:
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language"])
    return user


def user_set_email_reminders(*, user: User, enabled: bool) -> User:
    """Turn the person's e-mail (invitations, reminders, summaries) on or off."""
    user.email_reminders = enabled
    user.save(update_fields=["email_reminders"])
    return user


def membership_end(*, membership: Membership) -> None:
    """End one membership at once: the person stops counting in the team and its rooms.

    Everything that lists or authorises team members asks Membership, so removing the
    row is what takes them off dashboards; ``membership_remove`` announces it, and the
    role-play rooms close the person's open sockets in that team's sessions.
    """
    membership_remove(user=membership.user, team=membership.team)


def user_sessions_end(*, user: User) -> int:
    """Delete every Django session signed in as ``user``; returns how many there were.

    Sessions are stored by key, not by user, so the live ones are read and decoded.
    """
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def user_tokens_revoke(*, user: User) -> int:
    """Revoke every API token of the person; how many there were."""
    deleted, _by_model = AccessToken.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def user_deactivate(*, user: User, deprovision: bool = False) -> User:
    """End a leaver's access now: sign-in, sessions, API tokens and team memberships.

    The account and its records stay (a coach's debrief keeps its learner) until the
    person's data is erased; ``deprovision`` also hides the account from SCIM, as the
    directory asked to delete it.
    """
    user.is_active = False
    fields = ["is_active", "updated_at"]
    if deprovision and user.deprovisioned_at is None:
        user.deprovisioned_at = timezone.now()
        fields.append("deprovisioned_at")
    user.save(update_fields=fields)
    for membership in list(Membership.objects.filter(user=user)):
        membership_end(membership=membership)
    user_sessions_end(user=user)
    user_tokens_revoke(user=user)
    logger.info("Access ended for user %s", user.pk)
    return user


@transaction.atomic
def user_reactivate(*, user: User) -> User:
    """Let a returning person sign in again; their teams come back from the directory."""
    user.is_active = True
    user.save(update_fields=["is_active", "updated_at"])
    return user


@transaction.atomic
def memberships_apply_claims(*, user: User, claims: dict) -> list[Membership]:
    """Set the person's memberships from their sign-in claims and the claim mappings.

    Only teams that some mapping names are decided by claims; a membership in any
    other team (given by an admin or by SCIM) is left as it is. Where two rules give
    one team, the stronger role wins (manager over coach over learner).
    """
    from .models import ClaimMapping

    strength = {Role.LEARNER: 0, Role.COACH: 1, Role.MANAGER: 2}
    wanted: dict[int, str] = {}
    mapped_team_ids: set[int] = set()
    for rule in ClaimMapping.objects.all():
        mapped_team_ids.add(rule.team_id)
        values = claims.get(rule.claim)
        if isinstance(values, str | int):
            values = [values]
        if not isinstance(values, list) or rule.value not in [str(v) for v in values]:
            continue
        current = wanted.get(rule.team_id)
        if current is None or strength[rule.role] > strength[current]:
            wanted[rule.team_id] = rule.role
    for membership in list(
        Membership.objects.filter(user=user, team_id__in=mapped_team_ids).exclude(
            team_id__in=wanted
        )
    ):
        membership_end(membership=membership)
    result = []
    for team_id, role in wanted.items():
        membership, created = Membership.objects.get_or_create(
            user=user, team_id=team_id, defaults={"role": role}
        )
        if created:
            _announce_start(membership)
        elif membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
        result.append(membership)
    return result


def access_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def access_token_create(*, user: User, name: str = "") -> tuple[AccessToken, str]:
    """A new API token for ``user``, valid for ``API_TOKEN_TTL_DAYS``; returns it and its key.

    The key is returned only here (only its hash is stored), so the caller shows it
    once. The person's expired tokens are cleared on the way.
    """
    now = timezone.now()
    AccessToken.objects.filter(user=user, expires_at__lte=now).delete()
    key = secrets.token_hex(20)
    token = AccessToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=access_token_hash(key),
        prefix=key[:8],
        expires_at=now + timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    return token, key


def access_token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of the person's own tokens; False when they have no such token."""
    deleted, _ = AccessToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def access_token_mark_used(*, token: AccessToken) -> None:
    """Note when a token was last used, writing at most once a minute per token."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
