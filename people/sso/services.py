"""Turning a verified ID token into a Kohtaamo account, its details and its teams."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from people import services
from people.models import Membership, User


class SignInRefused(Exception):
    """A sign-in that verified but that Kohtaamo will not accept; ``code`` names why."""

    messages = {
        "no_user_id": _("Your company account did not tell us who you are."),
        "email_taken": _(
            "This e-mail address already belongs to a Kohtaamo account that signs in with "
            "a password. Ask an administrator to link the two accounts."
        ),
        "inactive": _("Your Kohtaamo account has been closed."),
        "no_team": _(
            "Your company account is not in any Kohtaamo team yet. Ask your manager to "
            "add you to one."
        ),
    }

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self):
        return self.messages[self.code]


def _language(claims: dict) -> str | None:
    """The site language that the ``locale`` claim (``fi``, ``fi-FI``, ``en_GB``) names."""
    locale = str(claims.get("locale") or "").replace("_", "-").split("-")[0].lower()
    return locale if locale in dict(settings.LANGUAGES) else None


def _free_username(preferred: str) -> str:
    base = preferred[:140] or "user"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _usernamable(value: str) -> str:
    # Django's username validator allows letters, digits and @.+-_ only.
    return "".join(c if c.isalnum() or c in "@.+-_" else "-" for c in value)


def sso_user_sign_in(*, claims: dict) -> User:
    """The account for these verified claims, created just in time and kept in step.

    Matched only by the stable id claim (``OIDC_USER_ID_CLAIM``), which is also the
    SCIM ``externalId``; never by e-mail, which people change and providers reuse.
    A person in no team is refused, but their account is kept so that an admin can
    find it and add it to one.
    """
    user = _user_from_claims(claims)
    if not user.is_staff and not Membership.objects.filter(user=user).exists():
        raise SignInRefused("no_team")
    return user


@transaction.atomic
def _user_from_claims(claims: dict) -> User:
    external_id = claims.get(settings.OIDC_USER_ID_CLAIM)
    if not external_id or not isinstance(external_id, str | int):
        raise SignInRefused("no_user_id")
    external_id = str(external_id)
    email = str(claims.get("email") or "").strip()
    user = User.objects.select_for_update().filter(external_id=external_id).first()
    if user is None:
        if email and User.objects.filter(email__iexact=email).exists():
            raise SignInRefused("email_taken")
        preferred = str(claims.get("preferred_username") or email or external_id)
        user = services.user_create(
            username=_free_username(_usernamable(preferred)),
            email=email,
            language=_language(claims) or settings.LANGUAGE_CODE,
        )
        user.external_id = external_id
        user.save(update_fields=["external_id"])
    if not user.is_active:
        raise SignInRefused("inactive")

    changed = []
    for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
        value = str(claims.get(claim) or "")[:150]
        if value and getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if email and user.email != email:
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            raise SignInRefused("email_taken")
        user.email = email
        changed.append("email")
    language = _language(claims)
    if language and user.language != language:
        user.language = language
        changed.append("language")
    if changed:
        user.save(update_fields=[*changed, "updated_at"])

    services.memberships_apply_claims(user=user, claims=claims)
    return user
