# ruff: noqa: E501 - prose reads better unbroken
"""The demo onboarding course and service promise, in Finnish and English.

Written for Kohtaamo: a new employee learns what excellent service means here, how
it is done and why it matters. Every lesson body is a list of blocks; each block has
a stable key so that its id is the same in both languages and on every seeding.
"""

PROMISE = {
    "slug": "palvelulupaus",
    "fi": {
        "title": "Palvelulupauksemme",
        "promise": (
            "Kohtaamme jokaisen asiakkaan ihmisenä, emme tapauksena. Kuuntelemme loppuun, "
            "otamme asian omaksemme ja viemme sen maaliin – niin, että asiakas tuntee tulleensa "
            "ymmärretyksi ja voi luottaa meihin myös ensi kerralla."
        ),
        "intro": (
            "<p>Tämä lupaus on meidän omin sanoin kirjoitettu määritelmä erinomaisesta "
            "palvelusta. Se ohjaa perehdytystä, auttaa vaikeissa tilanteissa ja tekee "
            "tasostamme mitattavan: jokaiselle asenteen ulottuvuudelle on kuvattu, mitä "
            "odotamme toisiltamme, ja taso, jota kohti kasvamme.</p>"
        ),
    },
    "en": {
        "title": "Our service promise",
        "slug": "service-promise",
        "promise": (
            "We meet every customer as a person, not as a case. We listen to the end, take "
            "ownership of their case and see it through – so that the customer feels understood and can "
            "trust us next time too."
        ),
        "intro": (
            "<p>This promise is our own definition of excellent service, in our own words. It "
            "guides onboarding, helps in hard situations and makes our level measurable: for "
            "each attitude dimension it says what we expect of each other and the level we "
            "are growing towards.</p>"
        ),
    },
}

# slug, target level, expected behaviours in Finnish, in English (one per line)
PROMISE_ROWS = [
    (
        "empathy",
        4,
        "Sanoitan asiakkaan tunteen ennen kuin ratkaisen asiaa.\n"
        "Pahoittelen aidosti, en kaavamaisesti.",
        "I name the customer's feeling before I solve anything.\n"
        "I apologise sincerely, not by rote.",
    ),
    (
        "active-listening",
        4,
        "Annan asiakkaan kertoa asiansa loppuun.\n"
        "Teen yhteenvedon ja varmistan, että ymmärsin oikein.",
        "I let the customer finish.\nI sum up and check that I understood.",
    ),
    (
        "caring",
        3,
        "Kohtelen asiakkaan asiaa yhtä tärkeänä kuin hän itse.\n"
        "Tarkistan jälkikäteen, että asia todella ratkesi.",
        "I treat the customer's case as seriously as they do.\n"
        "I check afterwards that it really got solved.",
    ),
    (
        "building-trust",
        4,
        "Lupaan vain sen, minkä pidän, ja kerron, milloin.\nKerron huonotkin uutiset suoraan.",
        "I promise only what I keep, and say when.\nI tell bad news straight too.",
    ),
    (
        "anticipating-needs",
        3,
        "Kerron seuraavan askeleen ennen kuin asiakas ehtii kysyä.\n"
        "Huomaan, mitä asiakas tarvitsee seuraavaksi.",
        "I tell the next step before the customer has to ask.\n"
        "I notice what the customer will need next.",
    ),
    (
        "ownership",
        4,
        "Sanon 'minä hoidan', en 'se ei kuulu meille'.\n"
        "Jos siirrän asian, kerron asiakkaalle, kenelle ja miksi.",
        "I say 'I'll handle it', not 'that's not our department'.\n"
        "If I pass a case on, I tell the customer to whom and why.",
    ),
    (
        "presence",
        3,
        "Olen läsnä tässä kohtaamisessa enkä jo seuraavassa.\n"
        "Käytän asiakkaan nimeä ja omaa ääntäni, en fraaseja.",
        "I am present in this encounter, not already in the next.\n"
        "I use the customer's name and my own voice, not stock phrases.",
    ),
    (
        "wow",
        3,
        "Teen pienen odottamattoman lisän, kun näen siihen tilaisuuden.\n"
        "Muistan, mitä asiakas kertoi viimeksi.",
        "I add a small unexpected extra when I see the chance.\n"
        "I remember what the customer told me last time.",
    ),
]

COURSE = {
    "slug": "kohtaamisen-taito",
    "fi": {
        "title": "Kohtaamisen taito",
        "summary": (
            "Perehdytys asiakaspalveluun: mitä erinomainen palvelu on meillä, miten se "
            "tehdään ja miksi sillä on väliä."
        ),
        "intro": (
            "<p>Tervetuloa joukkoon! Asiakkaan kokemus syntyy jokaisessa yksittäisessä "
            "kohtaamisessa, ja asiakas arvioi koko taloa sen yhden kohtaamisen perusteella, joka "
            "hänen kohdalleen osui. Siksi "
            "tämä perehdytys ei ole luettelo ohjeita, vaan matka asenteeseen: mitä, miten ja "
            "ennen kaikkea miksi.</p>"
        ),
    },
    "en": {
        "title": "The art of the encounter",
        "slug": "art-of-the-encounter",
        "summary": (
            "Onboarding to customer service: what excellent service means here, how it is "
            "done and why it matters."
        ),
        "intro": (
            "<p>Welcome aboard! A customer's experience is made in each single encounter, "
            "and a customer judges the whole company by the one encounter that happened to be theirs. So this onboarding is not "
            "a list of rules but a journey into attitude: what, how and above all why.</p>"
        ),
    },
}


def _q(kind, competency, fi, en):
    """A quiz question: ``fi``/``en`` are (scenario, question, [(option, correct, feedback)])."""
    return {"kind": kind, "competency": competency, "fi": fi, "en": en}


MODULES = [
    {
        "slug": "mita",
        "pillar": "what",
        "duration": 45,
        "requires": False,
        "fi": {
            "title": "Mitä erinomainen palvelu on meillä",
            "objectives": (
                "Tiedät, mitä palvelulupauksemme lupaa ja miksi se on kirjoitettu omin sanoin.\n"
                "Tunnistat, miten yksi kohtaaminen muokkaa koko asiakaskokemusta.\n"
                "Erotat asenteen ohjeista."
            ),
        },
        "en": {
            "title": "What excellent service means here",
            "slug": "what",
            "objectives": (
                "You know what our service promise promises and why it is in our own words.\n"
                "You recognise how one encounter shapes the whole customer experience.\n"
                "You can tell attitude from procedure."
            ),
        },
        "lessons": [
            {
                "slug": "jokainen-kohtaaminen",
                "duration": 10,
                "fi": {
                    "title": "Jokainen kohtaaminen ratkaisee",
                    "summary": "Miksi yksi puhelu, viesti tai käynti painaa enemmän kuin mainos.",
                },
                "en": {
                    "title": "Every encounter counts",
                    "slug": "every-encounter-counts",
                    "summary": "Why one call, message or visit weighs more than an advert.",
                },
                "body": [
                    (
                        "rich_text",
                        "intro",
                        {
                            "fi": (
                                "<p>Asiakas ei muista organisaatiokaaviotamme eikä "
                                "prosessejamme. Hän muistaa, miltä tuntui, kun hän soitti, "
                                "kirjoitti tai tuli käymään. <b>Kohtaaminen</b> on yksi "
                                "vuorovaikutus asiakkaan ja työntekijän välillä – ja jokainen "
                                "niistä joko vahvistaa tai heikentää luottamusta.</p>"
                                "<h2>Heikoin lenkki ratkaisee</h2>"
                                "<p>Sata onnistunutta kohtaamista voi unohtua yhden töykeän "
                                "vastauksen takia. Siksi jokainen meistä edustaa koko taloa, "
                                "oli kanava puhelin, chat, sähköposti, some tai kasvokkain.</p>"
                            ),
                            "en": (
                                "<p>Customers do not remember our org chart or our processes. "
                                "They remember how it felt when they called, wrote or came in. "
                                "An <b>encounter</b> is one interaction between a customer and "
                                "an employee – and every one of them either builds or erodes "
                                "trust.</p>"
                                "<h2>The weakest link decides</h2>"
                                "<p>A hundred good encounters can be forgotten because of one "
                                "curt reply. So each of us speaks for the whole company, whether "
                                "the channel is the phone, chat, e-mail, social media or face to "
                                "face.</p>"
                            ),
                        },
                    ),
                    (
                        "image",
                        "picture",
                        {
                            "fi": {
                                "alt": (
                                    "Piirroskuva: asiakas ja työntekijä puhuvat toisilleen "
                                    "tiskin yli, ja heidän välissään on sydän."
                                ),
                                "caption": "Kokemus syntyy kahden ihmisen välillä.",
                            },
                            "en": {
                                "alt": (
                                    "Illustration: a customer and an employee talk across a "
                                    "counter, with a heart between them."
                                ),
                                "caption": "The experience is made between two people.",
                            },
                        },
                    ),
                    (
                        "service_promise",
                        "promise",
                        {
                            "competency": None,
                            "fi": {"note": "Tähän lupaukseen palaamme jokaisessa moduulissa."},
                            "en": {"note": "We come back to this promise in every module."},
                        },
                    ),
                    (
                        "key_takeaway",
                        "takeaway",
                        {
                            "fi": {"text": "Asiakas muistaa tunteen, ei prosessia."},
                            "en": {"text": "Customers remember the feeling, not the process."},
                        },
                    ),
                ],
            },
            {
                "slug": "lupaus-kaytannossa",
                "duration": 15,
                "fi": {
                    "title": "Palvelulupaus käytännössä",
                    "summary": "Lupauksen kahdeksan ulottuvuutta ja se, miltä ne näyttävät arjessa.",
                },
                "en": {
                    "title": "The service promise in practice",
                    "slug": "promise-in-practice",
                    "summary": "The promise's eight dimensions and what they look like at work.",
                },
                "body": [
                    (
                        "rich_text",
                        "intro",
                        {
                            "fi": (
                                "<p>Palvelulupaus on kirjoitettu omin sanoin, jotta se olisi "
                                "totta juuri meillä. Se kuvaa kahdeksan asenteen ulottuvuutta: "
                                "empatia, aktiivinen kuuntelu, välittäminen, luottamuksen "
                                "rakentaminen, tarpeiden ennakointi, vastuunotto, aito läsnäolo "
                                "ja pieni odottamaton lisä.</p>"
                                "<p>Jokaiselle on asetettu tavoitetaso asteikolla 1–5. Taso "
                                "ei ole arvosana vaan suunta: tiedämme, mistä lähdemme ja mihin "
                                "kasvamme.</p>"
                            ),
                            "en": (
                                "<p>The service promise is in our own words so that it is true "
                                "here. It describes eight attitude dimensions: empathy, active "
                                "listening, caring, building trust, anticipating needs, taking "
                                "ownership, genuine presence and the small unexpected extra.</p>"
                                "<p>Each has a target level on a scale of 1–5. A level is not a "
                                "grade but a direction: we know where we start and where we are "
                                "growing.</p>"
                            ),
                        },
                    ),
                    (
                        "service_promise",
                        "ownership",
                        {
                            "competency": "ownership",
                            "fi": {"note": "Vastuunotosta asiakkaat kiittävät meitä useimmin."},
                            "en": {"note": "Ownership is what customers thank us for most often."},
                        },
                    ),
                    (
                        "quiz",
                        "quiz",
                        {
                            "pass_mark": 80,
                            "fi": {"title": "Tunnetko lupauksen?", "intro": "Kolme kysymystä."},
                            "en": {
                                "title": "Do you know the promise?",
                                "intro": "Three questions.",
                            },
                            "questions": [
                                _q(
                                    "single",
                                    "ownership",
                                    (
                                        "",
                                        "Asiakkaan asia kuuluu toiselle osastolle. Mitä "
                                        "lupauksemme mukaan teet?",
                                        [
                                            (
                                                "Kerron, ettei asia kuulu meille, ja annan "
                                                "numeron.",
                                                False,
                                                "Asiakas jää yksin. Lupaus sanoo: 'minä hoidan'.",
                                            ),
                                            (
                                                "Siirrän asian itse ja kerron asiakkaalle, kenelle "
                                                "se siirtyi ja milloin hän kuulee asiasta.",
                                                True,
                                                "Juuri näin: otat asian omaksesi, vaikka et "
                                                "ratkaisisi sitä itse.",
                                            ),
                                            (
                                                "Lupaan, että toinen osasto soittaa hänelle vielä tänään.",
                                                False,
                                                "Lupaat toisen puolesta jotain, mitä et voi pitää. Kerro, mitä sinä teet ja milloin asiakas kuulee asiasta.",
                                            ),
                                            (
                                                "Neuvon asiakasta lähettämään asiasta sähköpostia oikealle osastolle.",
                                                False,
                                                "Ohje on oikea, mutta asiakas jää hoitamaan asiaa yksin. Vastuunotto tarkoittaa, että siirrät asian itse.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "",
                                        "The customer's request belongs to another department. "
                                        "What does our promise ask you to do?",
                                        [
                                            (
                                                "Say it is not our department and give a number.",
                                                False,
                                                "The customer is left alone. The promise says: "
                                                "'I'll handle it'.",
                                            ),
                                            (
                                                "Pass it on myself and tell the customer who has it "
                                                "now and when they will hear.",
                                                True,
                                                "Exactly: you take ownership of the request even when you do not "
                                                "solve it yourself.",
                                            ),
                                            (
                                                "Promise that the other department will call them back today.",
                                                False,
                                                "You promise something on someone else's behalf that you cannot keep. Say what you will do, and when the customer will hear.",
                                            ),
                                            (
                                                "Tell the customer to e-mail the right department about it.",
                                                False,
                                                "The advice is correct, but the customer is left to handle it alone. Taking ownership means passing it on yourself.",
                                            ),
                                        ],
                                    ),
                                ),
                                _q(
                                    "multiple",
                                    "building-trust",
                                    (
                                        "",
                                        "Mitkä näistä rakentavat luottamusta? Valitse kaikki "
                                        "sopivat.",
                                        [
                                            (
                                                "Lupaan soittaa huomenna ennen kymmentä – ja soitan.",
                                                True,
                                                "Täsmällinen ja pidetty lupaus on luottamuksen "
                                                "perusta.",
                                            ),
                                            (
                                                "Kerron suoraan, ettei hyvitys ole varma.",
                                                True,
                                                "Rehellisyys huonoissakin uutisissa rakentaa "
                                                "luottamusta enemmän kuin lupailu.",
                                            ),
                                            (
                                                "Lupaan, että kaikki järjestyy, vaikka en tiedä.",
                                                False,
                                                "Lupaus, jota ei voi pitää, kuluttaa luottamusta.",
                                            ),
                                            (
                                                "Kerron ehdot tarkasti ja lähetän linkin, mutta en sano, mitä itse teen seuraavaksi.",
                                                False,
                                                "Tieto on oikein, mutta kylmä: asiakas ei tiedä, kuka asiaa hoitaa ja milloin.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "",
                                        "Which of these build trust? Choose all that apply.",
                                        [
                                            (
                                                "I promise to call tomorrow before ten – and I do.",
                                                True,
                                                "A precise promise that is kept is the basis of "
                                                "trust.",
                                            ),
                                            (
                                                "I say straight out that a refund is not certain.",
                                                True,
                                                "Honesty about bad news builds more trust than "
                                                "vague promises.",
                                            ),
                                            (
                                                "I promise it will all work out, though I don't "
                                                "know.",
                                                False,
                                                "A promise you cannot keep wears trust down.",
                                            ),
                                            (
                                                "I state the terms precisely and send a link, but do not say what I will do next.",
                                                False,
                                                "Correct but cold: the customer does not know who is handling it, or when.",
                                            ),
                                        ],
                                    ),
                                ),
                                _q(
                                    "single",
                                    "wow",
                                    (
                                        "",
                                        "Mikä on 'pieni odottamaton lisä'?",
                                        [
                                            (
                                                "Alennuskoodi jokaiselle asiakkaalle.",
                                                False,
                                                "Kaikille samana annettu etu on käytäntö, ei "
                                                "yllätys.",
                                            ),
                                            (
                                                "Jotain henkilökohtaista, jota asiakas ei "
                                                "osannut odottaa.",
                                                True,
                                                "Kyllä: esimerkiksi muistat, mitä asiakas kertoi "
                                                "viimeksi, ja kysyt siitä.",
                                            ),
                                            (
                                                "Lupaus, että asia hoituu nopeammin kuin tavallisesti.",
                                                False,
                                                "Jos et voi pitää lupausta, lisä kääntyy pettymykseksi. Lisä on jotain, minkä voit tehdä heti.",
                                            ),
                                            (
                                                "Kiitos soitosta ja hyvän päivän toivotus jokaisen puhelun lopussa.",
                                                False,
                                                "Kohteliaisuus kuuluu jokaiseen puheluun. Lisä syntyy siitä, että huomaat juuri tämän asiakkaan.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "",
                                        "What is 'the small unexpected extra'?",
                                        [
                                            (
                                                "A discount code for every customer.",
                                                False,
                                                "A perk everyone gets is a policy, not a surprise.",
                                            ),
                                            (
                                                "Something personal the customer did not expect.",
                                                True,
                                                "Yes: for example, you remember what they told you "
                                                "last time and ask about it.",
                                            ),
                                            (
                                                "A promise that it will be handled faster than usual.",
                                                False,
                                                "If you cannot keep it, the extra turns into a disappointment. An extra is something you can do right now.",
                                            ),
                                            (
                                                "Thanking the customer and wishing them a good day at the end of every call.",
                                                False,
                                                "Courtesy belongs in every call. The extra comes from noticing this particular customer.",
                                            ),
                                        ],
                                    ),
                                ),
                            ],
                        },
                    ),
                    (
                        "reflection_prompt",
                        "reflect",
                        {
                            "fi": {
                                "prompt": (
                                    "Mikä lupauksen kahdeksasta ulottuvuudesta on sinulle "
                                    "luontevin, ja mikä vaatii eniten harjoitusta?"
                                ),
                                "guidance": "Ajattele viimeisintä asiakaskohtaamistasi.",
                            },
                            "en": {
                                "prompt": (
                                    "Which of the promise's eight dimensions comes most "
                                    "naturally to you, and which needs the most practice?"
                                ),
                                "guidance": "Think of your most recent customer encounter.",
                            },
                        },
                    ),
                ],
            },
            {
                "slug": "asenne-ennen-ohjetta",
                "duration": 10,
                "fi": {
                    "title": "Asenne ennen ohjetta",
                    "summary": "Ohjeet kertovat mitä, asenne ratkaisee miten.",
                },
                "en": {
                    "title": "Attitude before procedure",
                    "slug": "attitude-before-procedure",
                    "summary": "Procedures say what; attitude decides how.",
                },
                "body": [
                    (
                        "rich_text",
                        "intro",
                        {
                            "fi": (
                                "<p>Ohjeet ovat tärkeitä: ne kertovat, mitä saa luvata ja mitä "
                                "pitää tarkistaa. Mutta sama ohje voidaan toteuttaa kylmästi tai "
                                "lämpimästi. Asenne on se, mikä jää asiakkaan mieleen.</p>"
                                "<p>Siksi emme opeta vain menettelyjä. Valmennamme asennetta: "
                                "harjoittelemme oikeita tilanteita, kuuntelemme tallenteita ja "
                                "puramme ne yhdessä valmentajan kanssa.</p>"
                            ),
                            "en": (
                                "<p>Procedures matter: they tell us what we may promise and what "
                                "we must check. But the same procedure can be carried out coldly "
                                "or warmly. Attitude is what stays with the customer.</p>"
                                "<p>So we do not teach procedures alone. We coach attitude: we "
                                "rehearse real situations, listen to recordings and debrief them "
                                "together with a coach.</p>"
                            ),
                        },
                    ),
                    (
                        "call_recording",
                        "why",
                        {
                            "recordings": ("why",),
                            "fi": {
                                "title": "Puhelu, joka muistetaan",
                                "situation": (
                                    "Asiakas muistelee puhelua kolmen vuoden takaa, ja "
                                    "asiakaspalvelija, joka hoiti sen, kertoo, miksi hän "
                                    "toimi niin. Tallenne on tehty puhesynteesillä; "
                                    "sisällöntuottaja voi vaihtaa tilalle organisaation oman "
                                    "tallenteen."
                                ),
                                "question": "Mikä on sinun syysi tehdä tätä työtä näin?",
                            },
                            "en": {
                                "title": "A call that is remembered",
                                "situation": (
                                    "A customer remembers a call from three years ago, and the "
                                    "agent who took it says why she worked the way she did. "
                                    "The recording is made with speech synthesis; a content "
                                    "editor can replace it with the organisation's own."
                                ),
                                "question": "What is your reason for doing this work this way?",
                            },
                        },
                    ),
                    (
                        "key_takeaway",
                        "takeaway",
                        {
                            "fi": {"text": "Ohje kertoo mitä. Asenne ratkaisee, miltä se tuntuu."},
                            "en": {"text": "A procedure says what. Attitude decides how it feels."},
                        },
                    ),
                ],
            },
        ],
    },
    {
        "slug": "miten",
        "pillar": "how",
        "duration": 60,
        "requires": False,
        "fi": {
            "title": "Miten palvelu tehdään",
            "objectives": (
                "Kuuntelet loppuun ja teet yhteenvedon.\n"
                "Käytät mallivastauksia ja muokkaat ne henkilökohtaisiksi.\n"
                "Vastaat julkiseen palautteeseen rauhallisesti ja avoimesti."
            ),
        },
        "en": {
            "title": "How service is done",
            "slug": "how",
            "objectives": (
                "You listen to the end and sum up.\n"
                "You use model answers and make them personal.\n"
                "You answer public feedback calmly and openly."
            ),
        },
        "lessons": [
            {
                "slug": "kuuntele-loppuun",
                "duration": 15,
                "fi": {
                    "title": "Kuuntele loppuun",
                    "summary": "Vihainen asiakas on usein vihainen jostain muusta kuin luulet.",
                },
                "en": {
                    "title": "Listen to the end",
                    "slug": "listen-to-the-end",
                    "summary": "An angry customer is often angry about something else.",
                },
                "body": [
                    (
                        "rich_text",
                        "intro",
                        {
                            "fi": (
                                "<p>Aktiivinen kuuntelu on enemmän kuin hiljaa oleminen. Se on "
                                "kolme tekoa:</p><ol><li>Anna asiakkaan kertoa loppuun "
                                "keskeyttämättä.</li><li>Kysy tarkentava kysymys.</li><li>Tee "
                                "yhteenveto: 'Ymmärsinkö oikein, että…'</li></ol>"
                                "<p>Vihaisen asiakkaan kiukku koskee usein jotain muuta kuin "
                                "ensimmäistä lausetta: pelkoa, kiirettä tai aiempaa huonoa "
                                "kokemusta. Sen kuulee vain kuuntelemalla.</p>"
                            ),
                            "en": (
                                "<p>Active listening is more than keeping quiet. It is three "
                                "acts:</p><ol><li>Let the customer finish without interrupting."
                                "</li><li>Ask a clarifying question.</li><li>Sum up: 'Did I "
                                "understand right that…'</li></ol>"
                                "<p>An angry customer's anger is often about something other "
                                "than their first sentence: fear, haste or an earlier bad "
                                "experience. You only hear it by listening.</p>"
                            ),
                        },
                    ),
                    (
                        "quiz",
                        "quiz",
                        {
                            "pass_mark": 80,
                            "fi": {"title": "Kuuntelun tilanteita", "intro": ""},
                            "en": {"title": "Listening situations", "intro": ""},
                            "questions": [
                                _q(
                                    "scenario",
                                    "active-listening",
                                    (
                                        "Asiakas soittaa ensimmäistä kertaa eläkeasiasta. Hän "
                                        "puhuu nopeasti, pyytää anteeksi, ettei ymmärrä mitään, "
                                        "ja kysyy lopuksi: 'Olenko nyt tehnyt jotain väärin?'",
                                        "Mitä vastaat ensimmäiseksi?",
                                        [
                                            (
                                                "'Et ole tehnyt mitään väärin, kaikki järjestyy "
                                                "kyllä.'",
                                                False,
                                                "Lohdutat ennen kuin tiedät, mistä on kyse. Jos "
                                                "kirjeessä on jotain hoidettavaa, lupaus ei pidä.",
                                            ),
                                            (
                                                "'Hyvä, että soitit: kysy ihan rauhassa. Käydään "
                                                "kirje yhdessä läpi – kerrotko, mitä se koskee?'",
                                                True,
                                                "Rauhoitat sävyllä etkä lupauksella, ja kutsut "
                                                "kertomaan lisää. Kun olet tunnistanut soittajan "
                                                "ja kuullut kirjeen asian, voit kertoa, onko "
                                                "jotain tehtävää.",
                                            ),
                                            (
                                                "Kerron heti, mikä lomake pitää täyttää.",
                                                False,
                                                "Tieto voi olla oikea, mutta se tulee liian "
                                                "aikaisin: asiakkaan huoli jää kuulematta.",
                                            ),
                                            (
                                                "'Ymmärrän täysin, miltä sinusta tuntuu. Miten "
                                                "voin auttaa?'",
                                                False,
                                                "Fraasi kuulostaa ulkoa opitulta, eikä se tartu "
                                                "siihen, mitä asiakas juuri kysyi.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "A first-time caller asks about a pension. They "
                                        "speak fast, apologise for understanding nothing and end "
                                        "with: 'Have I done something wrong?'",
                                        "What do you say first?",
                                        [
                                            (
                                                "'You haven't done anything wrong, it will all "
                                                "be fine.'",
                                                False,
                                                "You reassure before you know what it is about. "
                                                "If the letter asks for something, the promise "
                                                "will not hold.",
                                            ),
                                            (
                                                "'I'm glad you called: take your time. Let's go "
                                                "through the letter together – what is it about?'",
                                                True,
                                                "You calm them with your tone, not with a promise, "
                                                "and invite them to tell more. Once you have "
                                                "identified the caller and heard what the letter "
                                                "says, you can tell them whether anything needs "
                                                "doing.",
                                            ),
                                            (
                                                "I tell them at once which form to fill in.",
                                                False,
                                                "The facts may be right, but they come too early: "
                                                "the customer's worry goes unheard.",
                                            ),
                                            (
                                                "'I completely understand how you feel. How can I "
                                                "help?'",
                                                False,
                                                "The phrase sounds learnt by heart, and it passes "
                                                "over what the customer just asked.",
                                            ),
                                        ],
                                    ),
                                ),
                                _q(
                                    "single",
                                    "active-listening",
                                    (
                                        "",
                                        "Mikä näistä on hyvä yhteenveto?",
                                        [
                                            (
                                                "'Eli laskusi on väärin, koska muutto ei "
                                                "päivittynyt – ja tarvitset oikean laskun ennen "
                                                "perjantaita. Menikö oikein?'",
                                                True,
                                                "Yhteenveto kertoo sekä asian että asiakkaan "
                                                "tarpeen ja pyytää vahvistuksen.",
                                            ),
                                            (
                                                "'Eli laskusi on väärin. Korjaan sen heti, älä huoli.'",
                                                False,
                                                "Lupaat ratkaisun ennen kuin tiedät, mikä meni vikaan, etkä tarkista, ymmärsitkö oikein.",
                                            ),
                                            (
                                                "'Ymmärrän täysin, että tämä on turhauttavaa.'",
                                                False,
                                                "Lause on ystävällinen, mutta ulkoa opittu: siitä ei kuulu, mitä asiakas kertoi.",
                                            ),
                                            (
                                                "'Okei, selvä.'",
                                                False,
                                                "Asiakas ei tiedä, mitä ymmärsit. Yhteenveto "
                                                "näyttää sen.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "",
                                        "Which of these is a good summary?",
                                        [
                                            (
                                                "'So your bill is wrong because your move wasn't "
                                                "updated – and you need a correct bill before "
                                                "Friday. Is that right?'",
                                                True,
                                                "A summary states both the issue and the "
                                                "customer's need, and asks them to confirm.",
                                            ),
                                            (
                                                "'So your bill is wrong. I'll fix it right away, don't worry.'",
                                                False,
                                                "You promise a fix before you know what went wrong, and you do not check that you understood.",
                                            ),
                                            (
                                                "'I completely understand how frustrating this is.'",
                                                False,
                                                "Kind, but learnt by heart: nothing in it shows what the customer told you.",
                                            ),
                                            (
                                                "'OK, got it.'",
                                                False,
                                                "The customer cannot tell what you understood. A "
                                                "summary shows them.",
                                            ),
                                        ],
                                    ),
                                ),
                                _q(
                                    "multiple",
                                    "empathy",
                                    (
                                        "",
                                        "Asiakas sanoo: 'Tämä on jo kolmas kerta, kun soitan!' "
                                        "Mitkä vastaukset osoittavat empatiaa?",
                                        [
                                            (
                                                "'Kolme soittoa samasta asiasta – ymmärrän, että "
                                                "olet jo todella turhautunut.'",
                                                True,
                                                "Sanoitat tunteen ja tosiasian. Asiakas kuulee, "
                                                "että hänet on huomattu.",
                                            ),
                                            (
                                                "'Olen pahoillani, että joudut soittamaan "
                                                "uudelleen. Hoidan tämän nyt loppuun.'",
                                                True,
                                                "Aito pahoittelu ja vastuunotto samassa lauseessa.",
                                            ),
                                            (
                                                "'Järjestelmämme mukaan soitit vain kahdesti.'",
                                                False,
                                                "Oikeassa oleminen ei auta: asiakkaan tunne jää "
                                                "kohtaamatta.",
                                            ),
                                            (
                                                "'Pahoittelemme mahdollista haittaa.'",
                                                False,
                                                "Kaavamainen pahoittelu ei kerro, että kuulit, mitä asiakas sanoi.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "",
                                        "A customer says: 'This is the third time I'm calling!' "
                                        "Which replies show empathy?",
                                        [
                                            (
                                                "'Three calls about the same thing – I can hear "
                                                "you're really frustrated by now.'",
                                                True,
                                                "You name the feeling and the fact. The customer "
                                                "hears that they have been noticed.",
                                            ),
                                            (
                                                "'I'm sorry you've had to call again. I'll see "
                                                "this through now.'",
                                                True,
                                                "A sincere apology and ownership in one sentence.",
                                            ),
                                            (
                                                "'According to our system you only called twice.'",
                                                False,
                                                "Being right does not help: the customer's feeling "
                                                "is left unmet.",
                                            ),
                                            (
                                                "'We apologise for any inconvenience.'",
                                                False,
                                                "A stock apology does not show that you heard what the customer said.",
                                            ),
                                        ],
                                    ),
                                ),
                            ],
                        },
                    ),
                    (
                        "key_takeaway",
                        "takeaway",
                        {
                            "fi": {
                                "text": "Kuuntele loppuun, kysy, tiivistä – vasta sitten ratkaise."
                            },
                            "en": {"text": "Listen to the end, ask, sum up – only then solve."},
                        },
                    ),
                ],
            },
            {
                "slug": "mallivastaukset",
                "duration": 20,
                "fi": {
                    "title": "Mallivastaukset sähköpostiin ja chattiin",
                    "summary": "Pohja antaa nopeuden, sinä annat sille äänen.",
                },
                "en": {
                    "title": "Model answers for e-mail and chat",
                    "slug": "model-answers",
                    "summary": "The template gives speed; you give it a voice.",
                },
                "body": [
                    (
                        "rich_text",
                        "intro",
                        {
                            "fi": (
                                "<p>Mallivastaukset tekevät työstä nopeaa ja oikeaa: tiedot, "
                                "ehdot ja linkit ovat kunnossa. Mekaanisesti käytettyinä ne "
                                "kuitenkin kuulostavat koneelta. Hyvä nyrkkisääntö: pidä "
                                "pohjan sisältö, kirjoita alku ja loppu itse.</p>"
                            ),
                            "en": (
                                "<p>Model answers make the work fast and correct: facts, terms "
                                "and links are right. Used mechanically, though, they sound like "
                                "a machine. A good rule of thumb: keep the template's content, "
                                "write the opening and the close yourself.</p>"
                            ),
                        },
                    ),
                    (
                        "model_answer",
                        "email",
                        {
                            "channel": "email",
                            "fi": {
                                "situation": (
                                    "Asiakkaan tilaus on myöhässä viikon, ja hän kysyy "
                                    "sähköpostilla, missä paketti on."
                                ),
                                "template": (
                                    "Hei [nimi],\n\nKiitos viestistäsi. Pahoittelemme, että "
                                    "tilauksesi [tilausnumero] on myöhässä. Paketti on nyt "
                                    "matkalla ja perillä arviolta [päivä]. Seurantalinkki: "
                                    "[linkki]\n\nYstävällisin terveisin\n[oma nimi]"
                                ),
                                "when_to_use": (
                                    "Kun toimitus on myöhässä ja uusi toimituspäivä on tiedossa. "
                                    "Jos päivää ei tiedetä, älä arvaa: kerro, milloin kuulet "
                                    "lisää."
                                ),
                                "how_to_personalise": (
                                    "Lue asiakkaan viesti uudelleen ja poimi siitä yksi asia, "
                                    "joka hänelle on tärkeä (lahja, tapahtuma, kiire). Mainitse "
                                    "se. Kerro, mitä sinä teet seuraavaksi, ja allekirjoita "
                                    "omalla nimelläsi."
                                ),
                                "personalised_example": (
                                    "Hei Maija,\n\nHarmillista, että synttärilahja ei ole vielä "
                                    "perillä – ymmärrän, että aikataulu on tiukka. Tarkistin "
                                    "tilauksesi 4471: paketti on nyt matkalla ja perillä "
                                    "torstaina, eli ennen lauantain juhlia. Seurantalinkki: "
                                    "[linkki]\n\nSeuraan toimitusta itse ja ilmoitan, jos se "
                                    "vielä viivästyy.\n\nTerveisin\nLaura"
                                ),
                            },
                            "en": {
                                "situation": (
                                    "A customer's order is a week late and they e-mail to ask "
                                    "where the parcel is."
                                ),
                                "template": (
                                    "Hello [name],\n\nThank you for your message. We apologise "
                                    "that your order [order number] is late. The parcel is now "
                                    "on its way and should arrive on [date]. Tracking link: "
                                    "[link]\n\nKind regards\n[your name]"
                                ),
                                "when_to_use": (
                                    "When a delivery is late and the new delivery date is known. "
                                    "If it is not known, do not guess: say when you will know "
                                    "more."
                                ),
                                "how_to_personalise": (
                                    "Read the customer's message again and pick one thing that "
                                    "matters to them (a gift, an event, a deadline). Mention it. "
                                    "Say what you will do next, and sign with your own name."
                                ),
                                "personalised_example": (
                                    "Hello Maija,\n\nWhat a shame the birthday present hasn't "
                                    "arrived yet – I understand the timing is tight. I checked "
                                    "your order 4471: the parcel is on its way and will arrive "
                                    "on Thursday, before Saturday's party. Tracking link: "
                                    "[link]\n\nI'll follow the delivery myself and let you know "
                                    "if it is delayed again.\n\nBest wishes\nLaura"
                                ),
                            },
                        },
                    ),
                    (
                        "model_answer",
                        "chat",
                        {
                            "channel": "chat",
                            "fi": {
                                "situation": (
                                    "Kiireinen asiakas kirjoittaa chatissa: 'salasana ei toimi "
                                    "ja mulla on 5 min aikaa'."
                                ),
                                "template": (
                                    "Hei! Autan heti. Voit vaihtaa salasanan tästä: [linkki]. "
                                    "Kerro, jos linkki ei toimi."
                                ),
                                "when_to_use": (
                                    "Kun asiakas ei pääse kirjautumaan ja hänellä on kiire. "
                                    "Chatissa lyhyt on ystävällistä: yksi asia viestiä kohden."
                                ),
                                "how_to_personalise": (
                                    "Sano ääneen, että huomaat kiireen, ja lupaa odottaa chatissa, "
                                    "kunnes asia on hoidettu. Älä kysy mitään, mitä et tarvitse."
                                ),
                                "personalised_example": (
                                    "Hei! Viisi minuuttia riittää, hoidetaan tämä heti. Vaihda "
                                    "salasana tästä: [linkki] – odotan tässä, kunnes olet "
                                    "sisällä."
                                ),
                            },
                            "en": {
                                "situation": (
                                    "A hurried customer writes in chat: 'password not working "
                                    "and i have 5 min'."
                                ),
                                "template": (
                                    "Hi! I'll help right away. You can reset your password "
                                    "here: [link]. Let me know if the link doesn't work."
                                ),
                                "when_to_use": (
                                    "When a customer cannot log in and is in a hurry. In chat, "
                                    "short is kind: one thing per message."
                                ),
                                "how_to_personalise": (
                                    "Say out loud that you see the hurry, and promise to stay in "
                                    "the chat until it is done. Ask nothing you do not need."
                                ),
                                "personalised_example": (
                                    "Hi! Five minutes is enough, let's sort it now. Reset your "
                                    "password here: [link] – I'll wait right here until you're "
                                    "in."
                                ),
                            },
                        },
                    ),
                    (
                        "reflection_prompt",
                        "reflect",
                        {
                            "fi": {
                                "prompt": (
                                    "Ota yksi mallivastaus, jota käytät usein. Mitä muuttaisit, "
                                    "jotta se kuulostaisi sinulta?"
                                ),
                                "guidance": "",
                            },
                            "en": {
                                "prompt": (
                                    "Take one model answer you use often. What would you change "
                                    "so that it sounds like you?"
                                ),
                                "guidance": "",
                            },
                        },
                    ),
                ],
            },
            {
                "slug": "julkinen-palaute",
                "duration": 20,
                "fi": {
                    "title": "Julkinen palaute somessa",
                    "summary": "Kun asiakas valittaa julkisesti, vastaat myös kaikille lukijoille.",
                },
                "en": {
                    "title": "A public complaint on social media",
                    "slug": "public-complaint",
                    "summary": "When a customer complains in public, you answer every reader too.",
                },
                "body": [
                    (
                        "rich_text",
                        "intro",
                        {
                            "fi": (
                                "<p>Somessa vastauksesi lukee valittajan lisäksi satoja muita. "
                                "He eivät arvioi, kuka oli oikeassa, vaan sitä, miten kohtelemme "
                                "ihmistä, joka on pettynyt.</p><ul><li>Vastaa nopeasti, vaikka "
                                "vain kertoaksesi, että selvität asiaa.</li><li>Kiitä ja "
                                "pahoittele aidosti, älä puolustaudu.</li><li>Siirrä "
                                "henkilötiedot yksityisviestiin, mutta kerro julkisesti, mitä "
                                "tapahtuu.</li></ul>"
                            ),
                            "en": (
                                "<p>On social media your reply is read by hundreds besides the "
                                "person complaining. They do not judge who was right, but how "
                                "we treat someone who is disappointed.</p><ul><li>Reply fast, "
                                "even if only to say you are looking into it.</li><li>Thank and "
                                "apologise sincerely; do not defend yourself.</li><li>Move "
                                "personal details to a private message, but say in public what "
                                "will happen.</li></ul>"
                            ),
                        },
                    ),
                    (
                        "model_answer",
                        "social",
                        {
                            "channel": "social",
                            "fi": {
                                "situation": (
                                    "Asiakas julkaisee kuvan rikkinäisestä kahvinkeittimestä: "
                                    "'Kaksi viikkoa takuun jälkeen. Kiitos tästä, ei enää "
                                    "koskaan.'"
                                ),
                                "template": (
                                    "Hei [nimi], kiitos kun kerroit. Olemme pahoillamme, että "
                                    "laite hajosi. Laitoimme sinulle yksityisviestin, jotta "
                                    "voimme selvittää asian. – [oma nimi]"
                                ),
                                "when_to_use": (
                                    "Kun julkinen viesti koskee yksittäisen asiakkaan tilannetta "
                                    "ja selvittäminen vaatii henkilötietoja."
                                ),
                                "how_to_personalise": (
                                    "Tunnusta asiakkaan pettymys hänen omin sanoinsa. Kerro "
                                    "julkisesti yksi konkreettinen seuraava askel ja aikataulu, "
                                    "jotta muutkin lukijat näkevät asian etenevän."
                                ),
                                "personalised_example": (
                                    "Hei Pekka, ymmärrän hyvin – keitin, joka hajoaa kaksi viikkoa "
                                    "takuun päättymisen jälkeen, tuntuu pahalta. Takuun loppu ei "
                                    "kuitenkaan ole asian loppu: myyjän virhevastuu jatkuu takuun "
                                    "jälkeenkin, eikä kahden vuoden ikäisen keittimen kuulu hajota. "
                                    "Kirjoitin sinulle yksityisviestin, jossa sovitaan keittimen "
                                    "tutkimisesta. Kerron sinulle huomenna kello 12 mennessä, miten "
                                    "asia etenee. – Laura asiakaspalvelusta"
                                ),
                            },
                            "en": {
                                "situation": (
                                    "A customer posts a photo of a broken coffee machine: 'Two "
                                    "weeks after the warranty. Thanks for nothing, never again.'"
                                ),
                                "template": (
                                    "Hi [name], thank you for telling us. We are sorry your "
                                    "machine broke. We've sent you a private message so that we "
                                    "can look into it. – [your name]"
                                ),
                                "when_to_use": (
                                    "When a public post is about one customer's situation and "
                                    "sorting it out needs personal details."
                                ),
                                "how_to_personalise": (
                                    "Acknowledge the disappointment in the customer's own words. "
                                    "Say in public one concrete next step and when, so that "
                                    "other readers see the case moving."
                                ),
                                "personalised_example": (
                                    "Hi Pekka, I completely understand – a machine that breaks "
                                    "two weeks after the warranty ends feels awful. The end of the "
                                    "warranty is not the end of the story, though: the seller's "
                                    "liability for defects goes on after it, and a two-year-old "
                                    "machine should not break. I've sent you a private message so "
                                    "we can arrange for it to be inspected, and I'll tell you by "
                                    "noon tomorrow how it is going. – Laura, customer service"
                                ),
                            },
                        },
                    ),
                    (
                        "quiz",
                        "quiz",
                        {
                            "pass_mark": 80,
                            "fi": {"title": "Vastaa julkisesti", "intro": ""},
                            "en": {"title": "Replying in public", "intro": ""},
                            "questions": [
                                _q(
                                    "scenario",
                                    "building-trust",
                                    (
                                        "Asiakkaan julkinen viesti sisältää virheen: hän väittää "
                                        "odottaneensa kuukauden, vaikka tilaus tehtiin viikko "
                                        "sitten.",
                                        "Miten vastaat julkisesti?",
                                        [
                                            (
                                                "Korjaan virheen julkisesti ja liitän "
                                                "tilaushistorian.",
                                                False,
                                                "Vaikka olisit oikeassa, julkinen oikaisu näyttää "
                                                "kaikille lukijoille puolustautumiselta.",
                                            ),
                                            (
                                                "Lupaan julkisesti, että paketti on perillä huomenna.",
                                                False,
                                                "Et vielä tiedä, missä paketti on. Julkinen lupaus, joka ei pidä, näkyy kaikille.",
                                            ),
                                            (
                                                "En vastaa julkisesti, vaan laitan heti yksityisviestin.",
                                                False,
                                                "Asia voi ratketa, mutta muut lukijat näkevät vain vastaamattoman valituksen.",
                                            ),
                                            (
                                                "Pahoittelen odotusta, kerron selvittäväni asian "
                                                "ja jatkan yksityisviestillä.",
                                                True,
                                                "Asia korjaantuu kahden kesken, ja julkisesti näkyy "
                                                "välittäminen.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "A customer's public post contains a mistake: they claim "
                                        "to have waited a month, though the order was placed a "
                                        "week ago.",
                                        "How do you reply in public?",
                                        [
                                            (
                                                "I correct the mistake in public and attach the "
                                                "order history.",
                                                False,
                                                "Even if you are right, a public correction looks "
                                                "defensive to every reader.",
                                            ),
                                            (
                                                "I promise in public that the parcel will arrive tomorrow.",
                                                False,
                                                "You do not yet know where the parcel is. A public promise that fails is seen by everyone.",
                                            ),
                                            (
                                                "I do not reply in public but send a private message at once.",
                                                False,
                                                "The case may get solved, but other readers see only an unanswered complaint.",
                                            ),
                                            (
                                                "I apologise for the wait, say I'm looking into it "
                                                "and continue in a private message.",
                                                True,
                                                "The facts get sorted privately, and in public "
                                                "people see that we care.",
                                            ),
                                        ],
                                    ),
                                ),
                                _q(
                                    "single",
                                    "ownership",
                                    (
                                        "",
                                        "Kuka vastaa julkiseen valitukseen, joka koskee toisen "
                                        "tiimin asiaa?",
                                        [
                                            (
                                                "Minä, ja pyydän toiselta tiimiltä tiedot.",
                                                True,
                                                "Asiakkaalle olemme yksi talo. Se, joka näkee "
                                                "viestin, ottaa sen hoitaakseen.",
                                            ),
                                            (
                                                "Ei kukaan, ennen kuin oikea tiimi huomaa sen.",
                                                False,
                                                "Vastaamaton julkinen viesti kertoo kaikille, "
                                                "ettei kukaan välitä.",
                                            ),
                                            (
                                                "Esihenkilö, koska julkinen vastaus on aina esihenkilön asia.",
                                                False,
                                                "Odottaminen pitkittää julkista hiljaisuutta. Voit vastata heti ja kysyä tarvittaessa neuvoa.",
                                            ),
                                            (
                                                "Minä, ja kerron ketjussa, että asia kuuluu toiselle tiimille.",
                                                False,
                                                "Vastaat nopeasti, mutta siirrät asian asiakkaalle. Asiakkaalle olemme yksi talo.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "",
                                        "Who answers a public complaint about another team's work?",
                                        [
                                            (
                                                "I do, and I ask the other team for the facts.",
                                                True,
                                                "To the customer we are one company. Whoever sees "
                                                "the post takes it on.",
                                            ),
                                            (
                                                "Nobody, until the right team notices it.",
                                                False,
                                                "An unanswered public post tells everyone that "
                                                "nobody cares.",
                                            ),
                                            (
                                                "The manager, because a public reply is always the manager's job.",
                                                False,
                                                "Waiting drags out the public silence. You can reply at once and ask for advice if you need it.",
                                            ),
                                            (
                                                "I do, and I write in the thread that it belongs to another team.",
                                                False,
                                                "You reply fast, but hand the problem back to the customer. To the customer we are one company.",
                                            ),
                                        ],
                                    ),
                                ),
                            ],
                        },
                    ),
                    (
                        "service_promise",
                        "trust",
                        {
                            "competency": "building-trust",
                            "fi": {
                                "note": "Julkisesti annettu lupaus on lupaus kaikille lukijoille."
                            },
                            "en": {
                                "note": "A promise made in public is a promise to every reader."
                            },
                        },
                    ),
                ],
            },
        ],
    },
    {
        "slug": "miksi",
        "pillar": "why",
        "duration": 50,
        "requires": False,
        "fi": {
            "title": "Miksi sillä on väliä",
            "objectives": (
                "Tunnistat, mitä tunteita tekomme herättävät asiakkaassa – ja meissä.\n"
                "Kuulet eron kylmän ja lämpimän kohtaamisen välillä.\n"
                "Ymmärrät, miten oma jaksaminen näkyy palvelussa."
            ),
        },
        "en": {
            "title": "Why it matters",
            "slug": "why",
            "objectives": (
                "You recognise the feelings our actions raise in the customer – and in us.\n"
                "You hear the difference between a cold and a warm encounter.\n"
                "You understand how your own wellbeing shows in your service."
            ),
        },
        "lessons": [
            {
                "slug": "kylma-ja-lammin",
                "duration": 15,
                "fi": {
                    "title": "Kylmä ja lämmin puhelu",
                    "summary": "Sama asiakas, sama ongelma, sama ohje – kaksi eri kokemusta.",
                },
                "en": {
                    "title": "A cold call and a warm call",
                    "slug": "cold-and-warm-call",
                    "summary": "Same customer, same problem, same rule – two experiences.",
                },
                "body": [
                    (
                        "rich_text",
                        "intro",
                        {
                            "fi": (
                                "<p>Kuuntele kaksi versiota samasta puhelusta. Kummassakin "
                                "asiaa hoitaa sama menettely: soittaja tunnistetaan, ostopäivä "
                                "tarkistetaan, ja asiakas kuulee saman tiedon. Takuu on "
                                "päättynyt, mutta myyjän virhevastuu ei: kahden vuoden ikäisen "
                                "keittimen kuuluu vielä toimia, joten huolto tutkii sen, ja jos "
                                "vika on laitteessa, korjaus on asiakkaalle maksuton. Ero on "
                                "siinä, miltä puhelu tuntuu. Kuuntele ensin, lue litteraatti "
                                "vasta sitten.</p>"
                                "<p>Tallenteet on tehty puhesynteesillä, eikä kone kuulosta "
                                "ihmiseltä: kuuntele eroa sanoissa, tauoissa ja tahdissa. "
                                "Sisällöntuottaja voi vaihtaa tilalle organisaation omat "
                                "puhelutallenteet.</p>"
                            ),
                            "en": (
                                "<p>Listen to two versions of the same call. Both follow the "
                                "same procedure: the caller is identified, the purchase date is "
                                "checked and the customer hears the same facts. The warranty "
                                "has ended, but the seller's liability for defects has not: a "
                                "two-year-old coffee machine should still work, so it is "
                                "inspected, and if the fault is in the machine the repair is "
                                "free for the customer. The difference is how the call feels. "
                                "Listen first; read the transcript only after.</p>"
                                "<p>The recordings are made with speech synthesis, and a "
                                "machine does not sound human: listen for the difference in "
                                "the words, the pauses and the pace. A content editor can "
                                "replace them with the organisation's own call recordings.</p>"
                            ),
                        },
                    ),
                    (
                        "call_recording",
                        "call",
                        {
                            "fi": {
                                "title": "Kahvinkeitin, joka hajosi takuun jälkeen",
                                "situation": (
                                    "Asiakas soittaa: hänen kahvinkeittimensä lakkasi "
                                    "lämpenemästä kaksi viikkoa takuun päättymisen jälkeen."
                                ),
                                "question": "",
                            },
                            "en": {
                                "title": "The coffee machine that broke after the warranty",
                                "situation": (
                                    "A customer calls: their coffee machine stopped heating two "
                                    "weeks after the warranty ran out."
                                ),
                                "question": "",
                            },
                        },
                    ),
                    (
                        "key_takeaway",
                        "takeaway",
                        {
                            "fi": {
                                "text": (
                                    "Lämmin puhelu ei luvannut enempää kuin kylmä – mutta se "
                                    "otti asiakkaan tunteen ja asian omakseen."
                                )
                            },
                            "en": {
                                "text": (
                                    "The warm call promised no more than the cold one – but it "
                                    "took on the customer's feeling and their problem."
                                )
                            },
                        },
                    ),
                ],
            },
            {
                "slug": "tunteet",
                "duration": 15,
                "fi": {
                    "title": "Mitä tunteita tekomme herättävät",
                    "summary": "Asiakas muistaa tunteen – ja niin muistamme mekin.",
                },
                "en": {
                    "title": "The feelings our actions raise",
                    "slug": "feelings",
                    "summary": "Customers remember the feeling – and so do we.",
                },
                "body": [
                    (
                        "rich_text",
                        "intro",
                        {
                            "fi": (
                                "<p>Jokainen teko herättää tunteen: odottaminen turhauttaa, "
                                "epäselvyys pelottaa, nimeltä kutsuminen lämmittää. Tunteet "
                                "syntyvät myös meissä. Vihainen puhelu voi jäädä mieleen koko "
                                "päiväksi, ja kiitos voi kantaa viikon.</p>"
                                "<p>Kun tunnistat tunteen, voit vastata siihen – sekä "
                                "asiakkaassa että itsessäsi.</p>"
                            ),
                            "en": (
                                "<p>Every action raises a feeling: waiting frustrates, "
                                "uncertainty frightens, being called by name warms. Feelings "
                                "arise in us too. An angry call can stay with you all day, and "
                                "a thank-you can carry you for a week.</p>"
                                "<p>Once you recognise a feeling, you can respond to it – in "
                                "the customer and in yourself.</p>"
                            ),
                        },
                    ),
                    (
                        "image",
                        "picture",
                        {
                            "fi": {
                                "alt": (
                                    "Piirroskuva: kaksi ihmistä keskustelee, ja heidän "
                                    "välissään on sydän."
                                ),
                                "caption": "Tunne kulkee molempiin suuntiin.",
                            },
                            "en": {
                                "alt": "Illustration: two people talking, with a heart between them.",
                                "caption": "Feelings travel both ways.",
                            },
                        },
                    ),
                    (
                        "quiz",
                        "quiz",
                        {
                            "pass_mark": 80,
                            "fi": {"title": "Tunteet kohtaamisessa", "intro": ""},
                            "en": {"title": "Feelings in an encounter", "intro": ""},
                            "questions": [
                                _q(
                                    "scenario",
                                    "empathy",
                                    (
                                        "Asiakas huutaa puhelimessa laskusta. Kesken puhelun hän "
                                        "mainitsee, että hänen miehensä on sairaalassa.",
                                        "Mistä vihassa luultavasti on kyse?",
                                        [
                                            (
                                                "Laskun summasta.",
                                                False,
                                                "Lasku on pinta. Kuuntele, mitä sen alla on.",
                                            ),
                                            (
                                                "Siitä, että hän haluaa hyvityksen laskusta.",
                                                False,
                                                "Hyvitys voi kuulua ratkaisuun, mutta jos tarjoat "
                                                "sitä heti, ohitat sen, mitä hän juuri kertoi.",
                                            ),
                                            (
                                                "Huolesta ja voimien loppumisesta; lasku on "
                                                "viimeinen pisara.",
                                                True,
                                                "Kun sanoitat huolen ('kuulostaa siltä, että "
                                                "sinulla on nyt paljon kannettavana'), viha "
                                                "usein laantuu.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "A customer is shouting on the phone about a bill. Mid-"
                                        "call they mention that their husband is in hospital.",
                                        "What is the anger probably about?",
                                        [
                                            (
                                                "The amount on the bill.",
                                                False,
                                                "The bill is the surface. Listen for what lies "
                                                "beneath it.",
                                            ),
                                            (
                                                "Wanting a refund on the bill.",
                                                False,
                                                "A refund may be part of the answer, but offered at "
                                                "once it passes over what they just told you.",
                                            ),
                                            (
                                                "Worry and exhaustion; the bill is the last straw.",
                                                True,
                                                "When you name the worry ('it sounds like you have "
                                                "a lot to carry right now'), anger often eases.",
                                            ),
                                        ],
                                    ),
                                ),
                                _q(
                                    "single",
                                    "presence",
                                    (
                                        "",
                                        "Mikä kertoo asiakkaalle eniten siitä, että olet läsnä?",
                                        [
                                            (
                                                "Viittaat johonkin, mitä hän sanoi aiemmin "
                                                "samassa keskustelussa.",
                                                True,
                                                "Se osoittaa, että kuuntelit etkä vain odottanut "
                                                "vuoroasi.",
                                            ),
                                            (
                                                "Vastaat nopeasti jokaiseen kysymykseen.",
                                                False,
                                                "Nopeus on hyvä, mutta se ei vielä kerro, että "
                                                "kuulit, mitä asiakas tarkoitti.",
                                            ),
                                            (
                                                "Sanot asiakkaan nimen jokaisessa lauseessa.",
                                                False,
                                                "Nimi lämmittää kerran tai kahdesti. Jatkuvasti "
                                                "toistettuna se kuulostaa opitulta tekniikalta.",
                                            ),
                                            (
                                                "Sanot 'ymmärrän' jokaisen lauseen jälkeen.",
                                                False,
                                                "Toistettuna fraasi kuulostaa automaatilta.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "",
                                        "What tells a customer most clearly that you are present?",
                                        [
                                            (
                                                "You refer to something they said earlier in the "
                                                "same conversation.",
                                                True,
                                                "It shows you listened – not just waited for your "
                                                "turn.",
                                            ),
                                            (
                                                "You answer every question quickly.",
                                                False,
                                                "Speed is good, but it does not show that you "
                                                "heard what the customer meant.",
                                            ),
                                            (
                                                "You use the customer's name in every sentence.",
                                                False,
                                                "A name warms once or twice. Repeated all the time, "
                                                "it sounds like a technique learnt on a course.",
                                            ),
                                            (
                                                "You say 'I understand' after every sentence.",
                                                False,
                                                "Repeated, the phrase sounds automatic.",
                                            ),
                                        ],
                                    ),
                                ),
                            ],
                        },
                    ),
                    (
                        "reflection_prompt",
                        "reflect",
                        {
                            "fi": {
                                "prompt": (
                                    "Muistele kohtaamista, joka jäi mieleesi päiväksi. Mitä "
                                    "asiakas tunsi, ja mitä sinä tunsit?"
                                ),
                                "guidance": "Kirjoita vain itsellesi. Voit jakaa sen valmentajalle, jos haluat.",
                            },
                            "en": {
                                "prompt": (
                                    "Recall an encounter that stayed with you all day. What did "
                                    "the customer feel, and what did you feel?"
                                ),
                                "guidance": "Write it for yourself. You can share it with your coach if you like.",
                            },
                        },
                    ),
                ],
            },
            {
                "slug": "hyvinvoiva-tiimi",
                "duration": 15,
                "fi": {
                    "title": "Työntekijät tekevät kokemuksen",
                    "summary": "Jaksaminen, riittävä miehitys ja arvostus näkyvät suoraan palvelussa.",
                },
                "en": {
                    "title": "Employees make the experience",
                    "slug": "employees-make-the-experience",
                    "summary": "Wellbeing, enough people on shift and respect show in the service.",
                },
                "body": [
                    (
                        "rich_text",
                        "intro",
                        {
                            "fi": (
                                "<p>Väsynyt ja kiireinen ihminen ei jaksa olla läsnä, vaikka "
                                "haluaisi. Siksi hyvä palvelu alkaa siitä, miten me voimme: "
                                "riittävä määrä ihmisiä vuorossa, tauot, joita voi pitää, ja "
                                "esihenkilö, joka arvostaa.</p>"
                                "<p>Valmennuksemme on kannustavaa. Valmentaja ei etsi virheitä vaan "
                                "auttaa näkemään, mikä jo toimii, ja seuraavan askeleen. Kerro "
                                "valmentajallesi, jos kuormitus kasvaa liian suureksi – se on "
                                "osa ammattitaitoa, ei heikkoutta.</p>"
                            ),
                            "en": (
                                "<p>A tired and rushed person cannot be present, however much "
                                "they want to. So good service starts with how we are: enough "
                                "people on shift, breaks you can actually take, and a manager "
                                "who shows respect.</p>"
                                "<p>Our coaching is supportive. A coach does not hunt for "
                                "mistakes but helps you see what already works, and the next "
                                "step. Tell your coach if the load grows too heavy – that is "
                                "part of being a professional, not a weakness.</p>"
                            ),
                        },
                    ),
                    (
                        "service_promise",
                        "wow",
                        {
                            "competency": "wow",
                            "fi": {
                                "note": (
                                    "Pieni odottamaton lisä syntyy vain, kun on aikaa huomata. "
                                    "Siksi jaksaminen on osa lupausta."
                                )
                            },
                            "en": {
                                "note": (
                                    "The small unexpected extra only happens when there is time "
                                    "to notice. That is why wellbeing is part of the promise."
                                )
                            },
                        },
                    ),
                    (
                        "reflection_prompt",
                        "reflect",
                        {
                            "fi": {
                                "prompt": "Mikä auttaa sinua olemaan läsnä vaikean päivän keskellä?",
                                "guidance": "",
                            },
                            "en": {
                                "prompt": "What helps you stay present in the middle of a hard day?",
                                "guidance": "",
                            },
                        },
                    ),
                    (
                        "key_takeaway",
                        "takeaway",
                        {
                            "fi": {"text": "Asiakas saa sen palvelun, jonka jaksamme antaa."},
                            "en": {"text": "Customers get the service we have the energy to give."},
                        },
                    ),
                ],
            },
        ],
    },
]

# Notes for editors, per lesson slug: where each fact in the lesson comes from, and what
# to check before it is changed. Seeded as comments on the lesson's title in the editor
# (Wagtail's comments panel), in the page's own language; learners never see them.
EDITOR_NOTES = {
    "kuuntele-loppuun": {
        "fi": [
            "Lähde, soittajan tunnistaminen: EU:n tietosuoja-asetus (EU) 2016/679, 5 artiklan "
            "1 f kohta ja 32 artikla; tietosuojavaltuutetun toimiston ohjeet. Soittaja "
            "tunnistetaan ennen kuin hänen asioistaan puhutaan, joka kanavassa.",
            "Lähde, perhe-eläke: kuolintieto tulee eläkelaitokselle väestötietojärjestelmästä "
            "(laki väestötietojärjestelmästä ja Digi- ja väestötietoviraston "
            "varmennepalveluista 661/2009), joten kuolintodistusta ei yleensä tarvita. "
            "Tarkista liiteluettelo oman eläkelaitoksen ohjeesta (Eläketurvakeskus, Kela) "
            "ennen kuin muutat kysymystä.",
        ],
        "en": [
            "Source, identifying the caller: EU General Data Protection Regulation (EU) "
            "2016/679, Article 5(1)(f) and Article 32; guidance of the Office of the Data "
            "Protection Ombudsman. The caller is identified before their case is "
            "discussed, on every channel.",
            "Source, survivor's pension: pension providers read a death from the population "
            "register (Act on the Population Information System and the Certificate Services "
            "of the Digital and Population Data Services Agency, 661/2009), so a death "
            "certificate is usually not needed. Check the list of attachments against the "
            "provider's own guidance (Finnish Centre for Pensions, Kela) before changing the "
            "question.",
        ],
    },
    "julkinen-palaute": {
        "fi": [
            "Lähde, virhevastuu: kuluttajansuojalaki (38/1978) 5 luku, erityisesti 12 § "
            "(tavaran virhe, myös kestävyys) ja 15 a § (takuu). Takuu on lisälupaus: myyjän "
            "virhevastuu ei pääty takuun päättyessä, jos tavara ei kestä niin kauan kuin sen "
            "voi kohtuudella odottaa kestävän. Kilpailu- ja kuluttajaviraston ohje "
            "'Virhevastuu ja takuu'.",
            "Mallivastaus ei lupaa 'hyvitystä' eikä 'hyvän tahdon eleitä' silloin, kun "
            "asiakkaalla on oikeus korjaukseen. Henkilötiedot ja tunnistaminen siirretään "
            "yksityisviestiin.",
        ],
        "en": [
            "Source, seller's liability for defects: Consumer Protection Act (38/1978), "
            "chapter 5, in particular section 12 (defect, including durability) and section "
            "15a (warranty). A warranty is an extra promise: the seller's liability does not "
            "end with it if the goods do not last as long as can reasonably be expected. "
            "Finnish Competition and Consumer Authority, 'Liability for defects and "
            "warranty'.",
            "The model answer does not offer a 'goodwill gesture' where the customer has a "
            "right to a repair. Personal details and identification go to the private "
            "message.",
        ],
    },
    "kylma-ja-lammin": {
        "fi": [
            "Lähde, virhevastuu: kuluttajansuojalaki (38/1978) 5 luku, 12 § ja 15 a §; "
            "Kilpailu- ja kuluttajaviraston ohje 'Virhevastuu ja takuu'. Molemmat puhelut "
            "kertovat saman tiedon ja noudattavat samaa menettelyä (tunnistaminen "
            "asiakasnumerolla ja nimellä, ostopäivä, virhevastuu, seuraava askel); vain "
            "asenne eroaa. Pidä ne samanlaisina, jos muutat toista.",
            "Tallenteet ovat puhesynteesillä (espeak-ng) tehtyjä sijaisia, ks. "
            "demo/media/make_audio.py. Vaihda tilalle organisaation omat tallenteet ja "
            "päivitä litteraatin ajat.",
        ],
        "en": [
            "Source, seller's liability for defects: Consumer Protection Act (38/1978), "
            "chapter 5, sections 12 and 15a; Finnish Competition and Consumer Authority, "
            "'Liability for defects and warranty'. Both calls give the same facts and follow "
            "the same procedure (identification by customer number and name, purchase date, "
            "liability for defects, next step); only the attitude differs. Keep them alike "
            "if you change one.",
            "The recordings are synthetic stand-ins made with espeak-ng, see "
            "demo/media/make_audio.py. Replace them with the organisation's own recordings "
            "and update the transcript's times.",
        ],
    },
    "asenne-ennen-ohjetta": {
        "fi": [
            "Tallenne 'Puhelu, joka muistetaan' on Kohtaamon oma, puhesynteesillä tehty "
            "esimerkki. Vaihda tilalle oman organisaation tarina ja sen litteraatti."
        ],
        "en": [
            "The recording 'A call that is remembered' is Kohtaamo's own, made with speech "
            "synthesis. Replace it with a story from your own organisation and its "
            "transcript."
        ],
    },
}
