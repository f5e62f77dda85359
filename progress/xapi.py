"""Statements as xAPI 1.0.3 JSON: what the statements API returns and the LRS receives.

https://github.com/adlnet/xAPI-Spec/blob/master/xAPI-Data.md#statements
Actors are identified by an account on this site (never by e-mail), objects by an
IRI under ``SITE_URL``, context keys by Kohtaamo's extension IRIs.
"""

from urllib.parse import quote

from django.conf import settings

from . import objects, verbs

VERSION = "1.0.3"
EXTENSIONS = "https://kohtaamo.fi/xapi/extensions/"
ADL_ACTIVITY = "http://adlnet.gov/expapi/activities/"
ACTIVITY_TYPES = {
    objects.COURSE: ADL_ACTIVITY + "course",
    objects.MODULE: ADL_ACTIVITY + "module",
    objects.LESSON: ADL_ACTIVITY + "lesson",
    objects.QUIZ: ADL_ACTIVITY + "assessment",
    objects.ROLEPLAY_SESSION: ADL_ACTIVITY + "simulation",
    objects.COMPETENCY: ADL_ACTIVITY + "objective",
    objects.MILESTONE: "https://kohtaamo.fi/xapi/activities/milestone",
}
LANGUAGE_TAGS = {"fi": "fi-FI", "en": "en-US"}


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def activity_iri(object_type: str, object_id: str) -> str:
    return f"{site_url()}/xapi/activities/{quote(object_type, safe='')}/{quote(object_id, safe='')}"


def actor_json(user) -> dict:
    return {
        "objectType": "Agent",
        "name": user.display_name,
        "account": {"homePage": site_url(), "name": str(user.pk)},
    }


def verb_json(verb: str) -> dict:
    display = verbs.DISPLAY.get(verb) or {"en-US": verb.rstrip("/").rsplit("/", 1)[-1]}
    return {"id": verb, "display": dict(display)}


def _language_map(text: str) -> dict:
    tag = LANGUAGE_TAGS.get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE)
    return {tag: text}


def object_json(statement) -> dict:
    if statement.verb == verbs.VOIDED and statement.object_type == objects.STATEMENT:
        return {"objectType": "StatementRef", "id": statement.object_id}
    definition = {
        "type": ACTIVITY_TYPES.get(
            statement.object_type,
            f"https://kohtaamo.fi/xapi/activities/{quote(statement.object_type, safe='')}",
        )
    }
    if statement.object_name:
        definition["name"] = _language_map(statement.object_name)
    return {
        "objectType": "Activity",
        "id": activity_iri(statement.object_type, statement.object_id),
        "definition": definition,
    }


def result_json(statement) -> dict | None:
    score = {
        key: value
        for key, value in (
            ("scaled", statement.score_scaled),
            ("raw", statement.score_raw),
            ("min", statement.score_min),
            ("max", statement.score_max),
        )
        if value is not None
    }
    result = {}
    if score:
        result["score"] = score
    if statement.success is not None:
        result["success"] = statement.success
    if statement.completion is not None:
        result["completion"] = statement.completion
    if statement.response:
        result["response"] = statement.response
    return result or None


def context_json(statement) -> dict:
    context: dict = {"language": settings.LANGUAGE_CODE}
    if not (statement.verb == verbs.VOIDED and statement.object_type == objects.STATEMENT):
        # xAPI allows ``platform`` only when the object is an activity.
        context["platform"] = "Kohtaamo"
    extensions = {
        EXTENSIONS + quote(str(key), safe=""): value for key, value in statement.context.items()
    }
    if extensions:
        context["extensions"] = extensions
    competency = statement.competency
    if competency is not None:
        context["contextActivities"] = {
            "other": [
                {
                    "objectType": "Activity",
                    "id": activity_iri("competency", competency.slug),
                    "definition": {
                        "type": ACTIVITY_TYPES["competency"],
                        "name": _language_map(competency.name),
                    },
                }
            ]
        }
    return context


def statement_json(statement) -> dict:
    """One statement as xAPI JSON. Select ``actor`` and ``competency`` related."""
    data = {
        "id": str(statement.pk),
        "actor": actor_json(statement.actor),
        "verb": verb_json(statement.verb),
        "object": object_json(statement),
        "context": context_json(statement),
        "timestamp": statement.timestamp.isoformat(),
        "stored": statement.stored.isoformat(),
        "version": VERSION,
    }
    result = result_json(statement)
    if result is not None:
        data["result"] = result
    return data
