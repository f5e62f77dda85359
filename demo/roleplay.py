"""Demo role-play content: two rubrics and five scenarios in Finnish and English (three
with solo practice scripts, see ``roleplay_scripts``), and one scheduled session for the
Aurora team. Idempotent: rows are found by a stable
translation key and by position, so seeding again changes texts, never ids."""

import uuid

from wagtail.models import Locale

from people.models import Team, User
from progress.models import Competency
from roleplay.models import (
    Channel,
    Difficulty,
    Participant,
    ParticipantRole,
    RolePlaySession,
    Rubric,
    RubricCriterion,
    Scenario,
    ScenarioDebriefQuestion,
    ScenarioTwist,
)

from .roleplay_scripts import SCRIPTS, stream_data


def _key(kind: str, name: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://kohtaamo.fi/demo/{kind}/{name}")


# rubric key: {"fi"/"en": (title, description), "criteria": [(competency, fi, en), ...]}
# where fi and en are (name, [five level descriptors]).
RUBRICS = {
    "voice": {
        "fi": (
            "Puhelu ja kasvokkain",
            "Arvioi, miten asiakas tulee kuulluksi ja mitä hänelle luvataan.",
        ),
        "en": (
            "Voice and face to face",
            "How the customer is heard, and what they are promised.",
        ),
        "criteria": [
            (
                "empathy",
                (
                    "Tunteen sanoittaminen",
                    [
                        "Siirtyy suoraan asiaan; asiakkaan tunne ohitetaan.",
                        "Pahoittelee kaavamaisesti, mutta ei tartu tunteeseen.",
                        "Sanoittaa tunteen omin sanoin ennen ratkaisua.",
                        "Huomaa myös sen, mitä asiakas ei sano, ja rauhoittaa sävyllään.",
                        "Asiakas pehmenee, koska kokee tulleensa ymmärretyksi.",
                    ],
                ),
                (
                    "Naming the feeling",
                    [
                        "Goes straight to the matter; the customer's feeling is skipped.",
                        "Apologises by rote but does not respond to the feeling.",
                        "Names the feeling in their own words before solving anything.",
                        "Also hears what the customer leaves unsaid and calms with tone.",
                        "The customer softens because they feel understood.",
                    ],
                ),
            ),
            (
                "active-listening",
                (
                    "Kuuntelu ja tarkentaminen",
                    [
                        "Keskeyttää ja tarjoaa ratkaisua liian aikaisin.",
                        "Antaa puhua, mutta ei varmista ymmärtäneensä.",
                        "Kysyy avoimia kysymyksiä ja tekee yhteenvedon.",
                        "Löytää varsinaisen asian pinnan alta.",
                        "Asiakas sanoo itse: juuri tätä tarkoitin.",
                    ],
                ),
                (
                    "Listening and clarifying",
                    [
                        "Interrupts and offers a solution too early.",
                        "Lets the customer talk but does not check understanding.",
                        "Asks open questions and sums up.",
                        "Finds the real matter under the surface.",
                        "The customer says it themselves: that is exactly it.",
                    ],
                ),
            ),
            (
                "ownership",
                (
                    "Omistajuus ja seuraava askel",
                    [
                        "Ohjaa asiakkaan muualle tai vetoaa sääntöihin.",
                        "Kertoo säännön, mutta jättää asiakkaan yksin sen kanssa.",
                        "Ottaa asian hoitaakseen ja kertoo seuraavan askeleen.",
                        "Sopii, milloin palaa asiaan, ja kertoo mitä sitä ennen tapahtuu.",
                        "Asiakas lähtee varmana siitä, että joku pitää hänen asiastaan huolta.",
                    ],
                ),
                (
                    "Ownership and the next step",
                    [
                        "Sends the customer elsewhere or hides behind the rules.",
                        "States the rule but leaves the customer alone with it.",
                        "Takes the matter on and says what happens next.",
                        "Agrees when they will come back and what happens until then.",
                        "The customer leaves sure that someone is looking after their matter.",
                    ],
                ),
            ),
        ],
    },
    "written": {
        "fi": (
            "Kirjalliset kanavat",
            "Chat, sähköposti ja some: sävy, selkeys ja se, mitä asiakas tarvitsee seuraavaksi.",
        ),
        "en": (
            "Written channels",
            "Chat, e-mail and social media: tone, clarity and what the customer needs next.",
        ),
        "criteria": [
            (
                "presence",
                (
                    "Sävy ja läsnäolo",
                    [
                        "Vastaus on mallipohja sellaisenaan; ihminen ei näy.",
                        "Kohtelias, mutta etäinen ja virallinen.",
                        "Mallivastaus on muokattu juuri tälle asiakkaalle.",
                        "Sävy mukautuu asiakkaan sävyyn ja tilanteeseen.",
                        "Asiakas kokee keskustelevansa ihmisen kanssa, joka on läsnä.",
                    ],
                ),
                (
                    "Tone and presence",
                    [
                        "The template reply as it is; no person shows through.",
                        "Polite but distant and formal.",
                        "The model answer is personalised for this customer.",
                        "The tone follows the customer's tone and situation.",
                        "The customer feels they are talking to a person who is there.",
                    ],
                ),
            ),
            (
                "building-trust",
                (
                    "Luottamus ja selkeys",
                    [
                        "Lupaa liikoja tai vastaa epämääräisesti.",
                        "Tieto on oikein, mutta vaikeasti ymmärrettävä.",
                        "Kertoo selvästi mitä tapahtuu, milloin ja kuka sen tekee.",
                        "Kertoo myös huonot uutiset suoraan ja perustelee ne.",
                        "Asiakas luottaa lupaukseen eikä tarvitse kysyä uudelleen.",
                    ],
                ),
                (
                    "Trust and clarity",
                    [
                        "Over-promises or answers vaguely.",
                        "The facts are right but hard to follow.",
                        "Says clearly what happens, when, and who does it.",
                        "Gives bad news straight too, with the reason.",
                        "The customer trusts the promise and has no need to ask again.",
                    ],
                ),
            ),
            (
                "anticipating-needs",
                (
                    "Tarpeiden ennakointi",
                    [
                        "Vastaa vain siihen, mitä kysyttiin.",
                        "Huomaa lisätarpeen vasta, kun asiakas kysyy.",
                        "Kertoo oma-aloitteisesti seuraavan asian, jota asiakas tarvitsee.",
                        "Ratkaisee samalla asian, josta asiakas ei vielä tiennyt.",
                        "Asiakas yllättyy myönteisesti: tätä hän ei osannut odottaa.",
                    ],
                ),
                (
                    "Anticipating needs",
                    [
                        "Answers only what was asked.",
                        "Notices a further need only when the customer asks.",
                        "Offers the next thing the customer will need, unasked.",
                        "Solves a problem the customer did not know about yet.",
                        "The customer is pleasantly surprised: they did not expect this.",
                    ],
                ),
            ),
        ],
    },
}

# scenario key: channel, difficulty, rubric, competencies, and per language the texts:
# title, persona (name, situation, emotion, need), brief, customer notes, coach notes,
# twists [(title, text)], debrief questions.
SCENARIOS = {
    "anger-about-something-else": {
        "channel": Channel.PHONE,
        "difficulty": Difficulty.HARD,
        "rubric": "voice",
        "competencies": ["empathy", "active-listening", "caring"],
        "fi": {
            "title": "Vihainen asiakas – suuttumuksen takana on jotain muuta",
            "persona": (
                "Marja Lehto",
                "Marja soittaa 15 euron muistutusmaksusta. Hän hoitaa vastikään "
                "hoivakotiin muuttaneen äitinsä asioita, ja laskut ovat menneet "
                "vanhaan osoitteeseen.",
                "Uupunut ja kiihtynyt. Puhuu kovaa ja keskeyttää, mutta ääni murtuu, "
                "kun äiti tulee puheeksi.",
                "Hän tarvitsee jonkun, joka kuulee, kuinka raskasta kaikki on, ja joka "
                "ottaa edes tämän yhden asian hoitaakseen. Maksu on vain viimeinen pisara.",
            ),
            "brief": "Asiakas soittaa laskusta ja vaatii puhumaan esihenkilölle. "
            "Sinulla on oikeus poistaa yksi muistutusmaksu perustellusta syystä.",
            "customer_notes": "Aloita kovaa: 'Teidän firmanne on ihan käsittämätön!' "
            "Kerro äidin muutosta vasta, jos agentti kysyy tai hiljentyy kuuntelemaan. "
            "Jos sinut keskeytetään, suutu lisää.",
            "coach_notes": "Seuraa, huomaako agentti tunteen maksun takana. Hyvä hetki "
            "kuiskaukselle on, kun äiti mainitaan ensimmäisen kerran.",
            "twists": [
                (
                    "Puhelu nauhoitetaan",
                    "Asiakas sanoo nauhoittavansa puhelun ja aikovansa julkaista sen.",
                ),
                (
                    "Ääni murtuu",
                    "Asiakas hiljenee ja sanoo: 'Anteeksi, tämä ei oikeastaan ole teidän vikanne.'",
                ),
            ],
            "questions": [
                "Missä kohtaa huomasit, että suuttumus ei koskenut maksua?",
                "Miltä asiakkaasta tuntui puhelun lopussa? Entä sinusta?",
                "Mitä sanoisit toisin, jos puhelu alkaisi alusta?",
            ],
        },
        "en": {
            "title": "The angry customer whose anger is about something else",
            "persona": (
                "Marja Lehto",
                "Marja calls about a 15-euro reminder fee. She has taken over the affairs "
                "of her mother, who just moved into a care home, and the bills went to the "
                "old address.",
                "Exhausted and worked up. Loud, interrupts, but her voice breaks when her "
                "mother comes up.",
                "Someone who hears how heavy everything is, and who takes at least this one "
                "thing off her hands. The fee is only the last straw.",
            ),
            "brief": "The customer calls about an invoice and demands to speak to a manager. "
            "You may waive one reminder fee for a good reason.",
            "customer_notes": "Start loud: 'Your company is unbelievable!' Mention your "
            "mother's move only if the agent asks or goes quiet to listen. If you are "
            "interrupted, get angrier.",
            "coach_notes": "Watch whether the agent notices the feeling behind the fee. A "
            "good moment to whisper is when the mother is first mentioned.",
            "twists": [
                (
                    "The call is recorded",
                    "The customer says they are recording the call and will post it online.",
                ),
                (
                    "Her voice breaks",
                    "The customer goes quiet and says: 'Sorry, this is not really your fault.'",
                ),
            ],
            "questions": [
                "When did you notice that the anger was not about the fee?",
                "How did the customer feel at the end of the call? And you?",
                "What would you say differently if the call started again?",
            ],
        },
    },
    "broken-after-warranty": {
        "channel": Channel.FACE_TO_FACE,
        "difficulty": Difficulty.DEMANDING,
        "rubric": "voice",
        "competencies": ["building-trust", "ownership", "wow"],
        "fi": {
            "title": "Rikki viikko takuun päättymisen jälkeen",
            "persona": (
                "Pekka Salo",
                "Pekka tuo myymälään kahvinkeittimen, joka hajosi yhdeksän päivää kahden "
                "vuoden takuun päättymisen jälkeen. Hän on ostanut liikkeestä myös "
                "jääkaapin ja pesukoneen.",
                "Pettynyt ja varuillaan. Odottaa kuulevansa, että 'takuu on päättynyt'.",
                "Hän haluaa tulla kohdelluksi reilusti ja kuulla, että häntä arvostetaan "
                "kanta-asiakkaana. Ratkaisu voi olla muukin kuin ilmainen korjaus.",
            ),
            "brief": "Takuu on päättynyt. Voit tarjota korjauksen 30 %:n alennuksella tai "
            "hyvityksen uudesta laitteesta. Muusta päättää myymäläpäällikkö.",
            "customer_notes": "Ole aluksi lyhytsanainen. Jos agentti vetoaa heti takuuseen, "
            "sano: 'Tiesin, että näin käy.' Lämpene, jos sinua kuunnellaan.",
            "coach_notes": "Tärkeintä on, lupaako agentti vain sen, minkä voi pitää, ja "
            "keksiikö hän pienen ylimääräisen eleen.",
            "twists": [
                (
                    "Jono kasvaa",
                    "Kassalle tulee jonoon kolme asiakasta, ja joku huokaisee kuuluvasti.",
                ),
                (
                    "Kanta-asiakas",
                    "Asiakas mainitsee ostaneensa liikkeestä kaikki kodinkoneensa.",
                ),
            ],
            "questions": [
                "Mitä asiakas odotti kuulevansa, ja mitä hän kuuli?",
                "Mikä oli pieni ele, joka olisi tehnyt kohtaamisesta muistettavan?",
                "Mitä lupasit, ja miten varmistat, että lupaus pitää?",
            ],
        },
        "en": {
            "title": "Broken a week after the warranty ended",
            "persona": (
                "Pekka Salo",
                "Pekka brings in a coffee machine that broke nine days after its two-year "
                "warranty ended. He has bought a fridge and a washing machine here too.",
                "Disappointed and on guard. He expects to hear 'the warranty has expired'.",
                "To be treated fairly and to hear that he matters as a regular customer. "
                "The answer need not be a free repair.",
            ),
            "brief": "The warranty has ended. You may offer the repair at 30% off or a "
            "credit towards a new machine. Anything else is for the store manager.",
            "customer_notes": "Be curt at first. If the agent quotes the warranty at once, "
            "say: 'I knew it.' Warm up if you are listened to.",
            "coach_notes": "What matters most: does the agent promise only what they can "
            "keep, and do they find a small extra gesture?",
            "twists": [
                (
                    "The queue grows",
                    "Three customers queue at the till and someone sighs audibly.",
                ),
                (
                    "A regular customer",
                    "The customer mentions he bought all his home appliances here.",
                ),
            ],
            "questions": [
                "What did the customer expect to hear, and what did he hear?",
                "Which small gesture would have made the encounter memorable?",
                "What did you promise, and how will you make sure it holds?",
            ],
        },
    },
    "first-pension-call": {
        "channel": Channel.PHONE,
        "difficulty": Difficulty.GENTLE,
        "rubric": "voice",
        "competencies": ["active-listening", "caring", "anticipating-needs"],
        "fi": {
            "title": "Ensimmäinen soitto eläkeasiassa",
            "persona": (
                "Raili Nurmi",
                "Raili, 63, jäi hiljattain leskeksi ja sai kirjeen perhe-eläkkeestä. Hän ei "
                "ole koskaan hoitanut vakuutus- tai eläkeasioita; puoliso hoiti ne.",
                "Hermostunut ja nolostunut. Pelkää kysyvänsä tyhmiä ja tekevänsä jotain väärin.",
                "Hän tarvitsee selkeät, yksinkertaiset sanat, yhden seuraavan askeleen "
                "kerrallaan ja tunteen siitä, että saa kysyä rauhassa.",
            ),
            "brief": "Asiakas soittaa saamastaan kirjeestä. Perhe-eläkettä haetaan "
            "lomakkeella tai verkossa; tarvittavat liitteet ovat kuolintodistus ja tiedot "
            "omista tuloista.",
            "customer_notes": "Lue kirjettä ääneen ja kysy sanoja, joita et ymmärrä "
            "('mitä edunjättäjä tarkoittaa?'). Pyydä toistamaan, jos agentti puhuu nopeasti.",
            "coach_notes": "Kuuntele, selittääkö agentti ammattisanat ja varmistaako hän, "
            "että asiakas tietää mitä tehdä puhelun jälkeen.",
            "twists": [
                (
                    "Kolmas kerta",
                    "Asiakas kysyy saman asian kolmannen kerran ja pahoittelee kysymistään.",
                ),
                (
                    "Ei verkkopankkitunnuksia",
                    "Asiakas kertoo, ettei hänellä ole verkkopankkitunnuksia.",
                ),
            ],
            "questions": [
                "Mistä asiakas tiesi, että hänellä on aikaa kysyä?",
                "Mitkä sanat olivat asiakkaalle vieraita, ja miten selitit ne?",
                "Mitä asiakas tekee huomenna, ja tietääkö hän sen?",
            ],
        },
        "en": {
            "title": "A first call about a pension",
            "persona": (
                "Raili Nurmi",
                "Raili, 63, was recently widowed and received a letter about a survivor's "
                "pension. She has never dealt with insurance or pensions; her husband did.",
                "Nervous and embarrassed. Afraid of asking silly questions and getting "
                "something wrong.",
                "Clear, simple words, one next step at a time, and the feeling that she may "
                "ask in peace.",
            ),
            "brief": "The customer calls about a letter she received. A survivor's pension "
            "is applied for on a form or online; the death certificate and details of her "
            "own income are needed.",
            "customer_notes": "Read the letter aloud and ask about words you do not "
            "understand ('what does deceased insured person mean?'). Ask them to repeat if "
            "the agent speaks fast.",
            "coach_notes": "Listen whether the agent explains the jargon and checks that "
            "the customer knows what to do after the call.",
            "twists": [
                (
                    "The third time",
                    "The customer asks the same thing a third time and apologises for asking.",
                ),
                (
                    "No online banking codes",
                    "The customer says she has no online banking credentials.",
                ),
            ],
            "questions": [
                "How did the customer know she had time to ask?",
                "Which words were new to the customer, and how did you explain them?",
                "What will the customer do tomorrow, and does she know it?",
            ],
        },
    },
    "public-complaint": {
        "channel": Channel.SOCIAL,
        "difficulty": Difficulty.HARD,
        "rubric": "written",
        "competencies": ["presence", "building-trust", "ownership"],
        "fi": {
            "title": "Julkinen valitus sosiaalisessa mediassa",
            "persona": (
                "Tiina Mäki",
                "Tiina kirjoittaa yrityksen julkiseen ketjuun: pojan syntymäpäivälahja on "
                "viikon myöhässä, eikä asiakaspalvelusta ole vastattu kahteen päivään.",
                "Turhautunut ja loukkaantunut. Kirjoittaa terävästi, koska kokee, ettei "
                "kukaan välitä.",
                "Hän haluaa julkisen vahvistuksen siitä, että hänet on kuultu, nopean "
                "ratkaisun yksityisesti ja syntymäpäivän pelastetuksi.",
            ),
            "brief": "Vastaa ensin julkisesti ketjuun ja siirrä yksityiskohdat "
            "yksityisviestiin. Voit tilata pikatoimituksen veloituksetta.",
            "customer_notes": "Jos vastaus on kopioitu mallivastaus, kirjoita: 'Botti "
            "vastaa taas.' Jos sinua puhutellaan nimellä ja asiaan tartutaan, rauhoitu.",
            "coach_notes": "Julkinen vastaus on kaikkien luettavissa. Onko se lyhyt, "
            "inhimillinen ja konkreettinen? Vertaa mallivastaukseen.",
            "twists": [
                (
                    "40 vastausta",
                    "Julkaisu saa 40 vastausta, ja moni kertoo samanlaisesta kokemuksesta.",
                ),
                (
                    "Toinen asiakas puolustaa",
                    "Toinen asiakas kirjoittaa ketjuun saaneensa teiltä hyvää palvelua.",
                ),
            ],
            "questions": [
                "Mitä ketjua lukeva sivullinen ajattelee vastauksestanne?",
                "Miten muokkasit mallivastausta tälle asiakkaalle?",
                "Mikä kuuluu julkiseen ketjuun ja mikä yksityisviestiin?",
            ],
        },
        "en": {
            "title": "A public complaint on social media",
            "persona": (
                "Tiina Mäki",
                "Tiina writes in the company's public thread: her son's birthday present is "
                "a week late, and customer service has not answered for two days.",
                "Frustrated and hurt. She writes sharply because she feels nobody cares.",
                "Public acknowledgement that she has been heard, a quick fix in private, and "
                "the birthday saved.",
            ),
            "brief": "Answer in the public thread first, then take the details to a private "
            "message. You may order express delivery free of charge.",
            "customer_notes": "If the reply is a pasted model answer, write: 'The bot "
            "answers again.' If you are addressed by name and the matter is taken up, calm "
            "down.",
            "coach_notes": "Everyone can read the public reply. Is it short, human and "
            "concrete? Compare it with the model answer.",
            "twists": [
                (
                    "40 replies",
                    "The post gets 40 replies, and many tell of the same experience.",
                ),
                (
                    "Another customer defends you",
                    "Another customer writes in the thread that you served them well.",
                ),
            ],
            "questions": [
                "What does a bystander reading the thread think of your reply?",
                "How did you personalise the model answer for this customer?",
                "What belongs in the public thread and what in a private message?",
            ],
        },
    },
    "hurried-chat": {
        "channel": Channel.CHAT,
        "difficulty": Difficulty.DEMANDING,
        "rubric": "written",
        "competencies": ["anticipating-needs", "presence", "wow"],
        "fi": {
            "title": "Kiireinen chat",
            "persona": (
                "Jari Koski",
                "Jarilla on kymmenen minuuttia lounastaukoa. Hänen pitää vaihtaa "
                "toimitusosoite ennen kuin kuljetus lähtee varastolta kello 13.",
                "Kiireinen ja kärsimätön. Kirjoittaa lyhyesti ja kirjoitusvirheillä.",
                "Hän tarvitsee nopeutta ja varmuuden siitä, että asia on oikeasti hoidettu, "
                "ennen kuin tauko loppuu.",
            ),
            "brief": "Osoitteen voi vaihtaa, kunnes tilaus on lähtenyt varastolta. Tarvitset "
            "tilausnumeron ja uuden osoitteen postinumeroineen.",
            "customer_notes": "Lähetä monta lyhyttä viestiä peräkkäin. Jos agentti kysyy "
            "jotain turhaa, kirjoita: 'ei oo aikaa'.",
            "coach_notes": "Huomaako agentti kiireen ja kysyy kaiken tarvittavan kerralla? "
            "Vahvistaako hän lopuksi, mitä tehtiin?",
            "twists": [
                (
                    "Onko siellä ketään?",
                    "Asiakas kirjoittaa: 'onko siellä ketään??' kesken agentin vastauksen.",
                ),
                (
                    "Toinen tilaus",
                    "Asiakas kysyy samalla, voisiko toisen tilauksen yhdistää samaan toimitukseen.",
                ),
            ],
            "questions": [
                "Miten kiire näkyi asiakkaan viesteissä, ja miten vastasit siihen?",
                "Kysyitkö kaiken tarvittavan kerralla?",
                "Miten asiakas tiesi, että asia oli varmasti hoidettu?",
            ],
        },
        "en": {
            "title": "A hurried chat",
            "persona": (
                "Jari Koski",
                "Jari has ten minutes of lunch break. He must change the delivery address "
                "before the shipment leaves the warehouse at 1 pm.",
                "Hurried and impatient. Writes short messages full of typos.",
                "Speed, and certainty that it is really done before his break ends.",
            ),
            "brief": "The address can be changed until the order leaves the warehouse. You "
            "need the order number and the new address with its postcode.",
            "customer_notes": "Send many short messages in a row. If the agent asks "
            "something needless, write: 'no time'.",
            "coach_notes": "Does the agent notice the hurry and ask everything needed at "
            "once? Do they confirm at the end what was done?",
            "twists": [
                (
                    "Anyone there?",
                    "The customer writes 'anyone there??' in the middle of the agent's reply.",
                ),
                (
                    "Another order",
                    "The customer asks whether another order could join the same delivery.",
                ),
            ],
            "questions": [
                "How did the hurry show in the customer's messages, and how did you answer it?",
                "Did you ask everything you needed at once?",
                "How did the customer know the matter was surely handled?",
            ],
        },
    },
}


def _locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("fi", "en")}


def _seed_rubrics(locales, competencies) -> dict[tuple[str, str], Rubric]:
    rubrics = {}
    for key, spec in RUBRICS.items():
        for code, locale in locales.items():
            title, description = spec[code]
            rubric, _ = Rubric.objects.update_or_create(
                translation_key=_key("rubric", key),
                locale=locale,
                defaults={"title": title, "description": description},
            )
            for order, (slug, fi, en) in enumerate(spec["criteria"]):
                name, levels = fi if code == "fi" else en
                RubricCriterion.objects.update_or_create(
                    rubric=rubric,
                    sort_order=order,
                    defaults={
                        "name": name,
                        "competency": competencies[slug],
                        **{f"level_{n}": text for n, text in enumerate(levels, start=1)},
                    },
                )
            rubrics[(key, code)] = rubric
    return rubrics


def _seed_scenarios(locales, competencies, rubrics) -> dict[tuple[str, str], Scenario]:
    scenarios = {}
    for key, spec in SCENARIOS.items():
        for code, locale in locales.items():
            texts = spec[code]
            name, situation, emotion, need = texts["persona"]
            scenario, _ = Scenario.objects.update_or_create(
                translation_key=_key("scenario", key),
                locale=locale,
                defaults={
                    "title": texts["title"],
                    "channel": spec["channel"],
                    "difficulty": spec["difficulty"],
                    "persona_name": name,
                    "persona_situation": situation,
                    "persona_emotion": emotion,
                    "persona_need": need,
                    "agent_brief": texts["brief"],
                    "customer_notes": texts["customer_notes"],
                    "coach_notes": texts["coach_notes"],
                    "rubric": rubrics[(spec["rubric"], code)],
                    "script": stream_data(SCRIPTS[key][code]) if key in SCRIPTS else [],
                },
            )
            scenario.competencies.set([competencies[slug] for slug in spec["competencies"]])
            scenario.save()
            for order, (title, text) in enumerate(texts["twists"]):
                ScenarioTwist.objects.update_or_create(
                    scenario=scenario, sort_order=order, defaults={"title": title, "text": text}
                )
            for order, text in enumerate(texts["questions"]):
                ScenarioDebriefQuestion.objects.update_or_create(
                    scenario=scenario, sort_order=order, defaults={"text": text}
                )
            scenarios[(key, code)] = scenario
    return scenarios


def _seed_session(scenario: Scenario) -> None:
    """A scheduled session for Aurora: Aino serves, Eero plays the customer, Sanna
    observes, Kaisa coaches."""
    team = Team.objects.filter(name="Asiakaspalvelu Aurora").first()
    if team is None or RolePlaySession.objects.filter(team=team, scenario=scenario).exists():
        return
    people = {user.username: user for user in User.objects.filter(memberships__team=team)}
    if "coach" not in people:
        return
    session = RolePlaySession.objects.create(scenario=scenario, team=team, coach=people["coach"])
    roles = [
        ("coach", ParticipantRole.COACH),
        ("learner", ParticipantRole.AGENT),
        ("learner2", ParticipantRole.CUSTOMER),
        ("learner3", ParticipantRole.OBSERVER),
    ]
    for username, role in roles:
        if username in people:
            Participant.objects.create(session=session, user=people[username], role=role)


def seed() -> dict[tuple[str, str], Scenario]:
    locales = _locales()
    default = Locale.get_default()
    competencies = {c.slug: c for c in Competency.objects.filter(locale=default)}
    needed = {slug for spec in SCENARIOS.values() for slug in spec["competencies"]}
    needed |= {criterion[0] for spec in RUBRICS.values() for criterion in spec["criteria"]}
    missing = needed - set(competencies)
    if missing:
        raise RuntimeError(f"Seed demo.progress first; missing competencies: {sorted(missing)}")
    rubrics = _seed_rubrics(locales, competencies)
    scenarios = _seed_scenarios(locales, competencies, rubrics)
    _seed_session(scenarios[("anger-about-something-else", "fi")])
    return scenarios
