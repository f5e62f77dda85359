"""Solo practice scripts for six demo scenarios, in Finnish and English: the calls, the
face-to-face case, the e-mail complaint, the hurried chat and the public complaint.

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
                expected=[OWN, Q],
                model="Ei tarvitse pyytää anteeksi. Minä hoidan tämän. Koska laskut ovat "
                "äitisi nimissä, tarkistan ensin, että voit hoitaa hänen asioitaan: onko "
                "sinulla hänen valtakirjansa?",
                choices=[
                    (
                        "Ei tarvitse pyytää anteeksi. Minä hoidan tämän. Koska laskut ovat "
                        "äitisi nimissä, tarkistan ensin, että voit hoitaa hänen asioitaan: "
                        "onko sinulla hänen valtakirjansa?",
                        [OWN, Q],
                        "authority",
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
                model="Ei mene, pidän siitä huolen. Laskut ovat äitisi nimissä, joten "
                "tarvitsen hänen valtakirjansa ennen kuin vaihdan osoitteen. Onko sinulla "
                "sellainen?",
                choices=[
                    (
                        "Ei mene, pidän siitä huolen. Laskut ovat äitisi nimissä, joten "
                        "tarvitsen hänen valtakirjansa ennen kuin vaihdan osoitteen. Onko "
                        "sinulla sellainen?",
                        [OWN, N],
                        "authority",
                    ),
                    ("Osoitteen voi vaihtaa verkkopalvelussa.", [], "leaving"),
                ],
                otherwise="leaving",
            ),
            node(
                "authority",
                "calmer",
                "On, teimme sen äidin kanssa, kun hän muutti. Pitääkö se lähettää jonnekin?",
                expected=[N, OWN],
                model="Hienoa, että se on tehty. Lähetän sinulle nyt viestin: tunnistaudu "
                "siinä pankkitunnuksillasi ja liitä kuva valtakirjasta. Kun se on tullut, "
                "vaihdan laskut äitisi uuteen osoitteeseen saman päivän aikana. "
                "Muistutusmaksun poistan jo nyt.",
                choices=[
                    (
                        "Hienoa, että se on tehty. Lähetän sinulle nyt viestin: tunnistaudu "
                        "siinä pankkitunnuksillasi ja liitä kuva valtakirjasta. Vaihdan "
                        "osoitteen heti, kun se on tullut, ja poistan muistutusmaksun jo nyt.",
                        [N, OWN],
                        "relieved",
                    ),
                    (
                        "Ilman valtakirjaa en voi tehdä mitään. Tuo se konttoriin.",
                        [],
                        "leaving",
                    ),
                ],
                otherwise="relieved",
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
                expected=[OWN, Q],
                model="No need to apologise. Leave it with me. As the invoices are in your "
                "mother's name, I'll first check that you can act for her: do you have her "
                "power of attorney?",
                choices=[
                    (
                        "No need to apologise. Leave it with me. As the invoices are in your "
                        "mother's name, I'll first check that you can act for her: do you "
                        "have her power of attorney?",
                        [OWN, Q],
                        "authority",
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
                model="It won't, I'll make sure of it. The invoices are in your mother's "
                "name, so I need her power of attorney before I change the address. Do you "
                "have one?",
                choices=[
                    (
                        "It won't, I'll make sure of it. The invoices are in your mother's "
                        "name, so I need her power of attorney before I change the address. "
                        "Do you have one?",
                        [OWN, N],
                        "authority",
                    ),
                    ("You can change the address in our online service.", [], "leaving"),
                ],
                otherwise="leaving",
            ),
            node(
                "authority",
                "calmer",
                "Yes, we made one together when she moved. Do I need to send it somewhere?",
                expected=[N, OWN],
                model="Good that it's done. I'll send you a message now: sign in with your "
                "online banking codes there and attach a photo of the power of attorney. "
                "Once it's in, I'll have the invoices sent to your mother's new address the "
                "same day. The reminder fee I'll remove right now.",
                choices=[
                    (
                        "Good that it's done. I'll send you a message now: sign in with your "
                        "online banking codes there and attach a photo of the power of "
                        "attorney. I'll change the address as soon as it's in, and I'm "
                        "removing the reminder fee now.",
                        [N, OWN],
                        "relieved",
                    ),
                    (
                        "Without a power of attorney I can't do anything. Bring it to a branch.",
                        [],
                        "leaving",
                    ),
                ],
                otherwise="relieved",
            ),
            node(
                "relieved",
                "relieved",
                "Thank you. Really, thank you. Is there anything else I should remember?",
                expected=[X],
                model="Nothing for this. If you like, I'll also send you a short list "
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
                "Takuun loppu ei ratkaise asiaa: myyjän virhevastuu jatkuu sen jälkeenkin. "
                "Otan keittimen tutkittavaksi.",
                choices=[
                    (
                        "Sillä on väliä, ja kiitos, että kerroit. Ymmärrän pettymyksesi. "
                        "Takuun loppu ei ratkaise asiaa: myyjän virhevastuu jatkuu sen "
                        "jälkeenkin. Otan keittimen tutkittavaksi.",
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
                model="Kiitos, että olet luottanut meihin. Minä hoidan tämän. Takuu on "
                "päättynyt, mutta myyjän virhevastuu ei: kahden vuoden ikäisen keittimen "
                "kuuluu vielä toimia. Katson oston kanta-asiakastiedoistasi ja lähetän "
                "keittimen huoltoon tänään. Jos vika on laitteessa, korjaus on sinulle "
                "maksuton.",
                choices=[
                    (
                        "Kiitos, että olet luottanut meihin. Takuu on päättynyt, mutta myyjän "
                        "virhevastuu ei: kahden vuoden ikäisen keittimen kuuluu vielä toimia. "
                        "Lähetän sen huoltoon tänään, ja jos vika on laitteessa, korjaus on "
                        "sinulle maksuton.",
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
                "disappointed. The end of the warranty does not settle it: the seller's "
                "liability for defects goes on after it. I'll have the machine inspected.",
                choices=[
                    (
                        "It does matter, and thank you for telling me. I understand you're "
                        "disappointed. The end of the warranty does not settle it: the "
                        "seller's liability for defects goes on after it. I'll have the "
                        "machine inspected.",
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
                model="Thank you for trusting us. Leave it with me. The warranty has ended, "
                "but the seller's liability for defects has not: a two-year-old machine "
                "should still work. I'll look the purchase up in your loyalty details and "
                "send the machine to our service today. If the fault is in the machine, the "
                "repair is free for you.",
                choices=[
                    (
                        "Thank you for trusting us. The warranty has ended, but the seller's "
                        "liability for defects has not: a two-year-old machine should still "
                        "work. I'll send it to our service today, and if the fault is in the "
                        "machine, the repair is free for you.",
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
                "saa kysyä ihan mitä tahansa. Tarkistan ensin henkilöllisyytesi, niin näen "
                "kirjeesi tiedot. Kertoisitko henkilötunnuksesi? Sitten käydään kirje yhdessä "
                "läpi.",
                choices=[
                    (
                        "Otan osaa. On ihan ymmärrettävää, ettei kaikki ole tuttua. Tarkistan "
                        "ensin henkilöllisyytesi, niin näen kirjeesi tiedot, ja sitten "
                        "käydään kirje yhdessä rauhassa läpi. Kertoisitko henkilötunnuksesi?",
                        [A, K],
                        "letter",
                    ),
                    (
                        "Perhe-eläkettä haetaan lomakkeella. Täytä se ja lähetä mukana "
                        "tilinumerosi ja tiedot omista eläkkeistäsi.",
                        [N],
                        "lost",
                    ),
                ],
                otherwise="lost",
            ),
            node(
                "lost",
                "worried",
                "Anteeksi, nyt en pysynyt ihan perässä. Mikä lomake? Tämä on minulle ihan uutta.",
                expected=[K, Q],
                model="Ei mitään hätää, mennään yksi asia kerrallaan. Tarkistan ensin "
                "henkilöllisyytesi: kertoisitko henkilötunnuksesi? Sitten katsotaan kirjettä "
                "yhdessä.",
                choices=[
                    (
                        "Ei mitään hätää, mennään yksi asia kerrallaan. Tarkistan ensin "
                        "henkilöllisyytesi: kertoisitko henkilötunnuksesi? Sitten katsotaan "
                        "kirjettä yhdessä.",
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
                "Hetkinen… Tässä se on. (Raili lukee henkilötunnuksensa.) Kirjeessä lukee, "
                "että minun pitää hakea eläkettä. Ja sitten tässä on sana edunjättäjä. Mitä "
                "se tarkoittaa?",
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
                "Voisimmeko? Se olisi helpotus. Pitääkö minun lähettää kuolintodistus? En "
                "tiedä, mihin laitoin sen.",
                expected=[OWN, X],
                model="Ei tarvitse: tieto miehesi kuolemasta tulee meille suoraan "
                "väestötietojärjestelmästä. Täytetään hakemus nyt yhdessä, ja lähetän "
                "sinulle kopion siitä ja kerron kirjeessä, mitä seuraavaksi tapahtuu.",
                choices=[
                    (
                        "Ei tarvitse: tieto miehesi kuolemasta tulee meille suoraan "
                        "väestötietojärjestelmästä. Täytetään hakemus nyt yhdessä, ja lähetän "
                        "sinulle kopion siitä ja kerron, mitä seuraavaksi tapahtuu.",
                        [OWN, X, N],
                        "grateful",
                    ),
                    ("Kuolintodistus pitää toimittaa kahden viikon sisällä.", [N], "gives-up"),
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
                "is new, and you can ask me anything. I'll first confirm who you are so that I "
                "can see your letter: could you tell me your personal identity code? Then "
                "let's go through the letter together.",
                choices=[
                    (
                        "I'm so sorry for your loss. It's understandable that this is all "
                        "new. I'll first confirm who you are so that I can see your letter, "
                        "and then we'll go through it together, no rush. Could you tell me "
                        "your personal identity code?",
                        [A, K],
                        "letter",
                    ),
                    (
                        "A survivor's pension is applied for on a form. Fill it in and send "
                        "your bank account number and details of your own pensions with it.",
                        [N],
                        "lost",
                    ),
                ],
                otherwise="lost",
            ),
            node(
                "lost",
                "worried",
                "Sorry, I didn't quite follow. Which form? This is all new to me.",
                expected=[K, Q],
                model="That's quite all right, let's take one thing at a time. First I'll "
                "confirm who you are: could you tell me your personal identity code? Then "
                "we'll look at the letter together.",
                choices=[
                    (
                        "That's quite all right, let's take one thing at a time. First I'll "
                        "confirm who you are: could you tell me your personal identity code? "
                        "Then we'll look at the letter together.",
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
                "Just a moment… Here it is. (Raili reads out her identity code.) The letter "
                "says I need to apply for the pension. And there's 'the deceased insured "
                "person'. What does that mean?",
                expected=[Q, N],
                model="Here it means your husband: the pension is paid to you because of his "
                "insurance. Would you like us to fill in the application together now, on the "
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
                "Could we? That would be a relief. Do I need to send the death certificate? "
                "I don't know where I put it.",
                expected=[OWN, X],
                model="No need: we get the information about your husband's death directly "
                "from the population register. Let's fill in the application together now, "
                "and I'll send you a copy and tell you what happens next.",
                choices=[
                    (
                        "No need: we get the information about your husband's death directly "
                        "from the population register. Let's fill it in together now, and "
                        "I'll send you a copy and tell you what happens next.",
                        [OWN, X, N],
                        "grateful",
                    ),
                    ("The death certificate must arrive within two weeks.", [N], "gives-up"),
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
    "written-complaint": {
        "fi": [
            node(
                "start",
                "upset",
                "Hei,\n\nPalautin talvitakin (tilaus 58213) kolme viikkoa sitten, ja seurannan "
                "mukaan se on ollut varastollanne 21 päivää. Rahoja ei ole näkynyt. Olen "
                "kirjoittanut teille kahdesti ilman vastausta. Olen ollut asiakkaanne kymmenen "
                "vuotta, enkä ole ennen joutunut tällaiseen. Milloin saan rahani?\n\nHelena Virta",
                expected=[A, OWN, N],
                model="Hei Helena,\n\nOlet aivan oikeassa, ja pahoittelen: takki on ollut "
                "varastollamme 21 päivää, ja hyvitys olisi pitänyt maksaa 14 päivän kuluessa. "
                "Pahoittelen myös, ettei kahteen viestiisi vastattu. Maksoin hyvityksen tänään, "
                "ja se näkyy tililläsi 1–2 pankkipäivässä.\n\nTerveisin\nLaura asiakaspalvelusta",
                choices=[
                    (
                        "Hei Helena,\n\nOlet oikeassa, ja pahoittelen: hyvitys olisi pitänyt "
                        "maksaa 14 päivän kuluessa, eikä viesteihisi vastattu. Maksoin sen "
                        "tänään, ja se näkyy tililläsi 1–2 pankkipäivässä.\n\nLaura",
                        [A, OWN, N],
                        "paid",
                    ),
                    (
                        "Hei,\n\nKiitos viestistäsi. Palautukset käsitellään "
                        "saapumisjärjestyksessä. Pahoittelemme mahdollista viivettä.",
                        [],
                        "read-it",
                    ),
                ],
                otherwise="read-it",
            ),
            node(
                "read-it",
                "angry",
                "Luitteko viestiäni ollenkaan? Kysyin, milloin saan rahani.",
                expected=[A, N],
                model="Luin, ja olen pahoillani, että edellinen vastaus ei vastannut "
                "kysymykseesi. Maksoin hyvityksen nyt: se näkyy tililläsi 1–2 pankkipäivässä.",
                choices=[
                    (
                        "Luin, ja olen pahoillani, että edellinen vastaus ohitti kysymyksesi. "
                        "Maksoin hyvityksen nyt: se näkyy tililläsi 1–2 pankkipäivässä.",
                        [A, N, OWN],
                        "paid",
                    ),
                    ("Hyvitys tulee aikanaan.", [], "leaving"),
                ],
                otherwise="leaving",
            ),
            node(
                "paid",
                "calmer",
                "Kiitos. Mutta miksi kahteen viestiini ei vastattu?",
                expected=[A, X],
                model="Siihen ei ole hyvää syytä: viestisi jäivät ruuhkassa käsittelemättä, "
                "ja se on meidän virheemme. Liitin tähän pahoitteluna 10 euron lahjakortin. "
                "Jos haluat kysyä jotain, vastaa suoraan tähän viestiin, niin se tulee minulle.",
                choices=[
                    (
                        "Siihen ei ole hyvää syytä: viestisi jäivät ruuhkassa käsittelemättä, ja "
                        "se on meidän virheemme. Liitin pahoitteluna 10 euron lahjakortin. "
                        "Vastaa suoraan tähän, niin viesti tulee minulle.",
                        [A, X, OWN],
                        "thanks",
                    ),
                    ("Meillä on ollut paljon yhteydenottoja.", [], "cool"),
                ],
                otherwise="cool",
            ),
            node(
                "thanks",
                "pleased",
                "Kiitos, Laura. Tällainen vastaus olisi riittänyt jo kaksi viikkoa sitten.",
                end=True,
            ),
            node("cool", "neutral", "Vai niin. No, odotan rahoja.", end=True),
            node(
                "leaving",
                "angry",
                "Selvä. Otan yhteyttä kuluttajaneuvontaan.",
                end=True,
            ),
        ],
        "en": [
            node(
                "start",
                "upset",
                "Hello,\n\nI returned a winter coat (order 58213) three weeks ago, and the "
                "tracking says it has been at your warehouse for 21 days. No money has "
                "appeared. I have written to you twice without an answer. I have been your "
                "customer for ten years and never had this before. When will I get my "
                "money?\n\nHelena Virta",
                expected=[A, OWN, N],
                model="Hello Helena,\n\nYou are quite right, and I'm sorry: the coat has "
                "been at our warehouse for 21 days, and the refund should have been paid "
                "within 14. I'm also sorry your two messages went unanswered. I paid the "
                "refund today, and it will be on your account in 1–2 banking "
                "days.\n\nBest wishes\nLaura, customer service",
                choices=[
                    (
                        "Hello Helena,\n\nYou are right, and I'm sorry: the refund should have "
                        "been paid within 14 days, and your messages went unanswered. I paid "
                        "it today; it will be on your account in 1–2 banking days.\n\nLaura",
                        [A, OWN, N],
                        "paid",
                    ),
                    (
                        "Hello,\n\nThank you for your message. Returns are handled in the "
                        "order they arrive. We apologise for any delay.",
                        [],
                        "read-it",
                    ),
                ],
                otherwise="read-it",
            ),
            node(
                "read-it",
                "angry",
                "Did you read my message at all? I asked when I will get my money.",
                expected=[A, N],
                model="I did, and I'm sorry the last reply did not answer your question. I "
                "have paid the refund now: it will be on your account in 1–2 banking days.",
                choices=[
                    (
                        "I did, and I'm sorry the last reply passed over your question. I have "
                        "paid the refund now: it will be on your account in 1–2 banking days.",
                        [A, N, OWN],
                        "paid",
                    ),
                    ("The refund will come in due course.", [], "leaving"),
                ],
                otherwise="leaving",
            ),
            node(
                "paid",
                "calmer",
                "Thank you. But why were my two messages not answered?",
                expected=[A, X],
                model="There is no good reason: your messages were left unhandled in a busy "
                "spell, and that is our mistake. I've added a 10-euro gift card as an "
                "apology. If you have a question, reply to this message and it comes to me.",
                choices=[
                    (
                        "There is no good reason: your messages were left unhandled in a busy "
                        "spell, and that is our mistake. I've added a 10-euro gift card as an "
                        "apology. Reply to this message and it comes straight to me.",
                        [A, X, OWN],
                        "thanks",
                    ),
                    ("We have had a lot of enquiries.", [], "cool"),
                ],
                otherwise="cool",
            ),
            node(
                "thanks",
                "pleased",
                "Thank you, Laura. A reply like this would have done two weeks ago.",
                end=True,
            ),
            node("cool", "neutral", "I see. Well, I'll wait for the money.", end=True),
            node(
                "leaving",
                "angry",
                "Fine. I'll contact consumer advice.",
                end=True,
            ),
        ],
    },
    "hurried-chat": {
        "fi": [
            node(
                "start",
                "doubtful",
                "moi pitää vaihtaa toimitusosoite NYT, kuljetus lähtee klo 13",
                expected=[K, Q],
                model="Hei! Ehditään hyvin, hoidetaan tämä heti. Kerrotko tilausnumeron, "
                "tilaajan sähköpostiosoitteen ja uuden osoitteen postinumeroineen?",
                choices=[
                    (
                        "Hei! Ehditään, hoidetaan heti. Kerrotko tilausnumeron, tilaajan "
                        "sähköpostin ja uuden osoitteen postinumeroineen, niin teen muutoksen?",
                        [K, Q],
                        "details",
                    ),
                    (
                        "Hei! Kiitos yhteydenotosta. Mistä tilauksesta on kyse?",
                        [Q],
                        "hurry",
                    ),
                ],
                otherwise="hurry",
            ),
            node(
                "hurry",
                "upset",
                "4471. ja ei oo aikaa, mitä muuta tarviit??",
                expected=[K, Q],
                model="Kiitos! Tarvitsen vielä tilaajan sähköpostin ja uuden osoitteen "
                "postinumeroineen – sitten vaihdan sen heti.",
                choices=[
                    (
                        "Kiitos! Tarvitsen vielä tilaajan sähköpostin ja uuden osoitteen "
                        "postinumeroineen – sitten vaihdan sen heti.",
                        [K, Q],
                        "details",
                    ),
                    ("Millä nimellä tilaus on tehty?", [], "gone"),
                ],
                otherwise="details",
            ),
            node(
                "details",
                "neutral",
                "jari.koski@esimerkki.fi, Rantakatu 5 B 12, 00150 Helsinki",
                expected=[N, OWN],
                model="Tehty: tilaus 4471 lähtee osoitteeseen Rantakatu 5 B 12, 00150 "
                "Helsinki. Vahvistus on matkalla sähköpostiisi.",
                choices=[
                    (
                        "Tehty: tilaus 4471 lähtee osoitteeseen Rantakatu 5 B 12, 00150 "
                        "Helsinki. Vahvistus on matkalla sähköpostiisi.",
                        [N, OWN],
                        "sure",
                    ),
                    ("Kiitos, välitän tiedon eteenpäin.", [], "unsure"),
                ],
                otherwise="unsure",
            ),
            node(
                "unsure",
                "doubtful",
                "eli onko se nyt vaihdettu vai ei?",
                expected=[N, OWN],
                model="On vaihdettu: tilaus 4471 lähtee uuteen osoitteeseen, ja vahvistus on "
                "sähköpostissasi.",
                choices=[
                    (
                        "On vaihdettu: tilaus 4471 lähtee uuteen osoitteeseen, ja vahvistus "
                        "on sähköpostissasi.",
                        [N, OWN],
                        "sure",
                    ),
                    ("Se käsitellään mahdollisimman pian.", [], "gone"),
                ],
                otherwise="gone",
            ),
            node(
                "sure",
                "relieved",
                "hyvä. voiko toisen tilauksen yhdistää samaan?",
                expected=[X, N],
                model="Katsoin: toinen tilauksesi lähtee samalta varastolta, joten yhdistin "
                "sen samaan kuljetukseen. Hyvää lounasta!",
                choices=[
                    (
                        "Katsoin: toinen tilauksesi lähtee samalta varastolta, joten yhdistin "
                        "sen samaan kuljetukseen. Hyvää lounasta!",
                        [X, N, OWN],
                        "thanks",
                    ),
                    ("Se pitää kysyä erikseen uudessa chatissa.", [], "gone"),
                ],
                otherwise="thanks",
            ),
            node("thanks", "pleased", "wau kiitos, ehdin vielä syödä :)", end=True),
            node("gone", "angry", "ei oo aikaa tähän. moi", end=True),
        ],
        "en": [
            node(
                "start",
                "doubtful",
                "hi need to change delivery address NOW, shipment leaves at 1pm",
                expected=[K, Q],
                model="Hi! We have time, let's do it now. Could you give me the order "
                "number, the buyer's e-mail and the new address with its postcode?",
                choices=[
                    (
                        "Hi! We have time, let's do it now. Could you give me the order "
                        "number, the buyer's e-mail and the new address with its postcode?",
                        [K, Q],
                        "details",
                    ),
                    ("Hi! Thank you for contacting us. Which order is it about?", [Q], "hurry"),
                ],
                otherwise="hurry",
            ),
            node(
                "hurry",
                "upset",
                "4471. and no time, what else do u need??",
                expected=[K, Q],
                model="Thanks! I also need the buyer's e-mail and the new address with its "
                "postcode – then I'll change it at once.",
                choices=[
                    (
                        "Thanks! I also need the buyer's e-mail and the new address with its "
                        "postcode – then I'll change it at once.",
                        [K, Q],
                        "details",
                    ),
                    ("In whose name was the order placed?", [], "gone"),
                ],
                otherwise="details",
            ),
            node(
                "details",
                "neutral",
                "jari.koski@example.fi, Rantakatu 5 B 12, 00150 Helsinki",
                expected=[N, OWN],
                model="Done: order 4471 goes to Rantakatu 5 B 12, 00150 Helsinki. A "
                "confirmation is on its way to your e-mail.",
                choices=[
                    (
                        "Done: order 4471 goes to Rantakatu 5 B 12, 00150 Helsinki. A "
                        "confirmation is on its way to your e-mail.",
                        [N, OWN],
                        "sure",
                    ),
                    ("Thanks, I'll pass this on.", [], "unsure"),
                ],
                otherwise="unsure",
            ),
            node(
                "unsure",
                "doubtful",
                "so is it changed or not?",
                expected=[N, OWN],
                model="It is changed: order 4471 goes to the new address, and the "
                "confirmation is in your e-mail.",
                choices=[
                    (
                        "It is changed: order 4471 goes to the new address, and the "
                        "confirmation is in your e-mail.",
                        [N, OWN],
                        "sure",
                    ),
                    ("It will be handled as soon as possible.", [], "gone"),
                ],
                otherwise="gone",
            ),
            node(
                "sure",
                "relieved",
                "good. can my other order go with it?",
                expected=[X, N],
                model="I checked: your other order leaves from the same warehouse, so I've "
                "put it on the same delivery. Enjoy your lunch!",
                choices=[
                    (
                        "I checked: your other order leaves from the same warehouse, so I've "
                        "put it on the same delivery. Enjoy your lunch!",
                        [X, N, OWN],
                        "thanks",
                    ),
                    ("You'll need to ask about that in a new chat.", [], "gone"),
                ],
                otherwise="thanks",
            ),
            node("thanks", "pleased", "wow thanks, still time to eat :)", end=True),
            node("gone", "angry", "no time for this. bye", end=True),
        ],
    },
    "public-complaint": {
        "fi": [
            node(
                "start",
                "angry",
                "Poikani synttärilahja on viikon myöhässä, eikä asiakaspalvelusta ole "
                "vastattu kahteen päivään. Kiitos tästä, @Kohtaamo. Ei enää ikinä.",
                expected=[A, K, OWN],
                model="Hei Tiina, olen todella pahoillani – myöhässä oleva synttärilahja ja "
                "kaksi päivää hiljaisuutta on aivan liikaa. Selvitän asian itse nyt ja "
                "laitoin sinulle yksityisviestin. – Laura asiakaspalvelusta",
                choices=[
                    (
                        "Hei Tiina, olen todella pahoillani – myöhässä oleva synttärilahja ja "
                        "kaksi päivää hiljaisuutta on liikaa. Selvitän asian itse nyt ja "
                        "laitoin sinulle yksityisviestin. – Laura",
                        [A, K, OWN],
                        "private",
                    ),
                    (
                        "Hei! Pahoittelemme mahdollista haittaa. Otathan yhteyttä "
                        "asiakaspalveluumme.",
                        [],
                        "bot",
                    ),
                ],
                otherwise="bot",
            ),
            node(
                "bot",
                "angry",
                "Botti vastaa taas. Juuri siihen asiakaspalveluun yritin saada yhteyttä.",
                expected=[A, OWN],
                model="Olet oikeassa, ja anteeksi kaavamainen vastaus. Minä, Laura, hoidan "
                "tämän itse: laitoin sinulle yksityisviestin.",
                choices=[
                    (
                        "Olet oikeassa, ja anteeksi kaavamainen vastaus. Minä, Laura, hoidan "
                        "tämän itse: laitoin sinulle yksityisviestin.",
                        [A, OWN],
                        "private",
                    ),
                    ("Vastaamme viesteihin saapumisjärjestyksessä.", [], "lost"),
                ],
                otherwise="lost",
            ),
            node(
                "private",
                "doubtful",
                "(yksityisviesti) Tilaus 7732, tilasin osoitteella tiina.maki@esimerkki.fi. "
                "Juhlat ovat lauantaina.",
                expected=[N, OWN],
                model="Kiitos, Tiina. Löysin tilauksen: paketti on jäänyt lajittelussa "
                "jumiin. Tilasin veloituksetta pikatoimituksen, ja lahja on perillä "
                "perjantaina ennen kello 16. Lähetän seurantalinkin heti.",
                choices=[
                    (
                        "Kiitos, Tiina. Paketti on jäänyt lajittelussa jumiin. Tilasin "
                        "veloituksetta pikatoimituksen, ja lahja on perillä perjantaina ennen "
                        "kello 16. Lähetän seurantalinkin heti.",
                        [N, OWN],
                        "public-close",
                    ),
                    ("Paketti on matkalla. Toimitusaika on 3–7 arkipäivää.", [], "lost"),
                ],
                otherwise="lost",
            ),
            node(
                "public-close",
                "relieved",
                "(yksityisviesti) Kiitos. Laitatko ketjuun jotain, ettei näytä siltä, että "
                "asia jäi kesken?",
                expected=[X, N],
                model="(julkisesti) Asia on nyt selvitetty Tiinan kanssa, ja lahja ehtii "
                "juhliin. Kiitos kärsivällisyydestä, ja hyvää syntymäpäivää pojallesi! – Laura",
                choices=[
                    (
                        "(julkisesti) Asia on selvitetty Tiinan kanssa, ja lahja ehtii "
                        "juhliin. Kiitos kärsivällisyydestä, ja hyvää syntymäpäivää pojallesi! "
                        "– Laura",
                        [X, N],
                        "thanks",
                    ),
                    ("(julkisesti) Asia on käsitelty.", [], "meh"),
                ],
                otherwise="thanks",
            ),
            node(
                "thanks",
                "pleased",
                "(julkisesti) Kiitos Laura, nopeaa ja ihmismäistä palvelua lopulta!",
                end=True,
            ),
            node("meh", "neutral", "(julkisesti) No, ainakin paketti tulee.", end=True),
            node(
                "lost",
                "angry",
                "(julkisesti) Ei mitään uutta. Älkää tilatko täältä.",
                end=True,
            ),
        ],
        "en": [
            node(
                "start",
                "angry",
                "My son's birthday present is a week late, and customer service hasn't "
                "answered for two days. Thanks a lot, @Kohtaamo. Never again.",
                expected=[A, K, OWN],
                model="Hi Tiina, I'm truly sorry – a late birthday present and two days of "
                "silence is far too much. I'm looking into it myself now and have sent you a "
                "private message. – Laura, customer service",
                choices=[
                    (
                        "Hi Tiina, I'm truly sorry – a late birthday present and two days of "
                        "silence is too much. I'm looking into it myself now and have sent you "
                        "a private message. – Laura",
                        [A, K, OWN],
                        "private",
                    ),
                    (
                        "Hi! We apologise for any inconvenience. Please contact our customer "
                        "service.",
                        [],
                        "bot",
                    ),
                ],
                otherwise="bot",
            ),
            node(
                "bot",
                "angry",
                "The bot answers again. That's exactly the customer service I tried to reach.",
                expected=[A, OWN],
                model="You're right, and sorry for the stock reply. I'm Laura and I'll "
                "handle this myself: I've sent you a private message.",
                choices=[
                    (
                        "You're right, and sorry for the stock reply. I'm Laura and I'll "
                        "handle this myself: I've sent you a private message.",
                        [A, OWN],
                        "private",
                    ),
                    ("We answer messages in the order they arrive.", [], "lost"),
                ],
                otherwise="lost",
            ),
            node(
                "private",
                "doubtful",
                "(private message) Order 7732, ordered with tiina.maki@example.fi. The party "
                "is on Saturday.",
                expected=[N, OWN],
                model="Thank you, Tiina. I found the order: the parcel got stuck in sorting. "
                "I've ordered express delivery free of charge, and the present will arrive "
                "on Friday before 4 pm. I'll send you the tracking link right away.",
                choices=[
                    (
                        "Thank you, Tiina. The parcel got stuck in sorting. I've ordered "
                        "express delivery free of charge, and the present will arrive on "
                        "Friday before 4 pm. I'll send the tracking link right away.",
                        [N, OWN],
                        "public-close",
                    ),
                    ("The parcel is on its way. Delivery takes 3–7 working days.", [], "lost"),
                ],
                otherwise="lost",
            ),
            node(
                "public-close",
                "relieved",
                "(private message) Thanks. Could you put something in the thread, so it "
                "doesn't look as if it was left hanging?",
                expected=[X, N],
                model="(in public) We've sorted this out with Tiina, and the present will "
                "make the party. Thank you for your patience, and happy birthday to your "
                "son! – Laura",
                choices=[
                    (
                        "(in public) We've sorted this out with Tiina, and the present will "
                        "make the party. Thank you for your patience, and happy birthday to "
                        "your son! – Laura",
                        [X, N],
                        "thanks",
                    ),
                    ("(in public) The case has been handled.", [], "meh"),
                ],
                otherwise="thanks",
            ),
            node(
                "thanks",
                "pleased",
                "(in public) Thanks Laura, quick and human service in the end!",
                end=True,
            ),
            node("meh", "neutral", "(in public) Well, at least the parcel is coming.", end=True),
            node(
                "lost",
                "angry",
                "(in public) Nothing new. Don't order from here.",
                end=True,
            ),
        ],
    },
}


def stream_data(nodes: list[dict]) -> list[dict]:
    """The raw StreamField data of a script (what ``Scenario.script`` stores)."""
    return [{"type": "node", "value": value} for value in nodes]
