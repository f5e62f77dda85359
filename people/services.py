"""Writes for people and teams."""

from django.db import transaction

from .models import Membership, Role, Team, User


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
        raise ValueError(f"Unknown role {role!r}")
    membership, _ = Membership.objects.update_or_create(
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
