"""The demo's call recordings: one call about a coffee machine, handled coldly and warmly.

Plain data, so that ``demo/media/make_audio.py`` can turn it into sound
without Django. Each line is (speaker, text); the timings of the generated audio are
written to ``media/timings.json`` and become the transcript's timestamps.
"""

CALLS = {
    "fi": {
        "cold": [
            ("agent", "Asiakaspalvelu."),
            ("customer", "Hei. Ostin teiltä kahvinkeittimen, ja nyt se ei enää lämpene."),
            ("agent", "Asiakasnumero?"),
            ("customer", "Hetki... neljä neljä seitsemän yksi kaksi."),
            ("agent", "Takuu on päättynyt kaksi viikkoa sitten. Emme voi tehdä asialle mitään."),
            ("customer", "Eli minä vain heitän sen pois?"),
            ("agent", "Voitte viedä sen maksulliseen huoltoon. Oliko muuta?"),
            ("customer", "Ei. Ei ollut."),
        ],
        "warm": [
            ("agent", "Asiakaspalvelu, Laura täällä. Miten voin auttaa?"),
            ("customer", "Hei. Ostin teiltä kahvinkeittimen, ja nyt se ei enää lämpene."),
            ("agent", "Voi harmi, aamu ilman kahvia on huono alku. Milloin se lakkasi toimimasta?"),
            ("customer", "Eilen. Takuu taisi juuri loppua, vaikka laite on melkein uusi."),
            (
                "agent",
                "Ymmärrän, että se tuntuu epäreilulta. Selvitän itse, voimmeko korjata sen "
                "hyvityksenä, ja soitan sinulle huomenna ennen kymmentä.",
            ),
            ("customer", "No, sehän kuulostaa hyvältä. Kiitos, Laura."),
        ],
    },
    "en": {
        "cold": [
            ("agent", "Customer service."),
            ("customer", "Hi. I bought a coffee machine from you, and now it won't heat up."),
            ("agent", "Customer number?"),
            ("customer", "Just a second... four four seven one two."),
            ("agent", "The warranty ended two weeks ago. There is nothing we can do."),
            ("customer", "So I just throw it away?"),
            ("agent", "You can take it to a paid repair service. Anything else?"),
            ("customer", "No. Nothing else."),
        ],
        "warm": [
            ("agent", "Customer service, this is Laura. How can I help?"),
            ("customer", "Hi. I bought a coffee machine from you, and now it won't heat up."),
            ("agent", "Oh no, a morning without coffee is a bad start. When did it stop working?"),
            ("customer", "Yesterday. I think the warranty just ran out, and it's almost new."),
            (
                "agent",
                "I understand that feels unfair. I'll find out myself whether we can repair it "
                "as a goodwill gesture, and I'll call you back tomorrow before ten.",
            ),
            ("customer", "Well, that sounds good. Thank you, Laura."),
        ],
    },
}

VOICES = {
    ("fi", "agent"): "fi+m3",
    ("fi", "customer"): "fi+f3",
    ("en", "agent"): "en-gb+m3",
    ("en", "customer"): "en-gb+f3",
}
