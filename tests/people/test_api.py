import pytest
from rest_framework.test import APIClient

from people.models import Team, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_token_login_returns_a_token_that_authenticates(api, demo):
    response = api.post(
        "/api/auth/token/", {"username": "learner", "password": "kohtaamo-demo"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]

    me = APIClient().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    assert me.json()["username"] == "learner"


def test_token_login_with_a_wrong_password_is_a_clear_400(api, demo):
    response = api.post(
        "/api/auth/token/",
        {"username": "learner", "password": "wrong"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    body = response.json()
    assert "credentials" in body["detail"].lower()
    assert "token" not in body


@pytest.mark.parametrize(
    ("username", "team", "role"),
    [
        ("learner", "Asiakaspalvelu Aurora", "learner"),
        ("coach", "Asiakaspalvelu Aurora", "coach"),
        ("manager", "Asiakaspalvelu Aurora", "manager"),
        ("coach2", "Myymälä Kajo", "coach"),
        ("manager2", "Myymälä Kajo", "manager"),
        ("learner4", "Myymälä Kajo", "learner"),
        ("coach3", "Tiimi Uusi", "coach"),
        ("learner5", "Tiimi Uusi", "learner"),
    ],
)
def test_me_shows_each_demo_role_in_its_team(api, demo, username, team, role):
    user = User.objects.get(username=username)
    api.force_authenticate(user)
    body = api.get("/api/me/").json()
    assert body["id"] == user.pk
    assert body["username"] == username
    assert body["name"] == user.get_full_name()
    assert body["language"] == user.language
    assert {"id": Team.objects.get(name=team).pk, "name": team, "role": role} in body["teams"]
    # the demo manager also manages Tiimi Uusi: he has the head-of-service overview
    assert len(body["teams"]) == (2 if username == "manager" else 1)


def test_one_person_can_hold_different_roles_in_different_teams(api, make_member, team):
    other = Team.objects.create(name="Evening shift")
    person = make_member(team, "learner")
    other.memberships.create(user=person, role="coach")
    api.force_authenticate(person)
    roles = {t["name"]: t["role"] for t in api.get("/api/me/").json()["teams"]}
    assert roles == {team.name: "learner", "Evening shift": "coach"}


def test_me_needs_authentication(api):
    response = api.get("/api/me/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_a_person_can_change_their_language(api, make_member, team):
    person = make_member(team, "learner", language="en")
    api.force_authenticate(person)
    response = api.patch("/api/me/", {"language": "fi"}, format="json")
    assert response.status_code == 200
    assert response.json()["language"] == "fi"
    person.refresh_from_db()
    assert person.language == "fi"


def test_an_unknown_language_is_refused_with_the_field_named(api, make_member, team):
    person = make_member(team, "learner", language="en")
    api.force_authenticate(person)
    response = api.patch("/api/me/", {"language": "sv"}, format="json")
    assert response.status_code == 400
    assert "language" in response.json()["errors"]
    person.refresh_from_db()
    assert person.language == "en"


def test_a_member_sees_their_team_list(api, demo):
    api.force_authenticate(User.objects.get(username="learner"))
    team = Team.objects.get(name="Asiakaspalvelu Aurora")
    response = api.get(f"/api/teams/{team.pk}/members/")
    assert response.status_code == 200
    assert {m["username"] for m in response.json()} == {
        "coach",
        "manager",
        "learner",
        "learner2",
        "learner3",
    }


def test_a_learner_cannot_read_another_teams_membership_list(api, demo):
    api.force_authenticate(User.objects.get(username="learner"))
    other = Team.objects.get(name="Myymälä Kajo")
    response = api.get(f"/api/teams/{other.pk}/members/")
    assert response.status_code == 403
    assert "learner4" not in response.content.decode()


def test_an_unknown_team_is_a_json_404(api, demo):
    api.force_authenticate(User.objects.get(username="learner"))
    response = api.get("/api/teams/999999/members/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["detail"]
