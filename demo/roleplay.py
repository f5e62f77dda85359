"""Demo role-play content: two rubrics and seven scenarios in Finnish and English (six
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
                        "Goes straight to the problem; the customer's feeling is skipped.",
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
                        "Finds the real issue under the surface.",
                        "The customer says it themselves: that is exactly it.",
                    ],
                ),
            ),
            (
                "ownership",
                (
                    "Vastuunotto ja seuraava askel",
                    [
                        "Ohjaa asiakkaan muualle tai vetoaa sääntöihin.",
                        "Kertoo säännön, mutta jättää asiakkaan yksin sen kanssa.",
                        "Ottaa asian hoitaakseen ja kertoo seuraavan askeleen.",
                        "Sopii, milloin palaa asiaan, ja kertoo, mitä sitä ennen tapahtuu.",
                        "Asiakas lähtee varmana siitä, että joku pitää hänen asiastaan huolta.",
                    ],
                ),
                (
                    "Ownership and the next step",
                    [
                        "Sends the customer elsewhere or hides behind the rules.",
                        "States the rule but leaves the customer alone with it.",
                        "Takes the case on and says what happens next.",
                        "Agrees when they will come back and what happens until then.",
                        "The customer leaves sure that someone is looking after their case.",
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
                        "Kertoo selvästi, mitä tapahtuu, milloin ja kuka sen tekee.",
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
                "Marja soittaa viiden euron muistutusmaksusta. Summa on pieni, mutta "
                "se tuntuu rangaistukselta: hän hoitaa vastikään hoivakotiin muuttaneen "
                "äitinsä asioita, ja laskut ovat menneet vanhaan osoitteeseen.",
                "Uupunut ja kiihtynyt. Puhuu kovaa ja keskeyttää, mutta ääni murtuu, "
                "kun äiti tulee puheeksi.",
                "Hän tarvitsee jonkun, joka kuulee, kuinka raskasta kaikki on, ja joka "
                "ottaa edes tämän yhden asian hoitaakseen. Maksu on vain viimeinen pisara.",
            ),
            "brief": "Asiakas soittaa äitinsä laskusta ja vaatii puhumaan esihenkilölle. "
            "Tunnista soittaja. Lasku on äidin nimissä, joten tarkista ystävällisesti "
            "valtakirja (tai edunvalvojan oikeus) ennen kuin muutat äidin tietoja. Sinulla on "
            "oikeus poistaa yksi muistutusmaksu (5 €) perustellusta syystä.",
            "customer_notes": "Aloita kovaa: 'Teidän firmanne on ihan käsittämätön!' "
            "Kerro äidin muutosta vasta, jos asiakaspalvelija kysyy tai hiljentyy "
            "kuuntelemaan. Jos sinut keskeytetään, suutu lisää. Sinulla on äidin valtakirja; "
            "kerro se, kun sitä kysytään.",
            "coach_notes": "Seuraa, huomaako asiakaspalvelija tunteen maksun takana ja "
            "tarkistaako hän valtakirjan lämpimästi, ei epäillen. Hyvä hetki kuiskaukselle on, "
            "kun äiti mainitaan ensimmäisen kerran. Lähteet: muistutusmaksu on kuluttajalta "
            "enintään 5 € (laki saatavien perinnästä 513/1999, 10 e §; kuluttaja-asiamiehen "
            "linjaus hyvästä perintätavasta); toisen puolesta asiointi vaatii valtakirjan tai "
            "edunvalvojan oikeuden (laki edunvalvontavaltuutuksesta 648/2007, holhoustoimilaki "
            "442/1999).",
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
                "Marja calls about a 5-euro reminder fee. The sum is small, but it feels "
                "like a punishment: she has taken over the affairs of her mother, who just "
                "moved into a care home, and the bills went to the old address.",
                "Exhausted and worked up. Loud, interrupts, but her voice breaks when her "
                "mother comes up.",
                "Someone who hears how heavy everything is, and who takes at least this one "
                "thing off her hands. The fee is only the last straw.",
            ),
            "brief": "The customer calls about her mother's invoice and demands to speak to a "
            "manager. Identify the caller. The invoice is in her mother's name, so kindly "
            "check a power of attorney (or a guardian's authority) before you change her "
            "mother's details. You may waive one reminder fee (5 €) for a good reason.",
            "customer_notes": "Start loud: 'Your company is unbelievable!' Mention your "
            "mother's move only if the agent asks or goes quiet to listen. If you are "
            "interrupted, get angrier. You hold your mother's power of attorney; say so when "
            "you are asked.",
            "coach_notes": "Watch whether the agent notices the feeling behind the fee, and "
            "checks the power of attorney warmly rather than suspiciously. A good moment to "
            "whisper is when the mother is first mentioned. Sources: a reminder fee to a "
            "consumer is at most 5 € (Debt Collection Act 513/1999, section 10e; the Consumer "
            "Ombudsman's guidance on good collection practice); acting for someone else needs "
            "a power of attorney or a guardian's authority (Act on Continuing Powers of "
            "Attorney 648/2007, Guardianship Services Act 442/1999).",
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
                "kanta-asiakkaana. Hän ei tiedä, että myyjän virhevastuu voi kattaa korjauksen "
                "takuun jälkeenkin.",
            ),
            "brief": "Takuu on päättynyt, mutta myyjän virhevastuu ei: kahden vuoden ikäisen "
            "keittimen kuuluu vielä toimia. Tunnista asiakas ja osto kanta-asiakastiedoista "
            "tai kuitista, ota keitin huoltoon tutkittavaksi ja kerro, että vika laitteessa "
            "korjataan maksutta. Jos huolto toteaa vian johtuvan käytöstä, voit tarjota "
            "korjauksen 30 %:n alennuksella. Voit lainata keittimen korjauksen ajaksi.",
            "customer_notes": "Ole aluksi lyhytsanainen. Jos asiakaspalvelija vetoaa heti "
            "takuuseen, sano: 'Tiesin, että näin käy.' Lämpene, jos sinua kuunnellaan.",
            "coach_notes": "Tärkeintä on, kertooko asiakaspalvelija virhevastuusta eikä "
            "pelkästä takuusta, lupaako hän vain sen, minkä voi pitää, ja keksiikö hän pienen "
            "odottamattoman lisän. Lähde: kuluttajansuojalaki 38/1978, 5 luku (12 § ja 15 a §).",
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
                "To be treated fairly and to hear that he matters as a regular customer. He "
                "does not know that the seller's liability for defects may cover the repair "
                "after the warranty.",
            ),
            "brief": "The warranty has ended, but the seller's liability for defects "
            "has not: a two-year-old coffee machine should still work. Identify him and the "
            "purchase from his loyalty details or the receipt, send the machine to be "
            "inspected and say that a fault in the machine is repaired free of charge. If "
            "the service finds the fault comes from use, you may offer the repair at 30% "
            "off. You may lend him a machine while it is repaired.",
            "customer_notes": "Be curt at first. If the agent quotes the warranty at once, "
            "say: 'I knew it.' Warm up if you are listened to.",
            "coach_notes": "What matters most: does the agent speak of the liability for "
            "defects rather than only the warranty, promise only what they can keep, and find "
            "the small unexpected extra? Source: Consumer Protection Act 38/1978, chapter 5 "
            "(sections 12 and 15a).",
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
            "brief": "Asiakas soittaa saamastaan kirjeestä. Tunnista soittaja ennen kuin "
            "puhut hänen asioistaan. Perhe-eläkettä haetaan lomakkeella tai verkossa. "
            "Kuolintieto tulee meille väestötietojärjestelmästä, joten kuolintodistusta ei "
            "yleensä tarvita; hakemukseen tarvitaan tilinumero ja tiedot lesken omista "
            "eläkkeistä.",
            "customer_notes": "Lue kirjettä ääneen ja kysy sanoja, joita et ymmärrä "
            "('mitä edunjättäjä tarkoittaa?'). Pyydä toistamaan, jos asiakaspalvelija puhuu "
            "nopeasti.",
            "coach_notes": "Kuuntele, tunnistaako asiakaspalvelija soittajan lempeästi, "
            "selittääkö hän ammattisanat ja varmistaako hän, että asiakas tietää, mitä tehdä "
            "puhelun jälkeen. Lähde: laki väestötietojärjestelmästä 661/2009; tarkista "
            "liitteet oman eläkelaitoksen ohjeesta.",
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
            "brief": "The customer calls about a letter she received. Identify the caller "
            "before you discuss her case. A survivor's pension is applied for on a form or "
            "online. We read the death from the population register, so a death certificate "
            "is usually not needed; the application needs a bank account number and details "
            "of the widow's own pensions.",
            "customer_notes": "Read the letter aloud and ask about words you do not "
            "understand ('what does \"the deceased insured person\" mean?'). Ask them to repeat if "
            "the agent speaks fast.",
            "coach_notes": "Listen whether the agent identifies the caller gently, explains "
            "the jargon and checks that the customer knows what to do after the call. Source: "
            "Act on the Population Information System 661/2009; check the attachments against "
            "the pension provider's own guidance.",
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
            "yksityisviestiin. Tunnista asiakas yksityisviestissä tilausnumerolla ja tilaajan "
            "sähköpostiosoitteella ennen kuin puhut tilauksesta. Voit tilata pikatoimituksen "
            "veloituksetta.",
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
            "message. There, identify the customer by the order number and the buyer's e-mail "
            "address before you discuss the order. You may order express delivery free of "
            "charge.",
            "customer_notes": "If the reply is a pasted model answer, write: 'The bot "
            "answers again.' If you are addressed by name and your problem is taken up, calm "
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
            "brief": "Osoitteen voi vaihtaa, kunnes tilaus on lähtenyt varastolta. Tunnista "
            "asiakas tilausnumerolla ja tilaajan sähköpostiosoitteella. Tarvitset lisäksi "
            "uuden osoitteen postinumeroineen.",
            "customer_notes": "Lähetä monta lyhyttä viestiä peräkkäin. Jos asiakaspalvelija kysyy "
            "jotain turhaa, kirjoita: 'ei oo aikaa'.",
            "coach_notes": "Huomaako asiakaspalvelija kiireen, ja kysyykö hän kaiken "
            "tarvittavan kerralla? "
            "Vahvistaako hän lopuksi, mitä tehtiin?",
            "twists": [
                (
                    "Onko siellä ketään?",
                    "Asiakas kirjoittaa kesken asiakaspalvelijan vastauksen: 'onko siellä "
                    "ketään??'",
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
            "brief": "The address can be changed until the order leaves the warehouse. "
            "Identify the customer by the order number and the buyer's e-mail address. You "
            "also need the new address with its postcode.",
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
                "How did the customer know it was really done?",
            ],
        },
    },
    "written-complaint": {
        "channel": Channel.EMAIL,
        "difficulty": Difficulty.DEMANDING,
        "rubric": "written",
        "competencies": ["building-trust", "ownership", "presence"],
        "fi": {
            "title": "Kirjallinen reklamaatio: palautusraha ei tullut",
            "persona": (
                "Helena Virta",
                "Helena palautti talvitakin peruuttamalla verkko-ostoksen. Paketti tuli "
                "varastolle kolme viikkoa sitten, mutta rahoja ei ole näkynyt, eikä kahteen "
                "aiempaan sähköpostiin ole vastattu.",
                "Loukkaantunut ja epäluuloinen. Kirjoittaa pitkästi ja muodollisesti, koska "
                "haluaa, että viesti otetaan vakavasti.",
                "Hän haluaa rahansa ja vastauksen, josta näkee, että joku on lukenut hänen "
                "viestinsä ja vastaa siitä itse.",
            ),
            "brief": "Vastaa asiakkaan sähköpostiin. Tunnista asiakas tilausnumerosta ja "
            "siitä, että viesti tulee tilauksen sähköpostiosoitteesta. Palautus on kirjattu "
            "varastolle 21 päivää sitten, eli hyvitys on myöhässä: se olisi pitänyt maksaa "
            "14 päivän kuluessa. Voit maksaa hyvityksen tänään (näkyy tilillä 1–2 "
            "pankkipäivässä) ja antaa pahoitteluna 10 euron lahjakortin.",
            "customer_notes": "Kirjoita ensimmäinen viesti pitkäksi ja asialliseksi, ja "
            "mainitse, että olet ollut asiakas kymmenen vuotta. Jos vastaus on mallipohja "
            "sellaisenaan, vastaa: 'Luitteko viestiäni ollenkaan?' Rauhoitu, jos vastaaja "
            "kertoo omalla nimellään, mitä tapahtui ja milloin rahat tulevat.",
            "coach_notes": "Seuraa, vastaako asiakaspalvelija kaikkiin viestin kysymyksiin, "
            "myöntääkö hän viivästyksen suoraan ja lupaako hän vain sen, minkä voi pitää. "
            "Lähde: kuluttajansuojalaki 38/1978, 6 luku 15 § (maksujen palauttaminen "
            "peruuttamisen jälkeen viimeistään 14 päivässä).",
            "twists": [
                (
                    "Kopio kuluttajaneuvontaan",
                    "Asiakas kertoo lähettäneensä viestistä kopion kuluttajaneuvontaan.",
                ),
                (
                    "Toinen tilaus",
                    "Asiakas mainitsee, että hänellä on auki myös toinen tilaus, jonka "
                    "peruisi nyt mieluiten.",
                ),
            ],
            "questions": [
                "Mihin asiakkaan kysymyksiin vastasit, ja jäikö jokin vastaamatta?",
                "Miltä vastauksesi kuulosti ihmiseltä, joka on odottanut kolme viikkoa?",
                "Mitä lupasit, ja miten varmistat, että se pitää?",
            ],
        },
        "en": {
            "title": "A written complaint: the refund never came",
            "persona": (
                "Helena Virta",
                "Helena returned a winter coat, withdrawing from an online purchase. The "
                "parcel reached the warehouse three weeks ago, but no money has appeared, "
                "and two earlier e-mails are unanswered.",
                "Hurt and suspicious. She writes at length and formally, because she wants "
                "her message taken seriously.",
                "Her money, and a reply that shows someone has read her message and answers "
                "for it personally.",
            ),
            "brief": "Answer the customer's e-mail. Identify her by the order number and by "
            "the message coming from the order's e-mail address. The return was booked at "
            "the warehouse 21 days ago, so the refund is late: it should have been paid "
            "within 14 days. You may pay the refund today (on her account in 1–2 banking "
            "days) and give a 10-euro gift card as an apology.",
            "customer_notes": "Make your first message long and matter-of-fact, and mention "
            "that you have been a customer for ten years. If the reply is a template as it "
            "is, answer: 'Did you read my message at all?' Calm down if the person replying "
            "gives their own name and says what happened and when the money will arrive.",
            "coach_notes": "Watch whether the agent answers every question in the message, "
            "admits the delay plainly and promises only what they can keep. Source: "
            "Consumer Protection Act 38/1978, chapter 6, section 15 (payments refunded "
            "within 14 days of a withdrawal).",
            "twists": [
                (
                    "Copied to consumer advice",
                    "The customer says she has copied her message to the consumer advisory "
                    "service.",
                ),
                (
                    "Another order",
                    "The customer mentions another open order that she would now rather cancel.",
                ),
            ],
            "questions": [
                "Which of the customer's questions did you answer, and was any left out?",
                "How did your reply sound to someone who has waited three weeks?",
                "What did you promise, and how will you make sure it holds?",
            ],
        },
    },
    "first-insurance-claim": {
        "channel": Channel.PHONE,
        "difficulty": Difficulty.DEMANDING,
        "rubric": "voice",
        "competencies": ["active-listening", "anticipating-needs", "ownership"],
        "fi": {
            "title": "Ensimmäinen vahinkoilmoitus: vesivahinko kotona",
            "persona": (
                "Antti Rantanen",
                "Antti, 27, asuu ensimmäisessä omistusasunnossaan kerrostalossa. "
                "Tiskikoneen letku vuoti yöllä, lattia on märkä ja alakerran naapuri "
                "soitti, että katossa on läikkä. Hän ei ole koskaan tehnyt vahinkoilmoitusta.",
                "Paniikissa ja häpeissään. Puhuu nopeasti ja hyppii asiasta toiseen.",
                "Hän tarvitsee selvän järjestyksen: mitä tehdä heti, kenelle ilmoittaa ja "
                "mitä vakuutus korvaa. Hän pelkää, että on jo tehnyt jotain väärin.",
            ),
            "brief": "Tunnista soittaja ennen kuin puhut hänen vakuutuksestaan. Kerro ensin, "
            "mitä tehdään heti: vesi poikki, vesi pois lattialta, valokuvat, vaurioituneet "
            "tavarat talteen. Vahinkoilmoituksen voi tehdä verkossa tai puhelimessa. "
            "Taloyhtiölle ilmoitetaan myös, sillä rakenteet ja putket ovat taloyhtiön "
            "vastuulla ja sen vakuutuksen piirissä; asukkaan oma kotivakuutus korvaa "
            "irtaimiston ja hänen vastuullaan olevat osat ehtojen mukaan. Omavastuu on "
            "150 €. Ohjaa kosteusmittaus taloyhtiön kautta.",
            "customer_notes": "Aloita: 'Apua, meillä tulvii – tai siis tulvi!' Kysy, "
            "maksatko nyt naapurin katon, ja mitä 'omavastuu' tarkoittaa. Jos "
            "asiakaspalvelija luettelee kaiken kerralla, pyydä sanomaan uudelleen.",
            "coach_notes": "Kuuntele, tunnistaako asiakaspalvelija soittajan, kertooko hän "
            "asiat yksi kerrallaan tärkeimmästä alkaen ja selittääkö hän, kuka korvaa mitä. "
            "Lähteet: asunto-osakeyhtiölaki 1599/2009, 4 luku (kunnossapitovastuu); "
            "vakuutussopimuslaki 543/1994 (vahingon torjuminen ja rajoittaminen). Tarkista "
            "korvaukset ja omavastuu vakuutusyhtiön omista ehdoista.",
            "twists": [
                (
                    "Naapuri ovella",
                    "Alakerran naapuri tulee ovelle kesken puhelun ja kysyy, kuka maksaa.",
                ),
                (
                    "Sähköt",
                    "Asiakas kertoo, että vettä valui pistorasian lähelle.",
                ),
            ],
            "questions": [
                "Mitä asiakas teki heti puhelun jälkeen, ja tiesikö hän sen?",
                "Miten selitit, kuka korvaa mitä?",
                "Missä kohtaa asiakkaan paniikki laantui, ja miksi?",
            ],
        },
        "en": {
            "title": "A first insurance claim: water damage at home",
            "persona": (
                "Antti Rantanen",
                "Antti, 27, lives in his first own flat in a block of flats. The dishwasher "
                "hose leaked in the night, the floor is wet and the neighbour below called "
                "about a stain on her ceiling. He has never made a claim.",
                "Panicking and ashamed. Speaks fast and jumps from one thing to another.",
                "A clear order: what to do now, whom to tell and what the insurance covers. "
                "He is afraid he has already done something wrong.",
            ),
            "brief": "Identify the caller before you discuss his insurance. First say what "
            "to do now: water off, water off the floor, photos, damaged things kept. The "
            "claim can be made online or on the phone. The housing company must be told "
            "too: the structures and pipes are its responsibility and under its insurance; "
            "the resident's own home insurance covers his belongings and the parts he is "
            "responsible for, under its terms. The deductible is 150 €. Have the moisture "
            "measured through the housing company.",
            "customer_notes": "Start: 'Help, we've got a flood – well, we had one!' Ask "
            "whether you now pay for the neighbour's ceiling, and what 'deductible' means. "
            "If the agent lists everything at once, ask them to say it again.",
            "coach_notes": "Listen whether the agent identifies the caller, gives one thing "
            "at a time starting with the most urgent, and explains who covers what. "
            "Sources: Limited Liability Housing Companies Act 1599/2009, chapter 4 "
            "(maintenance responsibility); Insurance Contracts Act 543/1994 (preventing and "
            "limiting a loss). Check cover and deductible against the insurer's own terms.",
            "twists": [
                (
                    "The neighbour at the door",
                    "The neighbour from below comes to the door mid-call and asks who pays.",
                ),
                (
                    "Electricity",
                    "The customer says water ran near a socket.",
                ),
            ],
            "questions": [
                "What did the customer do right after the call, and did he know it?",
                "How did you explain who covers what?",
                "When did the customer's panic ease, and why?",
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
