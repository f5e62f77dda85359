"""Demo content for progress: the competency framework (eight attitude dimensions in
Finnish and English), three milestones, targets, and a few weeks of activity for the
team "Asiakaspalvelu Aurora" so that its dashboard has something to show.

Everything is keyed so that seeding again changes nothing.
"""

import uuid
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Locale

from people.models import Team, User
from progress import verbs
from progress.models import Assessment, CoachingNote, Competency, CompetencyTarget, Milestone
from progress.services import (
    assessment_create,
    coaching_note_create,
    competency_target_set,
    onboarding_due_set,
    record_statement,
    signoff_create,
    statement_id_for,
)

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
            "Deals with the matter only; feelings go unnoticed.",
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
        "Asiakkaan asia tuntuu tärkeältä myös palvelijalle.",
        "The customer's matter feels important to the person serving them too.",
        [
            "Hoitaa asian mekaanisesti.",
            "On kohtelias, mutta etäinen.",
            "Osoittaa, että asiakkaan tilanne kiinnostaa.",
            "Seuraa perässä, että asia todella ratkesi.",
            "Asiakas muistaa, että hänestä välitettiin.",
        ],
        [
            "Handles the matter mechanically.",
            "Is polite but distant.",
            "Shows interest in the customer's situation.",
            "Follows up that the matter really got solved.",
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
            "The customer trusts that the matter will be handled.",
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
        "The matter is mine until it is done: no passing it around.",
        [
            "Ohjaa asiakkaan muualle ilman apua.",
            "Siirtää asian eteenpäin, mutta ei kerro kenelle.",
            "Hoitaa asian tai siirtää sen lämpimästi oikealle ihmiselle.",
            "Seuraa asiaa loppuun asti ja kertoo asiakkaalle.",
            "Tekee asiakkaan puolesta enemmän kuin rooli vaatii.",
        ],
        [
            "Sends the customer elsewhere without help.",
            "Passes the matter on without saying to whom.",
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
        "Pieni ylimääräinen",
        "The small extra",
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


TARGETS = {
    "empathy": 4,
    "active-listening": 4,
    "caring": 4,
    "building-trust": 4,
    "anticipating-needs": 3,
    "ownership": 4,
    "presence": 4,
    "wow": 3,
}


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
    "knows-our-promise": (
        "building-trust",
        "any",
        [
            {
                "type": "completed",
                "value": {"object_type": "course", "page": None, "object_id": ""},
            },
            _quiz("building-trust", 80),
        ],
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
        "Takes the customer's matter to the end and keeps the customer informed.",
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


def _statement(username, n, **fields):
    return {"statement_id": statement_id_for("demo", f"{username}/{n}"), **fields}


def _activity(learner, competencies, now):
    """A learner's demo record: lessons, quizzes and role-plays over ten weeks."""
    name = learner.username
    empathy, trust, ownership = (
        competencies["empathy"],
        competencies["building-trust"],
        competencies["ownership"],
    )
    strong = {"learner": 1.0, "learner2": 0.6, "learner3": 0.8}.get(name, 0.5)
    records = []
    for week in range(10):
        for lesson in range(2):
            records.append(
                _statement(
                    name,
                    f"lesson-{week}-{lesson}",
                    verb=verbs.COMPLETED,
                    object_type="lesson",
                    object_id=f"demo-lesson-{week}-{lesson}",
                    object_name=f"Oppitunti {week * 2 + lesson + 1}",
                    result={"completion": True},
                    timestamp=now - timedelta(weeks=10 - week, days=lesson),
                )  # fmt: skip
            )
    for n, (competency, score) in enumerate(((empathy, strong * 0.9), (trust, strong * 0.85))):
        # As courses records an attempt: the verdict, then the competency's score.
        quiz = {
            "object_type": "quiz",
            "object_id": f"demo-quiz-{competency.slug}",
            "object_name": "Tietovisa",
            "timestamp": now - timedelta(weeks=6 - n),
            "context": {"attempt": f"demo-{name}-{n}"},
        }
        raw = round(score * 10)
        records.append(
            _statement(
                name,
                f"quiz-{n}",
                **quiz,
                verb=verbs.PASSED if score >= 0.8 else verbs.FAILED,
                result={
                    "score_raw": raw,
                    "score_max": 10,
                    "score_scaled": raw / 10,
                    "success": score >= 0.8,
                },
            )  # fmt: skip
        )
        records.append(
            _statement(
                name,
                f"quiz-{n}-score",
                **quiz,
                verb=verbs.SCORED,
                competency=competency,
                result={"score_raw": raw, "score_max": 10, "score_scaled": raw / 10},
            )  # fmt: skip
        )
    for session, (competency, level) in enumerate(
        ((empathy, 4), (empathy, 5), (ownership, 4))[: 3 if strong >= 0.8 else 1], start=1
    ):
        level = level if strong >= 0.8 else 3
        records.append(
            _statement(
                name,
                f"roleplay-{session}",
                verb=verbs.SCORED,
                object_type="roleplay-session",
                object_id=f"demo-{name}-{session}",
                object_name="Harjoitus: rikkoutunut tuote",
                competency=competency,
                timestamp=now - timedelta(weeks=4 - session),
                result={
                    "score_raw": level,
                    "score_min": 1,
                    "score_max": 5,
                    "score_scaled": level / 5,
                },
                context={
                    "rater_role": "coach",
                    "rater": None,
                    "criterion": session,
                    "scenario": None,
                    "session_kind": "live",
                },
            )  # fmt: skip
        )
    if strong >= 1.0:
        records.append(
            _statement(
                name,
                "course",
                verb=verbs.COMPLETED,
                object_type="course",
                object_id="demo-onboarding",
                object_name="Perehdytys: palvelulupauksemme",
                result={"completion": True},
                timestamp=now - timedelta(weeks=2),
            )  # fmt: skip
        )
    for fields in records:
        record_statement(actor=learner, **fields)


def _assessments(learner, coach, competencies, now):
    if Assessment.objects.filter(learner=learner).exists():
        return
    start = {"learner": 2, "learner2": 1, "learner3": 2}.get(learner.username, 2)
    for n, slug in enumerate(("empathy", "active-listening", "ownership", "building-trust")):
        base = max(1, min(5, start + (n % 2)))
        for rater, role, level, weeks in (
            (learner, "self", min(5, base + 1), 10),
            (coach, "coach", base, 9),
            (coach, "coach", min(5, base + 1), 2),
        ):
            assessment_create(
                learner=learner, competency=competencies[slug], rater=rater, rater_role=role,
                level=level, assessed_at=now - timedelta(weeks=weeks, hours=n),
            )  # fmt: skip


def seed_activity(competencies, milestones) -> None:
    team = Team.objects.filter(name="Asiakaspalvelu Aurora").first()
    if team is None:
        return
    people = {user.username: user for user in User.objects.filter(memberships__team=team)}
    coach = people.get("coach")
    if coach is None:
        return
    now = timezone.now()
    today = timezone.localdate()
    for username in ("learner", "learner2", "learner3"):
        learner = people.get(username)
        if learner is None:
            continue
        _activity(learner, competencies, now)
        _assessments(learner, coach, competencies, now)
    if "learner" in people:
        signoff_create(
            learner=people["learner"], milestone=milestones["empathy-in-practice"], coach=coach,
            note="Rauhoitti vihaisen asiakkaan kuuntelemalla ensin.",
        )  # fmt: skip
    for username, days, key in (("learner", 14, "demo-onboarding"), ("learner2", -5, ""),
                                ("learner3", 20, "")):  # fmt: skip
        if username in people:
            onboarding_due_set(
                learner=people[username], team=team, due_date=today + timedelta(days=days),
                course_key=key, course_name="Perehdytys: palvelulupauksemme",
            )  # fmt: skip
    if "learner2" in people:
        for body, shared in (
            ("Hyvä alku! Kokeile seuraavaksi sanoittaa asiakkaan tunne ennen ratkaisua.", True),
            ("Eero jännittää puhelimessa; harjoitellaan rauhallisessa tahdissa.", False),
        ):
            if not CoachingNote.objects.filter(learner=people["learner2"], body=body).exists():
                coaching_note_create(
                    learner=people["learner2"], author=coach, body=body,
                    shared_with_learner=shared, competency=competencies["empathy"],
                )  # fmt: skip


def seed() -> dict[str, Competency]:
    competencies = seed_competencies()
    for slug, level in TARGETS.items():
        if not CompetencyTarget.objects.filter(
            competency=competencies[slug], team__isnull=True
        ).exists():
            competency_target_set(competency=competencies[slug], level=level)
    milestones = seed_milestones(competencies)
    _grant_editors()
    seed_activity(competencies, milestones)
    return competencies
