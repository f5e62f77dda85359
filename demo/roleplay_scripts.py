"""Solo practice scripts for three demo scenarios, in Finnish and English.

Per scenario key and language: a list of customer nodes in the script block's shape
(key, text, mood, end, expected, model_answer, choices [{text, intents, next}],
otherwise). The first node is the start.
"""

A, K, Q, N, OWN, X = "apology", "acknowledge", "clarify", "next_step", "ownership", "extra"


def node(key, mood, text, *, expected=(), model="", choices=(), otherwise="", end=False):
    return {
        "key": key,
        "text": text,
        "mood": mood,
        "end": end,
        "expected": list(expected),
        "model_answer": model,
        "choices": [{"text": t, "intents": list(i), "next": n} for t, i, n in choices],
        "otherwise": otherwise,
    }


SCRIPTS = {
    "anger-about-something-else": {
        "fi": [
            node(
                "start",
                "angry",
                "Teidän firmanne on ihan käsittämätön! Taas muistutusmaksu, vaikka minä "
                "hoidan laskut ajallaan. Haluan puhua esihenkilölle.",
                expected=[K, Q],
                model="Kuulen, että tämä on todella turhauttavaa, varsinkin kun hoidat "
                "laskusi ajallaan. Selvitetään yhdessä, mistä maksu on tullut. Kertoisitko, "
                "mitä laskua se koskee?",
                choices=[
                    (
                        "Esihenkilö ei valitettavasti ole nyt tavoitettavissa. Maksu on "
                        "ehtojen mukainen.",
                        [],
                        "colder",
                    ),
                    (
                        "Ymmärrän, että tämä harmittaa, varsinkin kun olet hoitanut laskusi. "
                        "Kertoisitko, mitä laskua maksu koskee?",
                        [K, Q],
                        "invoice",
                    ),
                ],
                otherwise="colder",
            ),
            node(
                "colder",
                "angry",
                "Ehtojen mukainen? Minulla ei ole aikaa tällaiseen. Äitini muutti juuri "
                "hoivakotiin, ja minä hoidan nyt kaiken yksin.",
                expected=[K, A],
                model="Olen pahoillani. Kuulostaa siltä, että sinulla on nyt todella paljon "
                "kannettavana. Katsotaan edes tämä yksi asia yhdessä kuntoon.",
                choices=[
                    (
                        "Olen pahoillani. Kuulostaa raskaalta, ja tämä maksu tuli vielä "
                        "kaiken muun päälle.",
                        [A, K],
                        "mother",
                    ),
                    ("Osoitteenmuutos pitää tehdä itse verkkopalvelussa.", [], "leaving"),
                ],
                otherwise="leaving",
            ),
            node(
                "invoice",
                "upset",
                "No se maaliskuun lasku. Se meni äidin vanhaan osoitteeseen, kun hän muutti "
                "hoivakotiin. Minä hoidan nyt hänen asiansa.",
                expected=[K],
                model="Kuulostaa siltä, että sinulla on ollut paljon hoidettavaa yhtä aikaa. "
                "Hyvä, että soitit.",
                choices=[
                    (
                        "Kuulostaa siltä, että sinulla on ollut paljon hoidettavaa yhtä aikaa. "
                        "Hyvä, että soitit.",
                        [K],
                        "mother",
                    ),
                    ("Selvä. Maksu on silti erääntynyt.", [], "leaving"),
                ],
                otherwise="mother",
            ),
            node(
                "mother",
                "upset",
                "Niin… Anteeksi, että huusin. Tämä ei oikeastaan ole teidän vikanne. Kaikki "
                "on vain nyt vähän liikaa.",
                expected=[OWN, N],
                model="Ei tarvitse pyytää anteeksi. Minä hoidan tämän: poistan "
                "muistutusmaksun ja vaihdan laskut menemään äitisi uuteen osoitteeseen. "
                "Saat vahvistuksen sähköpostiisi vielä tänään.",
                choices=[
                    (
                        "Ei tarvitse pyytää anteeksi. Minä hoidan tämän: poistan "
                        "muistutusmaksun ja vaihdan laskut menemään äitisi uuteen "
                        "osoitteeseen vielä tänään.",
                        [OWN, N],
                        "relieved",
                    ),
                    ("Voin poistaa maksun tämän kerran.", [N], "next-bill"),
                ],
                otherwise="next-bill",
            ),
            node(
                "next-bill",
                "doubtful",
                "Hyvä on. Mutta meneekö seuraava lasku taas vanhaan osoitteeseen?",
                expected=[OWN, N],
                model="Ei mene, pidän siitä huolen: päivitän osoitteen nyt saman tien ja "
                "lähetän sinulle vahvistuksen.",
                choices=[
                    (
                        "Ei mene, pidän siitä huolen: päivitän osoitteen nyt saman tien ja "
                        "lähetän sinulle vahvistuksen.",
                        [OWN, N],
                        "relieved",
                    ),
                    ("Osoitteen voi vaihtaa verkkopalvelussa.", [], "leaving"),
                ],
                otherwise="leaving",
            ),
            node(
                "relieved",
                "relieved",
                "Kiitos. Oikeasti, kiitos. Onko vielä jotain, mitä minun pitää muistaa?",
                expected=[X],
                model="Ei tästä asiasta. Jos haluat, lähetän samalla listan asioista, jotka "
                "kannattaa päivittää, kun omainen muuttaa hoivakotiin. Moni kokee sen "
                "helpottavana.",
                choices=[
                    (
                        "Ei tästä asiasta. Jos haluat, lähetän samalla listan asioista, "
                        "jotka kannattaa päivittää, kun omainen muuttaa hoivakotiin.",
                        [X],
                        "thanks",
                    ),
                    ("Ei muuta. Hyvää päivänjatkoa!", [], "thanks"),
                ],
                otherwise="thanks",
            ),
            node(
                "thanks",
                "pleased",
                "Tämä oli ensimmäinen asia tällä viikolla, joka hoitui helposti. Kiitos, "
                "että kuuntelit.",
                end=True,
            ),
            node(
                "leaving",
                "angry",
                "Selvä. Hoidan sitten itse, kuten aina. Hei.",
                end=True,
            ),
        ],
        "en": [
            node(
                "start",
                "angry",
                "Your company is unbelievable! Another reminder fee, and I always pay on "
                "time. I want to speak to a manager.",
                expected=[K, Q],
                model="I can hear how frustrating this is, especially when you pay on time. "
                "Let's find out together where the fee came from. Could you tell me which "
                "invoice it is about?",
                choices=[
                    (
                        "Unfortunately no manager is available right now. The fee is in line "
                        "with our terms.",
                        [],
                        "colder",
                    ),
                    (
                        "I understand this is annoying, especially when you've paid your "
                        "bills. Could you tell me which invoice the fee is about?",
                        [K, Q],
                        "invoice",
                    ),
                ],
                otherwise="colder",
            ),
            node(
                "colder",
                "angry",
                "In line with your terms? I don't have time for this. My mother has just "
                "moved into a care home and I'm handling everything on my own.",
                expected=[K, A],
                model="I'm sorry. It sounds like you're carrying a lot right now. Let's at "
                "least get this one thing sorted together.",
                choices=[
                    (
                        "I'm sorry. That sounds really hard, and this fee came on top of "
                        "everything else.",
                        [A, K],
                        "mother",
                    ),
                    (
                        "You need to change the address yourself in our online service.",
                        [],
                        "leaving",
                    ),
                ],
                otherwise="leaving",
            ),
            node(
                "invoice",
                "upset",
                "The March one. It went to my mother's old address after she moved into a "
                "care home. I'm looking after her affairs now.",
                expected=[K],
                model="It sounds like you've had a lot to deal with at once. I'm glad you called.",
                choices=[
                    (
                        "It sounds like you've had a lot to deal with at once. I'm glad you "
                        "called.",
                        [K],
                        "mother",
                    ),
                    ("I see. The fee is still overdue, though.", [], "leaving"),
                ],
                otherwise="mother",
            ),
            node(
                "mother",
                "upset",
                "Yes… Sorry I shouted. It isn't really your fault. It's all just a bit much "
                "at the moment.",
                expected=[OWN, N],
                model="No need to apologise. Leave it with me: I'll remove the reminder fee "
                "and send the invoices to your mother's new address. You'll have a "
                "confirmation by e-mail today.",
                choices=[
                    (
                        "No need to apologise. Leave it with me: I'll remove the reminder fee "
                        "and have the invoices sent to your mother's new address from today.",
                        [OWN, N],
                        "relieved",
                    ),
                    ("I can waive the fee this once.", [N], "next-bill"),
                ],
                otherwise="next-bill",
            ),
            node(
                "next-bill",
                "doubtful",
                "All right. But will the next bill go to the old address again?",
                expected=[OWN, N],
                model="It won't, I'll make sure of it: I'll update the address right now "
                "and send you a confirmation.",
                choices=[
                    (
                        "It won't, I'll make sure of it: I'll update the address right now "
                        "and send you a confirmation.",
                        [OWN, N],
                        "relieved",
                    ),
                    ("You can change the address in our online service.", [], "leaving"),
                ],
                otherwise="leaving",
            ),
            node(
                "relieved",
                "relieved",
                "Thank you. Really, thank you. Is there anything else I should remember?",
                expected=[X],
                model="Nothing for this matter. If you like, I'll also send you a short list "
                "of what is worth updating when a parent moves into care. Many people find "
                "it a relief.",
                choices=[
                    (
                        "Nothing for this. If you like, I'll also send you a short list of "
                        "what is worth updating when a parent moves into care.",
                        [X],
                        "thanks",
                    ),
                    ("That's all. Have a nice day!", [], "thanks"),
                ],
                otherwise="thanks",
            ),
            node(
                "thanks",
                "pleased",
                "That's the first thing this week that was easy. Thank you for listening.",
                end=True,
            ),
            node(
                "leaving",
                "angry",
                "Fine. I'll sort it out myself, as always. Bye.",
                end=True,
            ),
        ],
    },
    "broken-after-warranty": {
        "fi": [
            node(
                "start",
                "doubtful",
                "Tämä keitin hajosi. Ja ennen kuin sanotte mitään: tiedän, että takuu "
                "loppui viikko sitten.",
                expected=[K, Q],
                model="Harmillista, että se hajosi juuri nyt. Ymmärrän, että tuntuu "
                "epäreilulta. Mitä keittimelle tapahtui?",
                choices=[
                    (
                        "Takuu on valitettavasti päättynyt, joten korjaus on maksullinen.",
                        [],
                        "knew-it",
                    ),
                    (
                        "Voi harmi, ja vielä näin pian takuun jälkeen. Ymmärrän, että tuntuu "
                        "epäreilulta. Mitä sille tapahtui?",
                        [K, Q],
                        "story",
                    ),
                ],
                otherwise="knew-it",
            ),
            node(
                "knew-it",
                "upset",
                "Tiesin, että näin käy. Olen ostanut teiltä jääkaapin ja pesukoneenkin, "
                "mutta ei sillä kai ole väliä.",
                expected=[K, OWN],
                model="Sillä on väliä, ja kiitos, että kerroit. Ymmärrän pettymyksesi. "
                "Katsotaan, mitä minä voin tehdä tälle.",
                choices=[
                    (
                        "Sillä on väliä, ja kiitos, että kerroit. Ymmärrän pettymyksesi. "
                        "Otan asian hoitaakseni ja katsotaan, mitä voin tehdä.",
                        [K, OWN],
                        "options",
                    ),
                    ("Kaikkia asiakkaita kohdellaan samoin.", [], "leaving"),
                ],
                otherwise="leaving",
            ),
            node(
                "story",
                "calmer",
                "Se alkoi vuotaa aamulla. Olen ostanut täältä jääkaapin ja pesukoneenkin, "
                "ja ne ovat toimineet hyvin.",
                expected=[OWN, N],
                model="Kiitos, että olet luottanut meihin. Minä hoidan tämän: korjaus "
                "onnistuu 30 prosentin alennuksella, ja lähetän keittimen huoltoon vielä "
                "tänään.",
                choices=[
                    (
                        "Kiitos, että olet luottanut meihin. Minä hoidan tämän: korjaus "
                        "onnistuu 30 prosentin alennuksella, ja lähetän keittimen huoltoon "
                        "vielä tänään.",
                        [OWN, N],
                        "options",
                    ),
                    ("Korjaus maksaa normaalisti 89 euroa.", [], "knew-it"),
                ],
                otherwise="options",
            ),
            node(
                "options",
                "neutral",
                "Hmm. Kuinka kauan korjaus kestää? Aamukahvi on minulle aika tärkeä.",
                expected=[N, X],
                model="Noin viikon. Sillä välin voin lainata sinulle keittimen, ettei "
                "aamukahvi jää väliin, ja soitan itse, kun omasi on valmis.",
                choices=[
                    (
                        "Noin viikon. Sillä välin voin lainata sinulle keittimen "
                        "veloituksetta, ja soitan itse, kun omasi on valmis.",
                        [N, X, OWN],
                        "pleased",
                    ),
                    ("Noin viikosta kahteen.", [], "neutral-end"),
                ],
                otherwise="neutral-end",
            ),
            node(
                "pleased",
                "pleased",
                "Lainakeitin? No nyt. Tätä en osannut odottaa. Kiitos!",
                end=True,
            ),
            node(
                "neutral-end",
                "neutral",
                "Selvä. Katsotaan nyt sitten.",
                end=True,
            ),
            node(
                "leaving",
                "angry",
                "Ei kiitos. Ostan seuraavan jostain muualta.",
                end=True,
            ),
        ],
        "en": [
            node(
                "start",
                "doubtful",
                "This coffee machine broke. And before you say anything: I know the "
                "warranty ended a week ago.",
                expected=[K, Q],
                model="What a shame it broke just now. I understand it feels unfair. What "
                "happened to it?",
                choices=[
                    (
                        "Unfortunately the warranty has ended, so the repair will be charged.",
                        [],
                        "knew-it",
                    ),
                    (
                        "Oh no, and so soon after the warranty. I understand it feels "
                        "unfair. What happened to it?",
                        [K, Q],
                        "story",
                    ),
                ],
                otherwise="knew-it",
            ),
            node(
                "knew-it",
                "upset",
                "I knew it. I bought my fridge and washing machine here too, but I suppose "
                "that doesn't matter.",
                expected=[K, OWN],
                model="It does matter, and thank you for telling me. I understand you're "
                "disappointed. Let me see what I can do about this.",
                choices=[
                    (
                        "It does matter, and thank you for telling me. I understand you're "
                        "disappointed. I'll handle this personally and see what I can do.",
                        [K, OWN],
                        "options",
                    ),
                    ("We treat all customers the same.", [], "leaving"),
                ],
                otherwise="leaving",
            ),
            node(
                "story",
                "calmer",
                "It started leaking this morning. I bought my fridge and washing machine "
                "here too, and they've been fine.",
                expected=[OWN, N],
                model="Thank you for trusting us. Leave it with me: I can offer the repair "
                "at 30% off, and I'll send the machine to our service today.",
                choices=[
                    (
                        "Thank you for trusting us. Leave it with me: I can offer the repair "
                        "at 30% off, and I'll send the machine to our service today.",
                        [OWN, N],
                        "options",
                    ),
                    ("A repair normally costs 89 euros.", [], "knew-it"),
                ],
                otherwise="options",
            ),
            node(
                "options",
                "neutral",
                "Hmm. How long will the repair take? My morning coffee matters to me.",
                expected=[N, X],
                model="About a week. Meanwhile I can lend you a machine so you don't miss "
                "your morning coffee, and I'll call you myself when yours is ready.",
                choices=[
                    (
                        "About a week. Meanwhile I can lend you a machine free of charge, "
                        "and I'll call you myself when yours is ready.",
                        [N, X, OWN],
                        "pleased",
                    ),
                    ("One to two weeks.", [], "neutral-end"),
                ],
                otherwise="neutral-end",
            ),
            node(
                "pleased",
                "pleased",
                "A loan machine? Well, now. I didn't expect that. Thank you!",
                end=True,
            ),
            node("neutral-end", "neutral", "Right. We'll see, then.", end=True),
            node(
                "leaving",
                "angry",
                "No thanks. I'll buy the next one somewhere else.",
                end=True,
            ),
        ],
    },
    "first-pension-call": {
        "fi": [
            node(
                "start",
                "worried",
                "Hei… Sain teiltä kirjeen perhe-eläkkeestä. Mieheni kuoli keväällä, ja hän "
                "hoiti aina nämä asiat. En oikein tiedä, mitä minun pitäisi kysyä.",
                expected=[A, K],
                model="Otan osaa. On ihan ymmärrettävää, ettei kaikki ole tuttua, ja täällä "
                "saa kysyä ihan mitä tahansa. Käydään kirje yhdessä läpi.",
                choices=[
                    (
                        "Otan osaa. On ihan ymmärrettävää, ettei kaikki ole tuttua. Käydään "
                        "kirje yhdessä rauhassa läpi.",
                        [A, K],
                        "letter",
                    ),
                    (
                        "Perhe-eläkettä haetaan lomakkeella, liitteiksi kuolintodistus ja "
                        "tulotiedot.",
                        [N],
                        "lost",
                    ),
                ],
                otherwise="lost",
            ),
            node(
                "lost",
                "worried",
                "Anteeksi, nyt en pysynyt ihan perässä. Mikä liite? Tämä on minulle ihan uutta.",
                expected=[K, Q],
                model="Ei mitään hätää, mennään yksi asia kerrallaan. Onko kirje sinulla "
                "nyt edessäsi?",
                choices=[
                    (
                        "Ei mitään hätää, mennään yksi asia kerrallaan. Onko kirje sinulla "
                        "nyt edessäsi?",
                        [K, Q],
                        "letter",
                    ),
                    ("Liitteet luetellaan lomakkeen toisella sivulla.", [], "gives-up"),
                ],
                otherwise="gives-up",
            ),
            node(
                "letter",
                "calmer",
                "Kyllä, tässä lukee, että minun pitää hakea eläkettä. Ja sitten tässä on "
                "sana edunjättäjä. Mitä se tarkoittaa?",
                expected=[Q, N],
                model="Edunjättäjä tarkoittaa tässä miestäsi, eli häntä, jonka jälkeen "
                "eläkettä maksetaan. Haluatko, että täytämme hakemuksen yhdessä nyt "
                "puhelimessa?",
                choices=[
                    (
                        "Edunjättäjä tarkoittaa tässä miestäsi. Haluatko, että täytämme "
                        "hakemuksen yhdessä nyt puhelimessa?",
                        [Q, N],
                        "together",
                    ),
                    ("Se on lakikieltä, sitä ei tarvitse ymmärtää.", [], "gives-up"),
                ],
                otherwise="together",
            ),
            node(
                "together",
                "relieved",
                "Voisimmeko? Se olisi helpotus. Mutta minulla ei ole sitä kuolintodistusta "
                "nyt tässä.",
                expected=[OWN, X],
                model="Ei haittaa. Täytetään hakemus nyt, ja minä pidän huolen, että se odottaa "
                "liitettä. Lähetän sinulle lisäksi palautuskuoren ja listan siitä, mitä "
                "vielä tarvitaan.",
                choices=[
                    (
                        "Ei haittaa. Täytetään hakemus nyt, ja minä pidän huolen, että se "
                        "odottaa liitettä. Lähetän lisäksi palautuskuoren ja listan siitä, "
                        "mitä vielä tarvitaan.",
                        [OWN, X, N],
                        "grateful",
                    ),
                    ("Liite pitää toimittaa kahden viikon sisällä.", [N], "grateful"),
                ],
                otherwise="grateful",
            ),
            node(
                "grateful",
                "pleased",
                "Kiitos, että jaksoit selittää. Tuntuu, että pärjään tämän kanssa.",
                end=True,
            ),
            node(
                "gives-up",
                "worried",
                "Taidan soittaa myöhemmin uudestaan, kun tyttäreni on täällä. Kiitos.",
                end=True,
            ),
        ],
        "en": [
            node(
                "start",
                "worried",
                "Hello… I got a letter from you about a survivor's pension. My husband died "
                "in the spring, and he always handled these things. I don't really know "
                "what to ask.",
                expected=[A, K],
                model="I'm so sorry for your loss. It's completely understandable that this "
                "is new, and you can ask me anything. Let's go through the letter together.",
                choices=[
                    (
                        "I'm so sorry for your loss. It's understandable that this is all "
                        "new. Let's go through the letter together, no rush.",
                        [A, K],
                        "letter",
                    ),
                    (
                        "A survivor's pension is applied for on a form, with the death "
                        "certificate and income details attached.",
                        [N],
                        "lost",
                    ),
                ],
                otherwise="lost",
            ),
            node(
                "lost",
                "worried",
                "Sorry, I didn't quite follow. Which attachment? This is all new to me.",
                expected=[K, Q],
                model="That's quite all right, let's take one thing at a time. Do you have "
                "the letter in front of you?",
                choices=[
                    (
                        "That's quite all right, let's take one thing at a time. Do you have "
                        "the letter in front of you?",
                        [K, Q],
                        "letter",
                    ),
                    ("The attachments are listed on page two of the form.", [], "gives-up"),
                ],
                otherwise="gives-up",
            ),
            node(
                "letter",
                "calmer",
                "Yes, it says I need to apply for the pension. And there's the word "
                "'deceased member'. What does that mean?",
                expected=[Q, N],
                model="Here it means your husband: the person after whom the pension is "
                "paid. Would you like us to fill in the application together now, on the "
                "phone?",
                choices=[
                    (
                        "Here it means your husband. Would you like us to fill in the "
                        "application together now, on the phone?",
                        [Q, N],
                        "together",
                    ),
                    ("It's legal language; you don't need to understand it.", [], "gives-up"),
                ],
                otherwise="together",
            ),
            node(
                "together",
                "relieved",
                "Could we? That would be a relief. But I don't have the death certificate "
                "here right now.",
                expected=[OWN, X],
                model="That's fine. We'll fill in the application now and I'll make sure it "
                "waits for the attachment. I'll also send you a return envelope and a list "
                "of what is still needed.",
                choices=[
                    (
                        "That's fine. We'll fill it in now and I'll make sure it waits for "
                        "the attachment. I'll also send you a return envelope and a list of "
                        "what is still needed.",
                        [OWN, X, N],
                        "grateful",
                    ),
                    ("The attachment must arrive within two weeks.", [N], "grateful"),
                ],
                otherwise="grateful",
            ),
            node(
                "grateful",
                "pleased",
                "Thank you for taking the time to explain. I feel I can manage this now.",
                end=True,
            ),
            node(
                "gives-up",
                "worried",
                "I think I'll call again later when my daughter is here. Thank you.",
                end=True,
            ),
        ],
    },
}


def stream_data(nodes: list[dict]) -> list[dict]:
    """The raw StreamField data of a script (what ``Scenario.script`` stores)."""
    return [{"type": "node", "value": value} for value in nodes]
