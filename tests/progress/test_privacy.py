"""Who sees whose progress: learners their own, coaches and managers their teams only."""

import pytest

from progress.services import assessment_create, coaching_note_create
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_member, team, competencies):
    other = TeamFactory()
    people = {
        "learner": make_member(team, "learner"),
        "peer": make_member(team, "learner"),
        "coach": make_member(team, "coach"),
        "manager": make_member(team, "manager"),
        "other_coach": make_member(other, "coach"),
        "other_manager": make_member(other, "manager"),
    }
    assessment_create(
        learner=people["learner"], competency=competencies["empathy"], rater=people["coach"],
        rater_role="coach", level=2, note="Interrupts the customer.",
    )  # fmt: skip
    coaching_note_create(
        learner=people["learner"], author=people["coach"], body="Private coaching note."
    )
    coaching_note_create(
        learner=people["learner"], author=people["coach"], body="Shared encouragement.",
        shared_with_learner=True,
    )  # fmt: skip
    return {"team": team, "other": other, **people}


def test_my_progress_shows_only_my_own_levels(api, world):
    peer_view = api(world["peer"]).get("/api/progress/me/").json()
    assert peer_view["learner"]["id"] == world["peer"].pk
    assert all(row["latest"] is None for row in peer_view["competencies"])


def test_a_learner_sees_notes_shared_with_them_but_not_private_ones(api, world):
    notes = [n["body"] for n in api(world["learner"]).get("/api/progress/me/").json()["notes"]]
    assert notes == ["Shared encouragement."]


@pytest.mark.parametrize("viewer", ["peer", "other_coach", "other_manager"])
def test_a_learners_progress_is_hidden_from_people_who_do_not_lead_them(api, world, viewer):
    response = api(world[viewer]).get(f"/api/progress/learners/{world['learner'].pk}/")
    assert response.status_code == 404
    assert "Private coaching note." not in response.content.decode()
    assert "Interrupts" not in response.content.decode()


@pytest.mark.parametrize("viewer", ["coach", "manager"])
def test_the_learners_coaches_and_managers_see_notes_and_assessments(api, world, viewer):
    data = api(world[viewer]).get(f"/api/progress/learners/{world['learner'].pk}/").json()
    assert {n["body"] for n in data["notes"]} == {"Private coaching note.", "Shared encouragement."}
    assert data["assessments"][0]["note"] == "Interrupts the customer."


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("coach", 200),
        ("manager", 200),
        ("learner", 403),
        ("other_coach", 403),
        ("other_manager", 403),
    ],
)
def test_team_dashboard_is_for_the_teams_coaches_and_managers(api, world, viewer, status):
    response = api(world[viewer]).get(f"/api/progress/teams/{world['team'].pk}/dashboard/")
    assert response.status_code == status
    if status == 403:
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    ("viewer", "status"), [("manager", 200), ("learner", 403), ("other_manager", 403)]
)
def test_team_export_is_for_the_teams_leads(api, world, viewer, status):
    response = api(world[viewer]).get(f"/api/progress/teams/{world['team'].pk}/export.csv")
    assert response.status_code == status


def test_a_refused_export_answers_json_even_to_a_csv_client(api, world):
    response = api(world["learner"]).get(
        f"/api/progress/teams/{world['team'].pk}/export.csv", HTTP_ACCEPT="text/csv"
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("viewer", "status"), [("manager", 200), ("coach", 403), ("peer", 403), ("other_manager", 403)]
)
def test_a_teams_statements_are_for_its_managers(api, world, viewer, status):
    response = api(world[viewer]).get(f"/api/progress/statements/?team={world['team'].pk}")
    assert response.status_code == status


def test_a_learner_may_not_write_a_note_about_a_peer(api, world):
    response = api(world["peer"]).post(
        "/api/progress/notes/", {"learner": world["learner"].pk, "body": "Gossip"}, format="json"
    )
    assert response.status_code == 403


def test_a_coach_writes_a_note_about_a_learner_of_their_team(api, world):
    response = api(world["coach"]).post(
        "/api/progress/notes/",
        {"learner": world["learner"].pk, "body": "Great warmth today.", "competency": "caring"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["shared_with_learner"] is False


def test_an_anonymous_caller_gets_a_json_error(client, world):
    response = client.get("/api/progress/me/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"]
