"""The demo's recordings: one call about a coffee machine, handled coldly and warmly,
and a short piece for the why module, in which a customer and the agent who served her
remember one call.

Plain data, so that ``demo/media/make_audio.py`` can turn it into sound without Django.
Each line is (speaker, text); the timings of the generated audio are written to
``media/timings.json`` and become the transcript's timestamps.

The cold and the warm call follow one procedure line by line (greeting, the problem,
identifying the caller, the purchase date, the seller's liability for defects, the next
step, the close), so that only the attitude differs. The facts are the same in both: the
warranty has ended, the seller's liability for defects has not (Consumer Protection Act,
chapter 5), so the machine is inspected and a fault in it is repaired free of charge.
"""

CALLS = {
    "fi": {
        "cold": [
            ("agent", "Asiakaspalvelu."),
            ("customer", "Hei. Ostin teiltä kahvinkeittimen, ja nyt se ei enää lämpene."),
            ("agent", "Asiakasnumero ja nimi?"),
            ("customer", "Hetki... neljä neljä seitsemän yksi kaksi. Pekka Salo."),
            ("agent", "Ostettu kaksi vuotta ja kaksi viikkoa sitten. Takuu on päättynyt."),
            ("customer", "Eli minä vain heitän sen pois?"),
            (
                "agent",
                "Virhevastuu voi koskea laitetta vielä. Tuokaa se myymälään, huolto tutkii "
                "sen. Jos vika on laitteessa, korjaus on maksuton. Oliko muuta?",
            ),
            ("customer", "Ei. Ei ollut."),
        ],
        "warm": [
            ("agent", "Asiakaspalvelu, Laura täällä. Miten voin auttaa?"),
            ("customer", "Hei. Ostin teiltä kahvinkeittimen, ja nyt se ei enää lämpene."),
            (
                "agent",
                "Voi harmi, aamu ilman kahvia on huono alku. Katsotaan tätä yhdessä. "
                "Kertoisitko asiakasnumerosi ja nimesi?",
            ),
            ("customer", "Hetki... neljä neljä seitsemän yksi kaksi. Pekka Salo."),
            (
                "agent",
                "Kiitos, Pekka. Näen, että ostit keittimen kaksi vuotta ja kaksi viikkoa "
                "sitten, eli takuu on juuri päättynyt.",
            ),
            ("customer", "Niin arvelinkin. Eli minä vain heitän sen pois?"),
            (
                "agent",
                "Et suinkaan. Takuu on vain lisälupaus, ja myyjän virhevastuu jatkuu sen "
                "jälkeenkin: kahden vuoden ikäisen keittimen kuuluu vielä toimia. Tuo se "
                "myymälään, niin huolto tutkii sen, ja jos vika on laitteessa, korjaus on "
                "sinulle maksuton. Soitan sinulle itse, kun tulos on selvillä.",
            ),
            ("customer", "No, sehän kuulostaa hyvältä. Kiitos, Laura."),
        ],
        "why": [
            (
                "customer",
                "Soitin teille kolme vuotta sitten. Mieheni oli juuri kuollut, ja laskuja "
                "tuli joka päivä.",
            ),
            (
                "customer",
                "En muista enää, mitä laskua se koski. Muistan, että puhelimessa oli ihminen, "
                "joka ei pitänyt kiirettä.",
            ),
            (
                "agent",
                "Minä vastasin siihen puheluun. En tehnyt mitään erikoista: kuuntelin "
                "loppuun ja hoidin asian itse loppuun asti.",
            ),
            (
                "agent",
                "Ohjeet kertovat, mitä saan luvata. Se, miltä puhelu asiakkaasta tuntuu, on "
                "minun valintani.",
            ),
            ("customer", "Olen ollut asiakkaananne siitä asti."),
            (
                "agent",
                "Siksi teemme tätä näin. Jokainen puhelu voi olla jonkun ainoa kokemus meistä.",
            ),
        ],
    },
    "en": {
        "cold": [
            ("agent", "Customer service."),
            ("customer", "Hi. I bought a coffee machine from you, and now it won't heat up."),
            ("agent", "Customer number and name?"),
            ("customer", "Just a second... four four seven one two. Pekka Salo."),
            ("agent", "Bought two years and two weeks ago. The warranty has ended."),
            ("customer", "So I just throw it away?"),
            (
                "agent",
                "The seller's liability for defects may still cover it. Bring it to the shop "
                "and the service will inspect it. If the fault is in the machine, the repair "
                "is free. Anything else?",
            ),
            ("customer", "No. Nothing else."),
        ],
        "warm": [
            ("agent", "Customer service, this is Laura. How can I help?"),
            ("customer", "Hi. I bought a coffee machine from you, and now it won't heat up."),
            (
                "agent",
                "Oh no, a morning without coffee is a bad start. Let's look at this together. "
                "Could you tell me your customer number and your name?",
            ),
            ("customer", "Just a second... four four seven one two. Pekka Salo."),
            (
                "agent",
                "Thank you, Pekka. I can see you bought the machine two years and two weeks "
                "ago, so the warranty has just ended.",
            ),
            ("customer", "I thought so. So I just throw it away?"),
            (
                "agent",
                "Not at all. The warranty is only an extra promise; the seller's liability "
                "for defects goes on after it, and a two-year-old coffee machine should still "
                "work. Bring it to the shop and the service will inspect it, and if the fault "
                "is in the machine, the repair is free for you. I'll call you myself when we "
                "know.",
            ),
            ("customer", "Well, that sounds good. Thank you, Laura."),
        ],
        "why": [
            (
                "customer",
                "I called you three years ago. My husband had just died, and bills came every day.",
            ),
            (
                "customer",
                "I no longer remember which bill it was about. I remember that there was a "
                "person on the phone who did not rush me.",
            ),
            (
                "agent",
                "I took that call. I did nothing special: I listened to the end and saw the "
                "case through myself.",
            ),
            (
                "agent",
                "The rules tell me what I may promise. How the call feels to the customer is "
                "my choice.",
            ),
            ("customer", "I have been your customer ever since."),
            (
                "agent",
                "That is why we work this way. Every call may be someone's only experience of us.",
            ),
        ],
    },
}

# Two voices per recording, one for the agent and one for the customer: (language,
# recording, speaker) first, then (language, speaker). Pekka is a man; the customer who
# remembers her husband's death is a woman.
VOICES = {
    ("fi", "agent"): "fi+f2",
    ("fi", "customer"): "fi+m3",
    ("en", "agent"): "en-gb+f2",
    ("en", "customer"): "en-gb+m3",
    ("fi", "why", "customer"): "fi+f4",
    ("en", "why", "customer"): "en-gb+f4",
    ("fi", "why", "agent"): "fi+m1",
    ("en", "why", "agent"): "en-gb+m1",
}
