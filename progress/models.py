"""Competencies and the learning-record log.

The log is shaped like an xAPI statement so that export to a learning record store
is a mapping, not a translation. Other apps never write here directly: they call
``progress.services.record_statement``.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from .blocks import MATCH_CHOICES, CriteriaBlock

LEVELS = range(1, 6)


class Competency(TranslatableMixin, index.Indexed, models.Model):
    """An attitude dimension coached over time (empathy, taking ownership, ...).

    A snippet so editors keep the framework in Wagtail; translatable so each locale
    has its own wording while sharing one ``translation_key``.
    https://docs.wagtail.org/en/stable/topics/snippets/
    """

    slug = models.SlugField(_("key"), max_length=64, help_text=_("Stable key, e.g. empathy."))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    level_1 = models.TextField(_("level 1 descriptor"), blank=True)
    level_2 = models.TextField(_("level 2 descriptor"), blank=True)
    level_3 = models.TextField(_("level 3 descriptor"), blank=True)
    level_4 = models.TextField(_("level 4 descriptor"), blank=True)
    level_5 = models.TextField(_("level 5 descriptor"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel(f"level_{level}") for level in LEVELS], heading=_("Level descriptors")
        ),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="competency_slug_per_locale")
        ]

    def __str__(self) -> str:
        return self.name

    def descriptor(self, level: int) -> str:
        return getattr(self, f"level_{level}", "")

    @property
    def canonical(self) -> "Competency":
        """The row in the default locale: the one every record points at."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return self.get_translation(default)


class CompetencyTarget(models.Model):
    """The level the organisation (``team`` empty) or one team aims at for a competency.

    The organisation's targets are written from the service promise when it is
    published; a team's row overrides the organisation's for that team.
    """

    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="targets", verbose_name=_("competency")
    )
    team = models.ForeignKey(
        "people.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="competency_targets",
        verbose_name=_("team"),
    )
    level = models.PositiveSmallIntegerField(
        _("target level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("competency target")
        verbose_name_plural = _("competency targets")
        constraints = [
            models.UniqueConstraint(
                fields=["competency"],
                condition=models.Q(team__isnull=True),
                name="target_one_per_competency_for_organisation",
            ),
            models.UniqueConstraint(
                fields=["competency", "team"],
                condition=models.Q(team__isnull=False),
                name="target_one_per_competency_per_team",
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="target_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency} → {self.level}"


class Statement(models.Model):
    """One learning record: an actor did a verb to an object, with a result.

    ``id`` is the xAPI statement id and is supplied by the caller when it can be, so
    that recording the same event twice stores it once.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("actor"),
    )
    verb = models.CharField(_("verb IRI"), max_length=200)
    object_type = models.CharField(_("object type"), max_length=40)
    # Long enough for composite ids such as "<lesson key>:<quiz block id>" (73 chars).
    object_id = models.CharField(_("object id"), max_length=128)
    object_name = models.CharField(_("object name"), max_length=255, blank=True)
    competency = models.ForeignKey(
        Competency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        verbose_name=_("competency"),
    )
    score_raw = models.FloatField(_("raw score"), null=True, blank=True)
    score_min = models.FloatField(_("minimum score"), null=True, blank=True)
    score_max = models.FloatField(_("maximum score"), null=True, blank=True)
    score_scaled = models.FloatField(
        _("scaled score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-1), MaxValueValidator(1)],
    )
    success = models.BooleanField(_("success"), null=True, blank=True)
    completion = models.BooleanField(_("completion"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    voided = models.BooleanField(
        _("voided"), default=False, help_text=_("Retracted by a later voiding statement.")
    )
    timestamp = models.DateTimeField(_("timestamp"))
    stored = models.DateTimeField(_("stored"), auto_now_add=True)

    class Meta:
        ordering = ["-timestamp"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["actor", "verb"]),
            models.Index(fields=["actor", "object_type", "object_id"]),
            models.Index(fields=["competency", "actor"]),
            models.Index(fields=["timestamp"]),
            models.Index(fields=["actor", "timestamp"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score_scaled__isnull=True)
                | models.Q(score_scaled__gte=-1, score_scaled__lte=1),
                name="statement_score_scaled_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.verb.rsplit('/', 1)[-1]} {self.object_type}:{self.object_id}"


class RaterRole(models.TextChoices):
    SELF = "self", _("Self")
    COACH = "coach", _("Coach")
    OBSERVER = "observer", _("Observer")
    MANAGER = "manager", _("Manager")


class Assessment(models.Model):
    """A level for one learner and competency, given by someone in a rater role.

    The first self and the first coach assessment of a competency are the learner's
    baseline; later ones show the way from there towards the target.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("learner"),
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("competency"),
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="assessments_given",
        verbose_name=_("rater"),
    )
    rater_role = models.CharField(_("rater role"), max_length=16, choices=RaterRole.choices)
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(_("note"), blank=True)
    assessed_at = models.DateTimeField(_("assessed at"))

    class Meta:
        ordering = ["-assessed_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["learner", "competency", "assessed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="assessment_level_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(rater_role__in=RaterRole.values),
                name="assessment_rater_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} {self.competency}: {self.level} ({self.rater_role})"


class Milestone(TranslatableMixin, models.Model):
    """An attitude-coaching goal reached with evidence from the learning-record log.

    ``criteria`` is what editors see; ``rules`` is the same tree compiled to plain
    JSON on save (page choices resolved to translation keys) and is what evaluation
    reads. Only the rows in the default locale are evaluated; translations carry the
    wording. https://docs.wagtail.org/en/stable/topics/snippets/
    """

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    competency = models.ForeignKey(
        Competency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
        verbose_name=_("competency"),
    )
    match = models.CharField(
        _("match"),
        max_length=3,
        choices=MATCH_CHOICES,
        default="all",
        help_text=_("Whether all of the conditions below are needed, or any one of them."),
    )
    criteria = StreamField(
        CriteriaBlock(),
        verbose_name=_("criteria"),
        help_text=_("Conditions over the learner's records. Groups join their own conditions."),
    )
    rules = models.JSONField(_("compiled rules"), default=dict, editable=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("competency"),
        FieldPanel("match"),
        FieldPanel("criteria"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from .rules import compile_milestone, sync_triggers

        self.rules = compile_milestone(self)
        super().save(*args, **kwargs)
        sync_triggers(self)

    @property
    def canonical(self) -> "Milestone":
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return self.get_translation(default)


class MilestoneTrigger(models.Model):
    """A key of the statements that can change a milestone (see ``progress.rules``).

    Recording a statement looks its keys up here, so that only the milestones it can
    affect are evaluated.
    """

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="triggers")
    key = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "milestone"], name="milestone_trigger_unique")
        ]

    def __str__(self) -> str:
        return self.key


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    NEEDS_REVISION = "needs_revision", _("Needs revision")


class MilestoneState(models.Model):
    """Where one learner stands with one milestone, as of the last evaluation.

    ``details`` keeps each condition's result (met, how much so far, what is needed)
    so that pages can say what is missing without evaluating again.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="milestone_states",
        verbose_name=_("learner"),
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="states", verbose_name=_("milestone")
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.NOT_STARTED,
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), auto_now=True)

    class Meta:
        verbose_name = _("milestone state")
        verbose_name_plural = _("milestone states")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "milestone"], name="milestone_state_one_per_learner"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=MilestoneStatus.values),
                name="milestone_state_valid",
            ),
        ]
        indexes = [models.Index(fields=["milestone", "state"])]

    def __str__(self) -> str:
        return f"{self.learner} – {self.milestone}: {self.state}"


class MilestoneAward(models.Model):
    """A milestone reached, with the statements that proved it.

    When the evidence is later voided or a sign-off withdrawn, the award is revoked
    (``revoked_at``) rather than deleted; reaching it again makes a new award.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="milestone_awards",
        verbose_name=_("learner"),
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="awards", verbose_name=_("milestone")
    )
    evidence = models.ManyToManyField(
        Statement, related_name="awards", blank=True, verbose_name=_("evidence")
    )
    awarded_at = models.DateTimeField(_("awarded at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-awarded_at"]
        verbose_name = _("milestone award")
        verbose_name_plural = _("milestone awards")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "milestone"],
                condition=models.Q(revoked_at__isnull=True),
                name="milestone_award_one_active",
            )
        ]
        indexes = [models.Index(fields=["awarded_at"])]

    def __str__(self) -> str:
        return f"{self.learner} – {self.milestone}"


class SignOff(models.Model):
    """A coach confirms having seen the learner reach a milestone."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signoffs",
        verbose_name=_("learner"),
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="signoffs", verbose_name=_("milestone")
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="signoffs_given",
        verbose_name=_("coach"),
    )
    note = models.TextField(_("note"), blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    statement_id = models.UUIDField(_("statement"), null=True, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "milestone"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="signoff_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} – {self.milestone} ({self.coach})"


class CoachingNote(models.Model):
    """A coach's or manager's note about a learner.

    Visible to the learner's coaches and managers; to the learner only when shared;
    never to peers.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coaching_notes",
        verbose_name=_("learner"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="coaching_notes_written",
        verbose_name=_("author"),
    )
    competency = models.ForeignKey(
        Competency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("competency"),
    )
    body = models.TextField(_("note"))
    shared_with_learner = models.BooleanField(_("shared with the learner"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("coaching note")
        verbose_name_plural = _("coaching notes")

    def __str__(self) -> str:
        return f"{self.learner}: {self.body[:40]}"


class OnboardingDue(models.Model):
    """When a learner's onboarding (one course, or any) should be completed.

    Courses set it on enrolment through ``progress.services.onboarding_due_set``;
    progress marks it completed when the matching ``COMPLETED course`` statement
    arrives, so the team dashboard can list who is overdue without knowing courses.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="onboarding_dues",
        verbose_name=_("learner"),
    )
    team = models.ForeignKey(
        "people.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="onboarding_dues",
        verbose_name=_("team"),
    )
    course_key = models.CharField(
        _("course key"),
        max_length=64,
        blank=True,
        help_text=_("The course page's translation key; empty for any course."),
    )
    course_name = models.CharField(_("course name"), max_length=255, blank=True)
    due_date = models.DateField(_("due date"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("onboarding due date")
        verbose_name_plural = _("onboarding due dates")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course_key"], name="onboarding_due_one_per_course"
            )
        ]
        indexes = [models.Index(fields=["due_date", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.learner} {self.course_key or '*'} {self.due_date}"


class LrsOutboxEntry(models.Model):
    """A statement waiting to be forwarded to the external LRS.

    Written in the same transaction as the statement, so that none is lost while the
    LRS is down; delivery retries with exponential backoff (``next_attempt_at``).
    """

    statement = models.OneToOneField(
        Statement, on_delete=models.CASCADE, related_name="outbox", verbose_name=_("statement")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Text, not JSON: a database JSON type may reorder keys, and a resend must be the
    # very bytes first sent, or the LRS sees a different statement under the same id.
    payload = models.TextField(
        _("statement JSON"), blank=True, help_text=_("The xAPI statement, frozen when recorded.")
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("LRS outbox entry")
        verbose_name_plural = _("LRS outbox")
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.statement_id} ({self.attempts})"


class ReminderKind(models.TextChoices):
    OVERDUE = "overdue", _("Overdue onboarding")
    WEEKLY_SUMMARY = "weekly_summary", _("Weekly team summary")


class ReminderSent(models.Model):
    """One reminder e-mail sent for one period, so that a scheduler may run
    ``send_reminders`` as often as it likes: the unique row makes a second send a no-op.

    ``period`` is the ISO week (``2026-W48``); ``about`` says what the message was
    about within it (a team id for a summary, empty for a learner's own reminder).
    """

    kind = models.CharField(_("kind"), max_length=32, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders_sent",
        verbose_name=_("recipient"),
    )
    period = models.CharField(_("period"), max_length=16)
    about = models.CharField(_("about"), max_length=64, blank=True, default="")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "period", "about"], name="progress_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.recipient} ({self.period})"


class CredentialKey(models.Model):
    """The organisation's key for signing credentials (ES256, P-256).

    Kept in the database, never in the repository. The newest key that is not retired
    signs; retired keys stay published at ``/.well-known/jwks.json`` so that credentials
    they signed still verify (``manage.py credential_keys rotate``).
    """

    kid = models.CharField(_("key id"), max_length=64, unique=True)
    private_pem = models.TextField(_("private key (PEM)"))
    public_jwk = models.JSONField(_("public key (JWK)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    # A key that may have leaked: unpublished, and nothing it signed verifies any more.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("credential signing key")
        verbose_name_plural = _("credential signing keys")

    def __str__(self) -> str:
        return self.kid


class CredentialRevocation(models.TextChoices):
    SIGNOFF_WITHDRAWN = "signoff_withdrawn", _("Sign-off withdrawn")
    AWARD_REVOKED = "award_revoked", _("Milestone no longer achieved")
    ERASED = "erased", _("Learner's data erased")
    KEY_WITHDRAWN = "key_withdrawn", _("Signing key withdrawn")


class Credential(models.Model):
    """An Open Badges 3.0 credential issued for a signed-off milestone.

    ``status_index`` is the credential's bit in the organisation's Bitstring Status
    List; revoking sets it. Erasing the learner keeps the row (so the bit stays set and
    copies already handed out verify as revoked) without the learner or the JWT.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="credentials",
        verbose_name=_("learner"),
    )
    milestone = models.ForeignKey(
        Milestone,
        null=True,
        on_delete=models.SET_NULL,
        related_name="credentials",
        verbose_name=_("milestone"),
    )
    award = models.ForeignKey(
        MilestoneAward,
        null=True,
        on_delete=models.SET_NULL,
        related_name="credentials",
        verbose_name=_("award"),
    )
    achievement_name = models.CharField(_("achievement name"), max_length=255)
    status_index = models.PositiveIntegerField(_("status list index"), unique=True)
    key = models.ForeignKey(
        CredentialKey, on_delete=models.PROTECT, related_name="credentials", verbose_name=_("key")
    )
    jwt = models.TextField(_("signed credential (JWT)"), blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("revocation reason"), max_length=32, choices=CredentialRevocation.choices, blank=True
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        indexes = [models.Index(fields=["learner", "issued_at"])]

    def __str__(self) -> str:
        return f"{self.achievement_name} ({self.pk})"


class LevelRollup(models.Model):
    """What the dashboards read of one learner's assessments of one competency.

    Kept by ``progress.rollups`` in the transaction that stores an assessment, and
    rebuilt from the assessments by ``manage.py rebuild_progress_rollups``. ``latest``
    follows "whose level counts" (docs/architecture.md): the newest coach or manager
    level, a self-assessment only while no lead has assessed.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="level_rollups"
    )
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    latest = models.PositiveSmallIntegerField(null=True)
    latest_rater_role = models.CharField(max_length=16, blank=True)
    latest_at = models.DateTimeField(null=True)
    baseline_self = models.PositiveSmallIntegerField(null=True)
    baseline_coach = models.PositiveSmallIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "competency"], name="level_rollup_one_per_competency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.competency_id}: {self.latest}"


class ActivityWeek(models.Model):
    """One learner's week (``week`` is the local Monday): statements that are not
    voided, and the sum and count of the levels coaches and managers gave. The trend
    reads these instead of the statements."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_weeks"
    )
    week = models.DateField()
    statements = models.IntegerField(default=0)
    level_sum = models.IntegerField(default=0)
    level_count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "week"], name="activity_week_one_per_week")
        ]
        indexes = [models.Index(fields=["week", "learner"])]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.week}: {self.statements}"
