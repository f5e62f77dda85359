"""What an agent's free-text reply shows: matching it to the attitude behaviours
(intents, ``roleplay.scenarios.intents``) a scripted customer listens for.

``matcher()`` returns the matcher named by ``settings.ROLEPLAY_INTENT_MATCHER``. The
default, ``KeywordMatcher``, runs offline: Finnish and English phrase patterns where
each pattern's words match as prefixes, so one stem covers a Finnish word's cases and
persons ("pahoittel" covers pahoittelen, pahoittelemme, pahoittelut). ``ChatModelMatcher``
asks an OpenAI-compatible chat endpoint (``KOHTAAMO_LLM_URL``) and falls back to the
keyword matcher on any failure. Matchers never touch the database: the solo room runs
them in a worker thread.
"""

import json
import logging
import re
import urllib.request
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from ..scenarios.intents import (
    ACKNOWLEDGE,
    APOLOGY,
    CLARIFY,
    EXTRA,
    INTENTS,
    NEXT_STEP,
    OWNERSHIP,
)

logger = logging.getLogger(__name__)

# Each pattern is one or more word prefixes that must follow each other in the text.
# Finnish inflects by suffixes, so a stem matches its cases and persons; English
# patterns are whole phrases matched the same way ("apologi" for apologise/apology).
PATTERNS = {
    APOLOGY: [
        # Finnish
        "pahoittel",
        "olen pahoillani",
        "olemme pahoillamme",
        "pahoillani",
        "anteeksi",
        "harmillist",
        # English
        "sorry",
        "apologi",
        "my apologies",
    ],
    ACKNOWLEDGE: [
        "ymmärrä",
        "ymmärrettäv",
        "kuulosta",
        "turhautt",
        "turhautun",
        "harmitta",
        "raskas",
        "raskaal",
        "rankka",
        "rankal",
        "huolestutta",
        "huolissa",
        "ei ihme",
        "tiedän miltä",
        "kuulen että",
        "tuntuu",
        "hermostutta",
        "suututta",
        "pettymy",
        "pettyn",
        "otan osaa",
        "ei hätää",
        "ei mitään hätää",
        "rauhassa",
        # English
        "understand",
        "understandabl",
        "frustrat",
        "sounds",
        "must be",
        "must feel",
        "i hear",
        "i can see",
        "i can imagine",
        "no wonder",
        "upsetting",
        "stressful",
        "worrying",
        "disappoint",
        "that is hard",
        "that's hard",
        "annoying",
        "quite all right",
        "no rush",
        "for your loss",
    ],
    CLARIFY: [
        "kertoisit",
        "kertoisi",
        "kerrotko",
        "kerrotteko",
        "voisitteko kertoa",
        "voitko kertoa",
        "mitä",
        "mikä",
        "mistä",
        "missä",
        "milloin",
        "miten",
        "millai",
        "kuinka",
        "onko",
        "olisiko",
        "tarkoitat",
        "tarkent",
        # English
        "could you tell",
        "can you tell",
        "tell me more",
        "what",
        "when",
        "which",
        "how",
        "do you",
        "did you",
        "have you",
        "is it",
        "may i ask",
        "could you describe",
        "do you mean",
    ],
    NEXT_STEP: [
        "poista",
        "täytä",
        "täytetään",
        "hyvitä",
        "hyvity",
        "lähetän",
        "lähetämme",
        "soitan",
        "soitamme",
        "tarkistan",
        "tarkistamme",
        "korjaan",
        "korjaamme",
        "varaan",
        "varaamme",
        "sovitaan",
        "teen",
        "teemme",
        "tilaan",
        "huomenna",
        "tänään",
        "mennessä",
        "seuraavaksi",
        "seuraava askel",
        "päivitän",
        "vaihdan",
        "kirjaan",
        # English
        "i will send",
        "i'll send",
        "we will send",
        "we'll send",
        "i will call",
        "i'll call",
        "call you back",
        "i will check",
        "i'll check",
        "i will remove",
        "i'll remove",
        "waive",
        "refund",
        "fill in",
        "fill it in",
        "book",
        "arrange",
        "by tomorrow",
        "today",
        "next step",
        "i'll update",
        "i will update",
        "i'll change",
        "right now",
    ],
    OWNERSHIP: [
        "hoidan",
        "hoidetaan",
        "minä hoidan",
        "otan asian",
        "otan tämän",
        "otan hoitaakseni",
        "pidän huolen",
        "pidän siitä huolen",
        "huolehdin",
        "vastaan siitä",
        "henkilökohtaisesti",
        "lupaan",
        # English
        "i'll take care",
        "i will take care",
        "i'll handle",
        "i will handle",
        "leave it with me",
        "i'll make sure",
        "i will make sure",
        "i'll look after",
        "personally",
        "i promise",
        "my responsibility",
        "i'll sort",
        "i will sort",
        "i'll deal with",
    ],
    EXTRA: [
        "lisäksi",
        "kaupan päälle",
        "ilmai",
        "veloituksetta",
        "lahja",
        "yllätys",
        "kiitokseksi",
        "pahoittelun merkiksi",
        "vinkki",
        "samalla",
        "muistutan",
        "kanta-asiakkaa",
        # English
        "as well",
        "in addition",
        "on the house",
        "for free",
        "free of charge",
        "complimentary",
        "as a thank",
        "as a small",
        "voucher",
        "while i'm at it",
        "while we're at it",
        "a tip",
        "little extra",
        "also",
        "loyal customer",
    ],
}

WORD = re.compile(r"[\w'’-]+", re.UNICODE)
# Finnish yes/no questions end a word in -ko/-kö (onko, voisitteko, muistatteko).
QUESTION_CLITIC = re.compile(r"\w{2,}(ko|kö|kos|kös)$")


def words(text: str) -> list[str]:
    return [word.replace("’", "'") for word in WORD.findall(text.lower())]


@lru_cache(maxsize=1)
def _compiled() -> dict[str, list[list[str]]]:
    return {
        intent: [words(pattern) for pattern in patterns] for intent, patterns in PATTERNS.items()
    }


def _has_phrase(tokens: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    for start in range(len(tokens) - size + 1):
        if all(tokens[start + i].startswith(part) for i, part in enumerate(phrase)):
            return True
    return False


def _questions(text: str) -> list[str]:
    """The sentences that end with a question mark."""
    return [part for part in re.split(r"(?<=[.!?])\s+", text) if part.strip().endswith("?")]


class IntentMatcher:
    """The interface: ``match`` returns the intents a reply shows, in ``INTENTS`` order."""

    def match(self, text: str, *, language: str = "", context: str = "") -> list[str]:
        raise NotImplementedError


class KeywordMatcher(IntentMatcher):
    """Offline phrase patterns in Finnish and English (both are tried: people mix).

    A clarifying question needs a question: question words and ``-ko/-kö`` words count
    only in a sentence that ends with a question mark."""

    def match(self, text: str, *, language: str = "", context: str = "") -> list[str]:
        tokens = words(text)
        found = set()
        for intent, phrases in _compiled().items():
            if intent == CLARIFY:
                continue
            if any(_has_phrase(tokens, phrase) for phrase in phrases):
                found.add(intent)
        for question in _questions(text):
            question_tokens = words(question)
            if any(_has_phrase(question_tokens, p) for p in _compiled()[CLARIFY]) or any(
                QUESTION_CLITIC.match(token) for token in question_tokens
            ):
                found.add(CLARIFY)
                break
        return [intent for intent in INTENTS if intent in found]


PROMPT = (
    "You classify one reply of a customer-service agent to a customer. Answer with a "
    "JSON array of the behaviours the reply clearly shows, chosen from: "
    "apology (says sorry), acknowledge (names or acknowledges the customer's feeling), "
    "clarify (asks a clarifying question), next_step (offers a concrete next step), "
    "ownership (personally takes the matter on), extra (offers a small unexpected extra). "
    "The reply may be in Finnish or English. Answer with the JSON array only, e.g. "
    '["apology", "next_step"], or [] when none.'
)


class ChatModelMatcher(IntentMatcher):
    """Asks an OpenAI-compatible ``/chat/completions`` endpoint; on a timeout, an HTTP
    error or an answer it cannot read, uses ``KeywordMatcher`` instead."""

    def __init__(self, url: str | None = None, *, model: str | None = None, timeout=None):
        self.url = url if url is not None else settings.KOHTAAMO_LLM_URL
        self.model = model or settings.KOHTAAMO_LLM_MODEL
        self.timeout = timeout if timeout is not None else settings.KOHTAAMO_LLM_TIMEOUT
        self.fallback = KeywordMatcher()

    @property
    def endpoint(self) -> str:
        url = self.url.rstrip("/")
        return url if url.endswith("/chat/completions") else f"{url}/chat/completions"

    def match(self, text: str, *, language: str = "", context: str = "") -> list[str]:
        if not self.url:
            return self.fallback.match(text, language=language)
        try:
            return self._ask(text, context)
        except Exception as error:  # any failure: the learner still gets an answer
            logger.warning("Intent matcher: chat endpoint failed (%s); using keywords", error)
            return self.fallback.match(text, language=language)

    def _ask(self, text: str, context: str) -> list[str]:
        user = f"Customer said: {context}\nAgent replied: {text}" if context else text
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": PROMPT},
                {"role": "user", "content": user},
            ],
        }
        headers = {"Content-Type": "application/json"}
        if settings.KOHTAAMO_LLM_API_KEY:
            headers["Authorization"] = f"Bearer {settings.KOHTAAMO_LLM_API_KEY}"
        request = urllib.request.Request(
            self.endpoint, json.dumps(body).encode(), headers, method="POST"
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            answer = json.load(response)
        content = answer["choices"][0]["message"]["content"]
        found = json.loads(content[content.index("[") : content.rindex("]") + 1])
        if not isinstance(found, list) or not all(item in INTENTS for item in found):
            raise ValueError(f"unexpected answer {content!r}")
        return [intent for intent in INTENTS if intent in found]


def matcher() -> IntentMatcher:
    return import_string(settings.ROLEPLAY_INTENT_MATCHER)()
