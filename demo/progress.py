"""Demo content for progress: the competency framework (eight attitude dimensions in
Finnish and English), three milestones and the editors' rights to them.

The target levels have one source, the published service promise (``demo.courses``
publishes it; publishing writes the organisation's targets). The learners' history
comes from the real course, scenarios and rubrics and is seeded last, by
``demo.history``. Everything is keyed so that seeding again changes nothing.
"""

import uuid

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale

from progress.models import Competency, Milestone

# slug: (fi name, en name, fi description, en description, fi levels, en levels)
COMPETENCIES = {
    "empathy": (
        "Empatia",
        "Empathy",
        "Asiakkaan tunteen tunnistaminen ja sanoittaminen ennen ratkaisua.",
        "Noticing how the customer feels and naming it before solving anything.",
        [
            "Keskittyy vain asiaan; tunteet jäävät huomaamatta.",
            "Huomaa selvän tunteen, mutta ei reagoi siihen.",
            "Sanoittaa asiakkaan tunteen ja pahoittelee aidosti.",
            "Lukee myös sanomattoman ja mukauttaa sävynsä siihen.",
            "Asiakas kokee tulleensa ymmärretyksi vaikeassakin tilanteessa.",
        ],
        [
            "Deals with the problem only; feelings go unnoticed.",
            "Notices an obvious feeling but does not respond to it.",
            "Names the customer's feeling and apologises sincerely.",
            "Reads what is left unsaid too and adjusts their tone to it.",
            "The customer feels understood even in a hard situation.",
        ],
    ),
    "active-listening": (
        "Aktiivinen kuuntelu",
        "Active listening",
        "Kuuntelee loppuun, tarkentaa ja varmistaa ymmärtäneensä.",
        "Listens to the end, asks to clarify and checks they understood.",
        [
            "Keskeyttää ja vastaa ennen kuin asiakas on kertonut asiansa.",
            "Antaa asiakkaan puhua, mutta ei tarkenna.",
            "Kysyy tarkentavia kysymyksiä ja tekee yhteenvedon.",
            "Tunnistaa varsinaisen tarpeen pinnan alta.",
            "Asiakas sanoo: 'juuri tuota tarkoitin'.",
        ],
        [
            "Interrupts and answers before the customer has finished.",
            "Lets the customer talk but does not clarify.",
            "Asks clarifying questions and sums up.",
            "Finds the real need under the surface.",
            "The customer says: 'that is exactly what I meant'.",
        ],
    ),
    "caring": (
        "Välittäminen",
        "Caring",
        "Asiakkaan asia tuntuu tärkeältä myös sille, joka häntä palvelee.",
        "The customer's case feels important to the person serving them too.",
        [
            "Hoitaa asian mekaanisesti.",
            "On kohtelias, mutta etäinen.",
            "Osoittaa, että asiakkaan tilanne kiinnostaa.",
            "Varmistaa jälkikäteen, että asia todella ratkesi.",
            "Asiakas muistaa, että hänestä välitettiin.",
        ],
        [
            "Handles the case mechanically.",
            "Is polite but distant.",
            "Shows interest in the customer's situation.",
            "Checks afterwards that the problem really got solved.",
            "The customer remembers being cared for.",
        ],
    ),
    "building-trust": (
        "Luottamuksen rakentaminen",
        "Building trust",
        "Lupaa vain sen, minkä pitää, ja kertoo rehellisesti myös huonot uutiset.",
        "Promises only what they keep and tells bad news honestly too.",
        [
            "Lupaa liikoja tai välttelee vastausta.",
            "Antaa oikeaa tietoa, mutta epävarmasti.",
            "Kertoo selvästi, mitä tapahtuu ja milloin.",
            "Pitää lupauksensa ja kertoo oma-aloitteisesti muutoksista.",
            "Asiakas luottaa siihen, että asia hoituu.",
        ],
        [
            "Over-promises or avoids the question.",
            "Gives correct information but hesitantly.",
            "Says clearly what happens next and when.",
            "Keeps promises and tells about changes unasked.",
            "The customer trusts that it will be handled.",
        ],
    ),
    "anticipating-needs": (
        "Tarpeiden ennakointi",
        "Anticipating needs",
        "Huomaa seuraavan kysymyksen ennen kuin asiakas ehtii kysyä.",
        "Sees the next question before the customer has to ask it.",
        [
            "Vastaa vain kysyttyyn.",
            "Mainitsee lisätiedon, jos asiakas kysyy.",
            "Kertoo oma-aloitteisesti, mitä asiakas tarvitsee seuraavaksi.",
            "Ratkaisee tulevan ongelman ennen kuin se syntyy.",
            "Asiakkaan ei tarvitse ottaa uudelleen yhteyttä.",
        ],
        [
            "Answers only what was asked.",
            "Mentions further information if the customer asks.",
            "Tells unasked what the customer needs next.",
            "Solves a coming problem before it arises.",
            "The customer never needs to get in touch again.",
        ],
    ),
    "ownership": (
        "Vastuunotto",
        "Taking ownership",
        "Asia on minun, kunnes se on hoidettu – ei pallottelua.",
        "The case is mine until it is done: no passing it around.",
        [
            "Ohjaa asiakkaan muualle ilman apua.",
            "Siirtää asian eteenpäin, mutta ei kerro kenelle.",
            "Hoitaa asian tai siirtää sen lämpimästi oikealle ihmiselle.",
            "Seuraa asiaa loppuun asti ja kertoo asiakkaalle.",
            "Tekee asiakkaan puolesta enemmän kuin rooli vaatii.",
        ],
        [
            "Sends the customer elsewhere without help.",
            "Passes the case on without saying to whom.",
            "Handles it, or hands it warmly to the right person.",
            "Follows it to the end and keeps the customer informed.",
            "Does more for the customer than the role requires.",
        ],
    ),
    "presence": (
        "Aito läsnäolo",
        "Genuine presence",
        "Keskittyy tähän asiakkaaseen tässä hetkessä.",
        "Is with this customer, in this moment.",
        [
            "Tekee muuta samalla; asiakas huomaa sen.",
            "On paikalla, mutta ajatukset muualla.",
            "Keskittyy asiakkaaseen koko kohtaamisen ajan.",
            "Reagoi pieniin vihjeisiin äänensävyssä ja sanoissa.",
            "Asiakas tuntee olevansa ainoa asiakas.",
        ],
        [
            "Does something else at the same time; the customer notices.",
            "Is there, but the mind is elsewhere.",
            "Focuses on the customer for the whole encounter.",
            "Responds to small cues in tone and wording.",
            "The customer feels like the only customer.",
        ],
    ),
    "wow": (
        "Pieni odottamaton lisä",
        "The small unexpected extra",
        "Pieni odottamaton teko, joka jää mieleen.",
        "A small unexpected act that the customer remembers.",
        [
            "Ei tee mitään odotettua enempää.",
            "Tekee ylimääräistä vain pyydettäessä.",
            "Keksii silloin tällöin pienen lisäpalveluksen.",
            "Räätälöi ylimääräisen juuri tälle asiakkaalle.",
            "Asiakas kertoo kokemuksestaan muille.",
        ],
        [
            "Does nothing beyond what is expected.",
            "Does extra only when asked.",
            "Now and then thinks of a small extra service.",
            "Tailors the extra to this very customer.",
            "The customer tells others about the experience.",
        ],
    ),
}


def seed_competencies() -> dict[str, Competency]:
    """The eight competencies in Finnish (default) and English, by slug."""
    fi, _ = Locale.objects.get_or_create(language_code="fi")
    en, _ = Locale.objects.get_or_create(language_code="en")
    competencies = {}
    for order, (slug, texts) in enumerate(COMPETENCIES.items()):
        fi_name, en_name, fi_description, en_description, fi_levels, en_levels = texts
        finnish, _ = Competency.objects.update_or_create(
            slug=slug,
            locale=fi,
            defaults={
                "name": fi_name,
                "description": fi_description,
                "sort_order": order,
                **{f"level_{n}": text for n, text in enumerate(fi_levels, start=1)},
            },
        )
        Competency.objects.update_or_create(
            slug=slug,
            locale=en,
            defaults={
                "translation_key": finnish.translation_key,
                "name": en_name,
                "description": en_description,
                "sort_order": order,
                **{f"level_{n}": text for n, text in enumerate(en_levels, start=1)},
            },
        )
        competencies[slug] = finnish
    return competencies


def _quiz(slug, percent):
    return {"type": "quiz_passed", "value": {"competency": slug, "min_percent": percent}}


def _roleplays(slug, count, level):
    return {
        "type": "roleplays_scored",
        "value": {"count": count, "rater_role": "coach", "competency": slug, "min_level": level},
    }


SIGNED_OFF = {"type": "signed_off", "value": None}

# key: (competency, match, criteria, fi name, en name, fi description, en description)
MILESTONES = {
    "empathy-in-practice": (
        "empathy",
        "all",
        [_quiz("empathy", 80), _roleplays("empathy", 2, 4), SIGNED_OFF],
        "Empatia käytännössä",
        "Empathy in practice",
        "Sanoittaa asiakkaan tunteen ennen ratkaisua myös vaikeassa tilanteessa.",
        "Names the customer's feeling before solving anything, in hard situations too.",
    ),
    # Three competencies from two quizzes at least: the promise quiz (trust, ownership)
    # and a listening or feelings quiz (empathy).
    "knows-our-promise": (
        "building-trust",
        "all",
        [_quiz("building-trust", 80), _quiz("ownership", 80), _quiz("empathy", 80)],
        "Tunnen palvelulupauksemme",
        "Knows our service promise",
        "Tietää, mitä erinomainen palvelu tarkoittaa juuri meillä, ja osaa kertoa sen omin sanoin.",
        "Knows what excellent service means here and can say it in their own words.",
    ),
    "owns-the-case": (
        "ownership",
        "all",
        [_roleplays("ownership", 1, 4), SIGNED_OFF],
        "Asia on minun",
        "Owns the case",
        "Vie asiakkaan asian loppuun asti ja kertoo asiakkaalle, mitä tapahtuu.",
        "Sees the customer's case through and keeps the customer informed.",
    ),
}


def _with_competency_ids(criteria, competencies):
    def resolve(block):
        value = block["value"]
        if isinstance(value, dict) and "competency" in value:
            value = {**value, "competency": competencies[value["competency"]].pk}
        return {"type": block["type"], "value": value}

    return [resolve(block) for block in criteria]


def seed_milestones(competencies: dict[str, Competency]) -> dict[str, Milestone]:
    fi = Locale.objects.get(language_code="fi")
    en = Locale.objects.get(language_code="en")
    milestones = {}
    for order, (key, texts) in enumerate(MILESTONES.items()):
        slug, match, criteria, fi_name, en_name, fi_text, en_text = texts
        translation_key = uuid.uuid5(uuid.NAMESPACE_URL, f"kohtaamo-demo/milestone/{key}")
        common = {
            "competency": competencies[slug],
            "match": match,
            "criteria": _with_competency_ids(criteria, competencies),
            "sort_order": order,
        }
        finnish, _ = Milestone.objects.update_or_create(
            translation_key=translation_key,
            locale=fi,
            defaults={**common, "name": fi_name, "description": fi_text},
        )
        Milestone.objects.update_or_create(
            translation_key=translation_key,
            locale=en,
            defaults={**common, "name": en_name, "description": en_text},
        )
        milestones[key] = finnish
    return milestones


def _grant_editors() -> None:
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for model in (Competency, Milestone):
        content_type = ContentType.objects.get_for_model(model)
        editors.permissions.add(*Permission.objects.filter(content_type=content_type))


def seed() -> dict[str, Competency]:
    competencies = seed_competencies()
    seed_milestones(competencies)
    _grant_editors()
    return competencies
