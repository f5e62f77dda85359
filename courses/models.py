"""Onboarding courses as Wagtail pages, and what each learner has done in them.

The page tree is the learning path: ``CoursePage`` → ``ModulePage`` → ``LessonPage``,
in tree order. The tree in the default locale is the canonical one; translations
give the same pages in another language and share each page's ``translation_key``.

Learner records point at pages by ``translation_key``, never by page id, so that a
lesson completed in Finnish is completed in English too and a record survives an
editor re-publishing or moving a page.
"""

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import LessonBodyBlock


class Pillar(models.TextChoices):
    """The three questions onboarding answers; *why* matters most."""

    WHAT = "what", _("What: what excellent service means here")
    HOW = "how", _("How: how it is done")
    WHY = "why", _("Why: why it matters, for the customer and for us")


class CoursePage(Page):
    """An onboarding course: its modules, in order, are the learning path.

    https://docs.wagtail.org/en/stable/topics/pages.html
    """

    summary = models.TextField(_("summary"), max_length=500, blank=True)
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("intro")]
    api_fields = [APIField("summary"), APIField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_outline_for_page

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = course_outline_for_page(page=self, request=request)
        return context


class ModulePage(Page):
    """A module on one pillar (what / how / why) with its objectives and duration.

    With ``requires_earlier_modules`` the module stays locked until every module
    before it in the course is complete.
    """

    pillar = models.CharField(_("pillar"), max_length=8, choices=Pillar.choices)
    objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("One objective per line.")
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("estimated duration (minutes)"), default=30
    )
    requires_earlier_modules = models.BooleanField(
        _("requires earlier modules"),
        default=False,
        help_text=_("Locked until every earlier module in this course is complete."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("pillar"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [FieldPanel("duration_minutes"), FieldPanel("requires_earlier_modules")],
            heading=_("Learning path"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("objectives")]
    api_fields = [
        APIField("pillar"),
        APIField("objectives"),
        APIField("duration_minutes"),
        APIField("requires_earlier_modules"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_outline_for_page

        context = super().get_context(request, *args, **kwargs)
        course = self.get_parent().specific
        outline = course_outline_for_page(page=course, request=request)
        context["course"] = course
        context["outline"] = outline
        context["module_outline"] = outline.module(self.translation_key) if outline else None
        return context


class LessonPage(Page):
    """One lesson: a stream of text, media, recordings, model answers and exercises.

    Learners must be signed in and enrolled; a lesson in a locked module answers
    403 with the reason. Editors' previews are never locked.
    """

    summary = models.TextField(_("summary"), max_length=500, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("estimated duration (minutes)"), default=10
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("duration_minutes"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    api_fields = [APIField("summary"), APIField("duration_minutes"), APIField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    def blocks_of_type(self, block_type: str) -> list:
        return [child for child in self.body if child.block_type == block_type]

    def block_by_id(self, block_id: str):
        return next((child for child in self.body if child.id == block_id), None)

    def serve(self, request, *args, **kwargs):
        from .selectors import LessonUnavailable, lesson_access

        if not request.user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(), settings.LOGIN_URL, REDIRECT_FIELD_NAME
            )
        try:
            self._access = lesson_access(
                learner=request.user, lesson=self, request=request, shown=self, with_state=True
            )
        except LessonUnavailable as refusal:
            return TemplateResponse(
                request,
                "courses/lesson_unavailable.html",
                {"page": self, "reason": refusal.reason, "outline": refusal.outline},
                status=403,
            )
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import lesson_learner_state

        context = super().get_context(request, *args, **kwargs)
        access = getattr(self, "_access", None)
        context["access"] = access
        if access is not None:
            context["state"] = lesson_learner_state(learner=request.user, access=access)
        return context


class Enrollment(models.Model):
    """A learner on a course, with the cohort they start with and when it is due.

    ``course`` is always the course page in the default locale.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("course")
    )
    team = models.ForeignKey(
        "people.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
        verbose_name=_("enrolled with team"),
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("enrolled by"),
    )
    cohort_start = models.DateField(_("cohort start date"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["due_date", "cohort_start", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"], name="enrollment_once_per_course"
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__isnull=True)
                | models.Q(due_date__gte=models.F("cohort_start")),
                name="enrollment_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} – {self.course}"


class LessonCompletion(models.Model):
    """A learner finished a lesson. One row per learner and lesson, ever."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_completions",
        verbose_name=_("learner"),
    )
    lesson_key = models.UUIDField(_("lesson"))
    module_key = models.UUIDField(_("module"))
    course_key = models.UUIDField(_("course"))
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson_key"], name="lesson_completed_once_per_learner"
            )
        ]
        indexes = [models.Index(fields=["learner", "course_key"])]

    def __str__(self) -> str:
        return f"{self.learner} completed {self.lesson_key}"


class QuizAttempt(models.Model):
    """One scored try at a quiz; every attempt is kept and the best one counts."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("learner"),
    )
    lesson_key = models.UUIDField(_("lesson"))
    quiz_id = models.CharField(_("quiz block"), max_length=64)
    answers = models.JSONField(_("answers"), default=dict)
    score = models.PositiveSmallIntegerField(_("questions answered right"))
    max_score = models.PositiveSmallIntegerField(_("questions"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    passed = models.BooleanField(_("passed"))
    created_at = models.DateTimeField(_("attempted at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["learner", "lesson_key", "quiz_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__lte=models.F("max_score")),
                name="quiz_attempt_score_within_max",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} {self.score}/{self.max_score}"

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


class Reflection(models.Model):
    """A learner's own answer to a reflection prompt or a call-recording question.

    Private to the learner. When they share it, the coaches of the teams they learn
    in may read it; nobody else ever can, managers included.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflections",
        verbose_name=_("learner"),
    )
    lesson_key = models.UUIDField(_("lesson"))
    block_id = models.CharField(_("prompt block"), max_length=64)
    prompt = models.TextField(_("question as asked"))
    text = models.TextField(_("reflection"))
    shared_at = models.DateTimeField(_("shared with coaches at"), null=True, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson_key", "block_id"], name="reflection_one_per_prompt"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner}: {self.text[:40]}"

    @property
    def shared(self) -> bool:
        return self.shared_at is not None
