"""Who uses Kohtaamo and in which role.

A person's role belongs to a team, not to the person: the same employee can be a
learner in one team and coach another. Authorisation everywhere asks the membership.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


def display_name(first_name: str, last_name: str, username: str) -> str:
    """How a person is named to others: their full name, or their username without one.

    For reads that fetch the three columns rather than the ``User``."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """The custom user, in place from the first migration as Django recommends.

    https://docs.djangoproject.com/en/5.2/topics/auth/customizing/#using-a-custom-user-model-when-starting-a-project
    """

    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    email_reminders = models.BooleanField(
        _("e-mail reminders"),
        default=True,
        help_text=_(
            "Send role-play invitations, onboarding reminders and weekly team summaries by e-mail."
        ),
    )
    # The company directory's stable id of the person: the OIDC_USER_ID_CLAIM of their
    # ID token (sub, or oid on Entra ID) and the SCIM externalId are the same value.
    external_id = models.CharField(
        _("external id"), max_length=255, unique=True, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Set when the directory deletes the person: the account stays (a coach's record of
    # a past session keeps its learner) until erasure is asked for, but SCIM forgets it.
    deprovisioned_at = models.DateTimeField(_("deprovisioned at"), null=True, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.username)

    def save(self, *args, **kwargs):
        # set_password() leaves the new password in _password until the save; once it is
        # stored, the API tokens made with the old one stop working, as sessions do.
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            self.access_tokens.all().delete()


class Team(models.Model):
    """A group of people onboarded and coached together."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The directory's id of the SCIM Group that made this team, if one did.
    external_id = models.CharField(
        _("external id"), max_length=255, unique=True, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Set when the directory deletes the group: its members have left, but the team's
    # past sessions and enrolments keep their team.
    deprovisioned_at = models.DateTimeField(_("deprovisioned at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    COACH = "coach", _("Coach")
    MANAGER = "manager", _("Manager")


class Membership(models.Model):
    """One person's role in one team."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        ordering = ["team__name", "role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_one_role_per_team"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["team", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.team} ({self.get_role_display()})"


class ScimToken(models.Model):
    """A bearer token for one directory client (Entra ID, Okta, Keycloak) of /scim/v2/.

    Only a SHA-256 digest is stored: the token is shown once when it is made, and a
    leaked database does not let anyone provision people.
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("SCIM token")
        verbose_name_plural = _("SCIM tokens")

    def __str__(self) -> str:
        return self.name


class ClaimMapping(models.Model):
    """One rule: a value of a sign-in claim gives a role in a team.

    Applied at every single sign-on; for the teams that any rule names, the claims
    decide the membership, so a person whose claims no longer map there leaves it.
    """

    claim = models.CharField(
        _("claim"),
        max_length=80,
        default="groups",
        help_text=_("The name of the claim in the ID token, for example groups or roles."),
    )
    value = models.CharField(
        _("value"),
        max_length=255,
        help_text=_("A value of that claim, for example a group's name or object id."),
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="claim_mappings", verbose_name=_("team")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.LEARNER)

    class Meta:
        ordering = ["claim", "value"]
        verbose_name = _("claim mapping")
        verbose_name_plural = _("claim mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "value", "team"], name="claim_mapping_one_rule_per_team"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="claim_mapping_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim}={self.value} → {self.team} ({self.get_role_display()})"


class AccessToken(models.Model):
    """A key for the API, in place of a password: it expires and can be revoked.

    Only a SHA-256 hash of the key is stored (the key is random and long, so no salt is
    needed): a copy of the database gives no working keys. The key itself is shown
    once, when it is made; ``prefix`` lets the person tell their tokens apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.prefix}…"
