"""The LMSs Kohtaamo is registered in, who came from them, and what goes back.

Platforms and their course-to-team mappings are edited in the Wagtail admin
(wagtail_hooks.py); the rest is written by launches and by the grade worker.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.Model):
    """One LMS registration (an issuer and the client id it gave Kohtaamo).

    https://www.imsglobal.org/spec/lti/v1p3#platform-instance-claim
    """

    name = models.CharField(_("name"), max_length=120)
    issuer = models.URLField(_("issuer"), max_length=255)
    client_id = models.CharField(_("client id"), max_length=255)
    auth_login_url = models.URLField(_("authentication request URL"), max_length=500)
    auth_token_url = models.URLField(_("access token URL"), max_length=500)
    auth_audience = models.CharField(
        _("access token audience"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty unless the LMS asks for one (the token URL is used)."),
    )
    key_set_url = models.URLField(_("public keyset (JWKS) URL"), max_length=500)
    deployment_ids = models.TextField(
        _("deployment ids"), help_text=_("One deployment id per line, as the LMS shows them.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("LMS platform")
        verbose_name_plural = _("LMS platforms")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_platform_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def deployment_id_list(self) -> list[str]:
        return [line.strip() for line in self.deployment_ids.splitlines() if line.strip()]

    @property
    def origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"


class ContextTeam(models.Model):
    """Which Kohtaamo team an LMS course (an LTI context) stands for.

    https://www.imsglobal.org/spec/lti/v1p3#context-claim
    """

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="contexts", verbose_name=_("platform")
    )
    context_id = models.CharField(_("LMS course id (context id)"), max_length=255)
    context_title = models.CharField(_("LMS course title"), max_length=255, blank=True)
    team = models.ForeignKey(
        "people.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    # Learnt from launches (the NRPS claim); a coach's roster sync reads it.
    memberships_url = models.URLField(max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("LMS course mapping")
        verbose_name_plural = _("LMS course mappings")
        constraints = [
            models.UniqueConstraint(fields=["platform", "context_id"], name="lti_context_unique")
        ]

    def __str__(self) -> str:
        return f"{self.platform}: {self.context_title or self.context_id} → {self.team}"


class LtiAccount(models.Model):
    """The Kohtaamo user an LMS user (platform + ``sub``) signs in as."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="accounts")
    sub = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_accounts"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "sub"], name="lti_account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.platform}: {self.sub}"


class ToolKey(models.Model):
    """A key pair Kohtaamo signs its messages to platforms with (deep links, tokens).

    Kept in the database, never in the repository; ``lti_rotate_key`` adds a new one and
    retires the old, which stays published in the JWKS for a while so that messages
    signed just before the rotation still verify.
    """

    kid = models.CharField(max_length=64, unique=True)
    private_key_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.kid


class UsedNonce(models.Model):
    """A launch nonce already seen: the unique constraint refuses a replayed id token."""

    issuer = models.CharField(max_length=255)
    nonce = models.CharField(max_length=255)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "nonce"], name="lti_nonce_once")]

    def __str__(self) -> str:
        return self.nonce


class TargetKind(models.TextChoices):
    COURSE = "course", _("Course")
    MODULE = "module", _("Module")
    LESSON = "lesson", _("Lesson")
    SCENARIO = "scenario", _("Solo practice")


class GradeLink(models.Model):
    """One learner's line item in an LMS gradebook for one piece of Kohtaamo content.

    Made on each resource launch that carries an AGS line item; completions of the
    content are posted to ``lineitem_url`` for ``sub``.
    """

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="grade_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_grade_links"
    )
    sub = models.CharField(max_length=255)
    target_kind = models.CharField(max_length=16, choices=TargetKind.choices)
    # A page's or a scenario's translation_key: the same in every language.
    target_key = models.CharField(max_length=64)
    lineitem_url = models.URLField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "user", "lineitem_url"], name="lti_grade_link_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "target_kind", "target_key"])]

    def __str__(self) -> str:
        return f"{self.user} {self.target_kind}:{self.target_key} → {self.lineitem_url}"


class ScoreOutbox(models.Model):
    """A score waiting to reach an LMS gradebook; kept until the platform takes it.

    The worker posts it and retries with backoff; a platform that is down loses nothing.
    """

    link = models.ForeignKey(GradeLink, on_delete=models.CASCADE, related_name="scores")
    statement_id = models.UUIDField()
    score_given = models.FloatField()
    score_maximum = models.FloatField()
    timestamp = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "statement_id"], name="lti_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.score_given}/{self.score_maximum} → {self.link.lineitem_url}"
