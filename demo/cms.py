"""Demo site: the Finnish and English home pages and the editors' rights."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, Site

from cms.models import HomePage

HOME = {
    "fi": {
        "title": "Kohtaamo",
        "intro": "Jokainen kohtaaminen ratkaisee, millaisen kokemuksen asiakas vie mukanaan.",
        "body": (
            "<p>Kohtaamossa uusi työntekijä oppii, mitä erinomainen palvelu tarkoittaa "
            "juuri meillä, miten se tehdään ja miksi sillä on väliä. Harjoittelemme "
            "oikeita tilanteita valmentajan kanssa ja seuraamme, miten asenteemme kasvaa.</p>"
        ),
    },
    "en": {
        "title": "Kohtaamo",
        "intro": "Every encounter decides what the customer takes home with them.",
        "body": (
            "<p>At Kohtaamo new colleagues learn what excellent service means here, how it "
            "is done and why it matters. We rehearse real situations with a coach and "
            "follow how our attitude grows.</p>"
        ),
    },
}


def grant_editors(*models) -> None:
    """Let Wagtail's Editors group add, change, delete and view ``models`` as snippets."""
    editors = Group.objects.get(name="Editors")
    for model in models:
        content_type = ContentType.objects.get_for_model(model)
        editors.permissions.add(*Permission.objects.filter(content_type=content_type))


def _locale(code: str) -> Locale:
    locale, _ = Locale.objects.get_or_create(language_code=code)
    return locale


def seed() -> HomePage:
    fi, en = _locale("fi"), _locale("en")
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.filter(locale=fi).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(locale=fi, slug="kohtaamo", **HOME["fi"]))
        previous_root = site.root_page if site else None
        if site is None:
            site = Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True
            )
        else:
            site.root_page = home
            site.site_name = "Kohtaamo"
            site.save()
        if previous_root is not None and previous_root.pk != home.pk:
            previous_root.delete()
    english = home.get_translation_or_none(en)
    if english is None:
        english = home.copy_for_translation(en)
        for field, value in HOME["en"].items():
            setattr(english, field, value)
        english.save_revision().publish()
    return home
