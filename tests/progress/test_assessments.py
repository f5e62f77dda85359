"""Assessments: who may assess in which role, baseline, latest level and targets."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from progress import verbs
from progress.models import Assessment, MilestoneState, MilestoneStatus, Statement
from progress.services import assessment_create, competency_target_set

pytestmark = pytest.mark.django_db

URL = "/api/progress/assessments/"


@pytest.fixture
def people(make_member, team):
    return {
        "learner": make_member(team, "learner"),
        "peer": make_member(team, "learner"),
        "coach": make_member(team, "coach"),
        "manager": make_member(team, "manager"),
    }


def assess(api, committed, user, learner, **fields):
    body = {"learner": learner.pk, "competency": "empathy", "level": 3, **fields}
    return committed(api(user).post, URL, body, format="json")


def test_a_learner_assesses_themselves_as_self(api, committed, people, competencies):
    response = assess(api, committed, people["learner"], people["learner"])
    assert response.status_code == 201
    assert response.json()["rater_role"] == "self"


def test_a_coach_assesses_a_learner_of_their_team_as_coach(api, committed, people, competencies):
    response = assess(api, committed, people["coach"], people["learner"], level=4)
    assert response.status_code == 201
    assert (response.json()["rater_role"], response.json()["level"]) == ("coach", 4)


def test_a_manager_assesses_as_manager(api, committed, people, competencies):
    response = assess(api, committed, people["manager"], people["learner"])
    assert response.json()["rater_role"] == "manager"


def test_a_peer_assesses_only_as_observer(api, committed, people, competencies):
    assert assess(api, committed, people["peer"], people["learner"]).json()["rater_role"] == (
        "observer"
    )
    refused = assess(api, committed, people["peer"], people["learner"], rater_role="coach")
    assert refused.status_code == 403
    assert "detail" in refused.json()


def test_someone_outside_the_team_may_not_assess(api, committed, people, competencies, make_member):
    from tests.factories import TeamFactory

    stranger = make_member(TeamFactory(), "coach")
    response = assess(api, committed, stranger, people["learner"])
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_an_unknown_competency_is_a_field_error(api, committed, people, competencies):
    response = assess(api, committed, people["coach"], people["learner"], competency="nope")
    assert response.status_code == 400
    assert "competency" in response.json()["errors"]


def test_an_assessment_is_recorded_as_an_assessed_statement(api, committed, people, competencies):
    assess(api, committed, people["coach"], people["learner"], level=4)
    statement = Statement.objects.get(verb=verbs.ASSESSED)
    assert statement.actor == people["learner"]
    assert (statement.object_type, statement.object_id, statement.score_raw) == (
        "competency",
        "empathy",
        4,
    )
    assert statement.context["rater_role"] == "coach"
    assert statement.context["rater"] == people["coach"].pk


def test_baseline_is_the_first_self_and_first_coach_assessment(api, people, competencies):
    learner, empathy = people["learner"], competencies["empathy"]
    start = timezone.now() - timedelta(days=30)
    for days, role, rater, level in [
        (0, "self", learner, 2),
        (1, "coach", people["coach"], 3),
        (10, "self", learner, 4),
        (11, "coach", people["coach"], 4),
    ]:
        assessment_create(
            learner=learner, competency=empathy, rater=rater, rater_role=role, level=level,
            assessed_at=start + timedelta(days=days),
        )  # fmt: skip
    levels = api(learner).get("/api/progress/me/").json()["competencies"]
    row = next(item for item in levels if item["competency"] == "empathy")
    assert row["baseline"] == {"self": 2, "coach": 3}
    assert row["latest"] == 4


def test_latest_level_prefers_the_coach_over_a_later_self_assessment(api, people, competencies):
    learner, empathy = people["learner"], competencies["empathy"]
    start = timezone.now() - timedelta(days=5)
    for days, role, rater, level in [(0, "coach", people["coach"], 2), (1, "self", learner, 5)]:
        assessment_create(
            learner=learner, competency=empathy, rater=rater, rater_role=role, level=level,
            assessed_at=start + timedelta(days=days),
        )  # fmt: skip
    levels = api(learner).get("/api/progress/me/").json()["competencies"]
    row = next(item for item in levels if item["competency"] == "empathy")
    assert (row["latest"], row["latest_rater_role"]) == (2, "coach")


def test_the_teams_target_overrides_the_organisations(api, people, team, competencies):
    competency_target_set(competency=competencies["empathy"], level=3)
    competency_target_set(competency=competencies["caring"], level=3)
    competency_target_set(competency=competencies["empathy"], level=5, team=team)
    levels = api(people["learner"]).get("/api/progress/me/").json()["competencies"]
    targets = {item["competency"]: item["target"] for item in levels}
    assert (targets["empathy"], targets["caring"], targets["wow"]) == (5, 3, None)


def test_a_target_level_out_of_range_is_refused_with_a_translated_field_error(competencies):
    from django.utils import translation

    from core.errors import DomainError

    with translation.override("fi"), pytest.raises(DomainError) as refused:
        competency_target_set(competency=competencies["empathy"], level=9)
    assert refused.value.code == "invalid"
    assert str(refused.value.errors["level"][0]) != "A target level is between 1 and 5."


@pytest.fixture
def rated_by_coach_then_peer(people, competencies):
    """The coach assesses empathy at 2; a day later a peer (observer) says 5."""
    learner, empathy = people["learner"], competencies["empathy"]
    start = timezone.now() - timedelta(days=5)
    for days, role, rater, level in [
        (0, "coach", people["coach"], 2),
        (1, "observer", people["peer"], 5),
    ]:
        assessment_create(
            learner=learner, competency=empathy, rater=rater, rater_role=role, level=level,
            assessed_at=start + timedelta(days=days),
        )  # fmt: skip
    return learner


def test_the_dashboard_and_export_show_the_coachs_level_not_a_later_peers(
    api, people, team, rated_by_coach_then_peer
):
    learner, manager = rated_by_coach_then_peer, people["manager"]
    dashboard = api(manager).get(f"/api/progress/teams/{team.pk}/dashboard/").json()
    member = next(m for m in dashboard["members"] if m["id"] == learner.pk)
    assert member["levels"]["empathy"]["latest"] == 2
    export = (
        api(manager)
        .get(f"/api/progress/teams/{team.pk}/export.csv", HTTP_ACCEPT_LANGUAGE="en")
        .getvalue()
        .decode()
    )
    rows = list(csv.DictReader(io.StringIO(export.lstrip("\ufeff"))))
    row = next(
        r for r in rows if r["username"] == learner.username and r["competency key"] == "empathy"
    )
    assert (row["latest level"], row["latest assessed by"]) == ("2", "coach")
    levels = api(manager).get(f"/api/progress/learners/{learner.pk}/").json()["competencies"]
    empathy = next(item for item in levels if item["competency"] == "empathy")
    assert (empathy["latest"], empathy["latest_rater_role"]) == (2, "coach")
    # Nor does a peer's rating move the team's weekly average.
    assert {w["average_level"] for w in dashboard["trend"]} <= {None, 2}


def test_two_peers_rating_each_other_do_not_meet_a_milestone_that_asks_for_a_coach(
    api, committed, people, competencies, make_milestone
):
    learner, peer = people["learner"], people["peer"]
    milestone = make_milestone(
        {
            "type": "assessed",
            "value": {"competency": competencies["empathy"].pk, "rater_role": "coach",
                      "min_level": 4},
        }
    )  # fmt: skip
    for rater, rated in ((learner, peer), (peer, learner)):
        assert assess(api, committed, rater, rated, level=5).status_code == 201
        refused = assess(api, committed, rater, rated, level=5, rater_role="coach")
        assert refused.status_code == 403
    states = MilestoneState.objects.filter(milestone=milestone)
    assert not states.filter(state=MilestoneStatus.ACHIEVED).exists()
    assert assess(api, committed, people["coach"], learner, level=4).status_code == 201
    assert states.get(learner=learner).state == MilestoneStatus.ACHIEVED
