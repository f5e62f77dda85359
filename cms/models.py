"""The site's own pages: the home page and the organisation's service promise."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail.signals import page_published


class HomePage(Page):
    """The root of each locale's tree: what Kohtaamo is and where to go next.

    https://docs.wagtail.org/en/stable/topics/pages.html
    """

    intro = models.CharField(_("intro"), max_length=255, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")


class ServicePromisePage(Page):
    """The organisation's own definition of excellent service, one per locale.

    A promise statement and, for each competency, the behaviours expected and the
    level aimed at. Lessons quote it (``courses.promise``); publishing the
    default-locale page writes the organisation's targets to progress.
    https://docs.wagtail.org/en/stable/reference/pages/panels.html#inlinepanel
    """

    promise = models.TextField(
        _("promise"), help_text=_("What excellent service means here, in a few sentences.")
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("promise"),
        FieldPanel("intro"),
        InlinePanel("competencies", heading=_("Competencies"), label=_("competency")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("promise")]
    api_fields = [APIField("promise"), APIField("intro"), APIField("competencies")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service promise")

    def rows(self) -> list["ServicePromiseCompetency"]:
        return list(self.competencies.select_related("competency").all())

    def row_for(self, competency) -> "ServicePromiseCompetency | None":
        """The row about ``competency`` in whichever locale it was chosen."""
        key = competency.translation_key
        return next((row for row in self.rows() if row.competency.translation_key == key), None)


class ServicePromiseCompetency(Orderable):
    """One competency in the service promise: expected behaviours and a target level.

    https://docs.wagtail.org/en/stable/topics/snippets/usage.html
    """

    page = ParentalKey(ServicePromisePage, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey(
        "progress.Competency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competency"),
    )
    behaviours = models.TextField(_("expected behaviours"), help_text=_("One behaviour per line."))
    target_level = models.PositiveSmallIntegerField(
        _("target level"),
        choices=[(level, str(level)) for level in range(1, 6)],
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    panels = [FieldPanel("competency"), FieldPanel("behaviours"), FieldPanel("target_level")]
    api_fields = [APIField("competency"), APIField("behaviours"), APIField("target_level")]

    class Meta(Orderable.Meta):
        verbose_name = _("promised competency")
        verbose_name_plural = _("promised competencies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_level__gte=1, target_level__lte=5),
                name="promise_target_level_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency} → {self.target_level}"

    @property
    def target_descriptor(self) -> str:
        """What the target level looks like, in the reader's language."""
        return self.competency.localized.descriptor(self.target_level)

    @property
    def behaviour_list(self) -> list[str]:
        return [line.strip() for line in self.behaviours.splitlines() if line.strip()]


@receiver(page_published, sender=ServicePromisePage)
def write_organisation_targets(sender, instance: ServicePromisePage, **kwargs) -> None:
    """Publishing the default-locale promise sets the organisation's target levels.

    A translation repeats the same promise in another language, so only the page in
    the default locale speaks for the organisation.
    """
    from progress.services import competency_target_set

    if instance.locale_id != Locale.get_default().pk:
        return
    for row in instance.rows():
        competency_target_set(competency=row.competency, level=row.target_level)
