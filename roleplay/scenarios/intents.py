"""The attitude behaviours (intents) a reply can show, and the competency each one
gives evidence for.

Editors pick intents in a scenario's solo script (``roleplay.scenarios.script``); the
matchers (``roleplay.solo.matchers``) find them in a reply; a solo practice reports
each expected behaviour's level as a score of its competency. Competencies are
editors' snippets, found here by their key (``Competency.slug`` in the default
locale). A key that no competency has any more would silently record nothing, so it
fails loudly: ``intent_competencies`` logs an error for each missing key when it
reports, and the system check ``roleplay.W001`` (``manage.py check --database
default``) names them.
"""

import logging

from django.core import checks
from django.db import connections
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from progress.models import Competency

logger = logging.getLogger(__name__)

APOLOGY = "apology"
ACKNOWLEDGE = "acknowledge"
CLARIFY = "clarify"
NEXT_STEP = "next_step"
OWNERSHIP = "ownership"
EXTRA = "extra"

INTENT_CHOICES = [
    (APOLOGY, _("Apology")),
    (ACKNOWLEDGE, _("Acknowledging the feeling")),
    (CLARIFY, _("Clarifying question")),
    (NEXT_STEP, _("Concrete next step")),
    (OWNERSHIP, _("Taking ownership")),
    (EXTRA, _("The small extra")),
]
INTENTS = [key for key, _label in INTENT_CHOICES]

# The competency (by its key, the slug) each behaviour gives evidence for.
COMPETENCY_OF_INTENT = {
    APOLOGY: "caring",
    ACKNOWLEDGE: "empathy",
    CLARIFY: "active-listening",
    NEXT_STEP: "building-trust",
    OWNERSHIP: "ownership",
    EXTRA: "wow",
}


def intent_label(intent: str) -> str:
    return str(dict(INTENT_CHOICES).get(intent, intent))


def _default_locale_competencies(slugs) -> dict[str, int]:
    rows = Competency.objects.filter(slug__in=slugs, locale=Locale.get_default())
    return dict(rows.values_list("slug", "pk"))


def intent_competencies() -> dict[str, int]:
    """The id of each intent's competency, for the intents whose competency exists;
    an error is logged for every one that does not (its scores are not recorded)."""
    found = _default_locale_competencies(set(COMPETENCY_OF_INTENT.values()))
    ids = {}
    for intent, slug in COMPETENCY_OF_INTENT.items():
        if slug in found:
            ids[intent] = found[slug]
        else:
            logger.error(
                "Solo practice: no competency with the key %r in the default locale, so the "
                "behaviour %r records no score. Give a competency that key again in the "
                "admin, or change roleplay.scenarios.intents.COMPETENCY_OF_INTENT.",
                slug,
                intent,
            )
    return ids


@checks.register(checks.Tags.database)
def check_intent_competencies(app_configs=None, databases=None, **kwargs) -> list:
    """``roleplay.W001`` for every competency key an intent needs that no competency has,
    once the framework has competencies at all (a new, unseeded database has none).
    ``migrate`` runs the check before it creates the tables: no table, no warning."""
    if not databases:
        return []
    table = Competency._meta.db_table
    if not all(table in connections[alias].introspection.table_names() for alias in databases):
        return []
    if not Competency.objects.exists():
        return []
    found = _default_locale_competencies(set(COMPETENCY_OF_INTENT.values()))
    return [
        checks.Warning(
            f"No competency has the key {slug!r} (default locale): solo practice records "
            f"no score for the behaviour {intent!r}.",
            hint="Give a competency that key again in the admin, or change "
            "roleplay.scenarios.intents.COMPETENCY_OF_INTENT.",
            id="roleplay.W001",
        )
        for intent, slug in COMPETENCY_OF_INTENT.items()
        if slug not in found
    ]
