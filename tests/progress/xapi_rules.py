"""The xAPI 1.0.3 statement rules the statements API must keep.

A compact reading of xAPI-Data.md section 2.4 ("Statement Properties"); each failure
is a sentence naming the rule, so a failing test says which rule broke.
https://github.com/adlnet/xAPI-Spec/blob/master/xAPI-Data.md#24-statement-properties
"""

import re
import uuid
from datetime import datetime
from urllib.parse import urlparse

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def is_iri(value) -> bool:
    parsed = urlparse(value) if isinstance(value, str) else None
    return bool(parsed and parsed.scheme and (parsed.netloc or parsed.scheme == "mailto"))


def is_uuid(value) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except (ValueError, AttributeError, TypeError):
        return False


def is_timestamp(value) -> bool:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return False
    return parsed.tzinfo is not None


def is_language_map(value) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(LANGUAGE_TAG.match(k) and isinstance(v, str) for k, v in value.items())
    )


def problems(statement: dict) -> list[str]:
    found = []

    def check(condition, message):
        if not condition:
            found.append(message)

    allowed = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
               "authority", "version", "attachments"}  # fmt: skip
    check(set(statement) <= allowed, f"unknown properties {set(statement) - allowed}")
    check(is_uuid(statement.get("id")), "id is a UUID")

    actor = statement.get("actor") or {}
    identifiers = [key for key in ("mbox", "mbox_sha1sum", "openid", "account") if key in actor]
    check(actor.get("objectType", "Agent") == "Agent", "actor is an Agent")
    check(len(identifiers) == 1, "an Agent has exactly one inverse functional identifier")
    if "mbox" in actor:
        check(str(actor["mbox"]).startswith("mailto:"), "mbox is a mailto IRI")
    if "account" in actor:
        account = actor["account"]
        check(is_iri(account.get("homePage")), "account.homePage is an IRL")
        check(isinstance(account.get("name"), str) and account["name"], "account.name is set")

    verb = statement.get("verb") or {}
    check(is_iri(verb.get("id")), "verb.id is an IRI")
    if "display" in verb:
        check(is_language_map(verb["display"]), "verb.display is a language map")

    obj = statement.get("object") or {}
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        check(is_iri(obj.get("id")), "an Activity's id is an IRI")
        definition = obj.get("definition", {})
        if "type" in definition:
            check(is_iri(definition["type"]), "definition.type is an IRI")
        if "name" in definition:
            check(is_language_map(definition["name"]), "definition.name is a language map")
    elif kind == "StatementRef":
        check(is_uuid(obj.get("id")), "a StatementRef's id is a UUID")
    else:
        found.append(f"unexpected objectType {kind}")

    result = statement.get("result")
    if result is not None:
        check(set(result) <= {"score", "success", "completion", "response", "duration",
                              "extensions"}, "result has only result properties")  # fmt: skip
        score = result.get("score", {})
        if "scaled" in score:
            check(-1 <= score["scaled"] <= 1, "score.scaled is between -1 and 1")
        if "min" in score and "max" in score:
            check(score["min"] < score["max"], "score.min is below score.max")
        if "raw" in score:
            check(score.get("min", score["raw"]) <= score["raw"], "score.raw is at least min")
            check(score["raw"] <= score.get("max", score["raw"]), "score.raw is at most max")
        for key in ("success", "completion"):
            if key in result:
                check(isinstance(result[key], bool), f"result.{key} is a boolean")

    context = statement.get("context")
    if context is not None:
        for key in context.get("extensions", {}):
            check(is_iri(key), f"context extension key {key} is an IRI")
        if kind != "Activity":
            check("platform" not in context, "context.platform only with an Activity object")
        if "language" in context:
            check(LANGUAGE_TAG.match(context["language"]), "context.language is a language tag")
        for activities in context.get("contextActivities", {}).values():
            for activity in activities:
                check(is_iri(activity.get("id")), "a context activity's id is an IRI")

    check(is_timestamp(statement.get("timestamp")), "timestamp is ISO 8601 with a time zone")
    check(is_timestamp(statement.get("stored")), "stored is ISO 8601 with a time zone")
    check(str(statement.get("version", "1.0.0")).startswith("1.0."), "version is 1.0.x")
    return [problem for problem in found if problem]
