"""The statements API speaks xAPI 1.0.3."""

import pytest

from progress import verbs
from progress.services import statement_void
from tests.progress.xapi_rules import problems

pytestmark = pytest.mark.django_db

URL = "/api/progress/statements/"


@pytest.fixture
def learner_with_history(make_member, team, competencies, record):
    learner = make_member(team, "learner")
    record(actor=learner, verb=verbs.COMPLETED, object_type="lesson", object_id="k1",
           object_name="Miksi kohtaaminen ratkaisee", result={"completion": True},
           context={"course": "c1", "module": "m1"})  # fmt: skip
    record(actor=learner, verb=verbs.PASSED, object_type="quiz", object_id="k1:b1",
           competency=competencies["empathy"],
           result={"score_raw": 4, "score_max": 5, "score_scaled": 0.8, "success": True},
           context={"attempt": 1, "lesson": "k1"})  # fmt: skip
    record(actor=learner, verb=verbs.SCORED, object_type="roleplay-session", object_id="7",
           competency=competencies["empathy"],
           result={"score_raw": 4, "score_min": 1, "score_max": 5, "score_scaled": 0.8},
           context={"rater_role": "coach", "rater": 3, "criterion": 2, "scenario": 1,
                    "session_kind": "live"})  # fmt: skip
    return learner


def test_every_statement_keeps_the_xapi_rules(api, learner_with_history):
    data = api(learner_with_history).get(URL).json()
    assert len(data["statements"]) == 3
    for statement in data["statements"]:
        assert problems(statement) == [], statement


def test_the_answer_carries_the_xapi_version_header(api, learner_with_history):
    response = api(learner_with_history).get(URL)
    assert response["X-Experience-API-Version"] == "1.0.3"


def test_the_actor_is_an_account_on_this_site(api, learner_with_history, settings):
    actor = api(learner_with_history).get(URL).json()["statements"][0]["actor"]
    assert actor["account"] == {
        "homePage": settings.SITE_URL.rstrip("/"),
        "name": str(learner_with_history.pk),
    }
    assert "mbox" not in actor


def test_the_object_iri_is_built_from_the_site_type_and_id(api, learner_with_history, settings):
    statements = api(learner_with_history).get(URL).json()["statements"]
    lesson = next(s for s in statements if s["verb"]["id"] == verbs.COMPLETED)
    assert lesson["object"]["id"] == f"{settings.SITE_URL.rstrip('/')}/xapi/activities/lesson/k1"
    assert lesson["object"]["definition"]["name"] == {"fi-FI": "Miksi kohtaaminen ratkaisee"}


def test_result_and_context_extensions_are_exported(api, learner_with_history):
    statements = api(learner_with_history).get(URL).json()["statements"]
    scored = next(s for s in statements if s["verb"]["id"] == verbs.SCORED)
    assert scored["result"]["score"] == {"scaled": 0.8, "raw": 4, "min": 1, "max": 5}
    extensions = scored["context"]["extensions"]
    assert extensions["https://kohtaamo.fi/xapi/extensions/rater_role"] == "coach"
    assert scored["context"]["contextActivities"]["other"][0]["id"].endswith("/competency/empathy")


def test_a_voided_statement_is_left_out_and_its_voiding_statement_refers_to_it(
    api, learner_with_history, django_capture_on_commit_callbacks
):
    statements = api(learner_with_history).get(URL).json()["statements"]
    target = statements[0]["id"]
    with django_capture_on_commit_callbacks(execute=True):
        statement_void(statement_id=target)
    after = api(learner_with_history).get(URL).json()["statements"]
    assert target not in {s["id"] for s in after}
    voiding = next(s for s in after if s["verb"]["id"] == verbs.VOIDED)
    assert voiding["object"] == {"objectType": "StatementRef", "id": target}
    assert problems(voiding) == []


def test_a_long_list_is_paged_with_more(api, learner_with_history):
    first = api(learner_with_history).get(URL + "?limit=2").json()
    assert len(first["statements"]) == 2 and first["more"]
    rest = api(learner_with_history).get(first["more"]).json()
    assert len(rest["statements"]) == 1 and rest["more"] == ""


def test_a_manager_gets_the_statements_of_the_teams_learners(
    api, learner_with_history, make_member, team
):
    manager = make_member(team, "manager")
    data = api(manager).get(f"{URL}?team={team.pk}").json()
    assert {s["actor"]["account"]["name"] for s in data["statements"]} == {
        str(learner_with_history.pk)
    }
