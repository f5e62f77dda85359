"""The service-promise callout: a lesson block that quotes the site's own service promise.

It lives with the lessons that use it, not in ``cms``, so that ``courses`` does not
import the project app (``cms`` imports ``courses``). The promise page is a ``cms``
model, read through the app registry for the same reason.

https://docs.wagtail.org/en/stable/topics/streamfield.html
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Locale
from wagtail.snippets.blocks import SnippetChooserBlock


def service_promise_for(locale: Locale | None = None):
    """The live service promise in ``locale``, else the one in the default locale."""
    ServicePromisePage = apps.get_model("cms", "ServicePromisePage")
    pages = ServicePromisePage.objects.live()
    if locale is not None:
        page = pages.filter(locale=locale).first()
        if page is not None:
            return page
    # Imported here: the selectors read lesson pages, whose blocks include this module's.
    from courses.selectors import default_locale

    return pages.filter(locale=default_locale()).first() or pages.first()


def _in_locale(competency, locale: Locale | None):
    if locale is None:
        return competency.localized
    return competency.get_translation_or_none(locale) or competency


class ServicePromiseCalloutBlock(blocks.StructBlock):
    """Quotes the organisation's own service promise where a lesson touches on it.

    Without a competency it quotes the promise statement; with one it quotes what
    the promise expects of that competency and the level the organisation aims at.
    The quote is read from the live ``ServicePromisePage`` in the reader's language,
    so editing the promise updates every lesson that quotes it.
    """

    competency = SnippetChooserBlock(
        "progress.Competency",
        required=False,
        label=_("competency"),
        help_text=_("Leave empty to quote the promise statement itself."),
    )
    note = blocks.TextBlock(
        required=False,
        label=_("note"),
        help_text=_("Why this part of the promise matters in this lesson."),
    )

    class Meta:
        icon = "openquote"
        label = _("Service-promise callout")
        template = "cms/blocks/service_promise_callout.html"

    def quote(self, value, locale: Locale | None = None) -> dict:
        """The quoted part of the promise as plain data (for templates and the API)."""
        page = service_promise_for(locale)
        if page is None:
            return {"page": None, "statement": "", "competency": None}
        competency = value.get("competency")
        row = page.row_for(competency) if competency else None
        return {
            "page": page,
            "statement": page.promise if row is None else "",
            "competency": _in_locale(row.competency, locale) if row else None,
            "behaviours": row.behaviour_list if row else [],
            "target_level": row.target_level if row else None,
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = (parent_context or {}).get("page")
        context["quote"] = self.quote(value, getattr(page, "locale", None))
        return context
