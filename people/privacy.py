"""A person's own data in ``people``: the profile and team memberships.

``erase`` runs last (cms.privacy): it removes the memberships, so the person leaves
every team's counts, and anonymises the account, which stays as an inactive shell so
that rows others own (sessions they coached, notes they wrote) keep a valid author.
See docs/decisions/0004-personal-data.md.
"""

from django.contrib.auth import get_user_model

from .models import AccessToken, Membership


def export(user) -> dict:
    return {
        "profile": {
            "id": user.pk,
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "language": user.language,
            "email_reminders": user.email_reminders,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "memberships": [
            {"team": m.team.name, "role": m.role, "joined_at": m.joined_at.isoformat()}
            for m in Membership.objects.filter(user=user).select_related("team")
        ],
        # What is known of each API token; the keys themselves are never stored.
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": t.created_at.isoformat(),
                "expires_at": t.expires_at.isoformat(),
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            }
            for t in AccessToken.objects.filter(user=user)
        ],
    }


def erased_username(user) -> str:
    return f"erased-{user.pk}"


def erase(user) -> None:
    Membership.objects.filter(user=user).delete()
    user.username = erased_username(user)
    user.first_name = user.last_name = user.email = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.email_reminders = False
    user.last_login = None
    user.set_unusable_password()
    user.save()  # a new (unusable) password: the API tokens go too
    AccessToken.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()


def is_erased(user) -> bool:
    return not user.is_active and user.username == erased_username(user)


def find(username: str):
    return get_user_model().objects.get(username=username)
