"""Writes for people and teams."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from .models import AccessToken, Membership, Role, Team, User


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
    membership, _created = Membership.objects.update_or_create(
        user=user, team=team, defaults={"role": role}
    )
    return membership


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
