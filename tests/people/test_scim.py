"""The directory provisions people over SCIM: tokens, joiners, leavers, bad input."""

import io
import json

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from people.models import ClaimMapping, Membership, Role, ScimToken, Team, User
from people.scim.services import scim_token_create
from people.services import access_token_create
from tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


class Scim:
    """A directory client: JSON in, JSON out, with its bearer token."""

    def __init__(self, raw: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"} if raw else {}

    def __call__(self, method: str, path: str, body=None, **headers):
        data = body if isinstance(body, str) else json.dumps(body) if body is not None else ""
        return getattr(self.client, method)(
            f"/scim/v2/{path}",
            data=data,
            content_type="application/scim+json",
            headers={**self.headers, **headers},
        )


@pytest.fixture
def scim(db):
    _token, raw = scim_token_create(name="entra")
    return Scim(raw)


def new_user(scim, user_name="aino.aalto", external_id="oid-aino", **extra):
    body = {
        "schemas": [USER],
        "userName": user_name,
        "externalId": external_id,
        "name": {"givenName": "Aino", "familyName": "Aalto"},
        "emails": [{"value": f"{user_name}@testyritys.example", "primary": True}],
        "active": True,
        **extra,
    }
    response = scim("post", "Users", body)
    assert response.status_code == 201, response.content
    return response.json()


def assert_scim_error(response, status: int, scim_type: str | None = None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/scim+json")
    body = response.json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body["detail"]
    if scim_type:
        assert body["scimType"] == scim_type


# Tokens


@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic dXNlcjpwYXNz"])
def test_no_or_a_wrong_token_is_401_with_a_scim_error(db, header):
    scim_token_create(name="entra")
    client = Scim(None)
    response = client("get", "Users", **({"Authorization": header} if header else {}))
    assert_scim_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_token_command_prints_a_token_once_and_stores_only_its_digest(db):
    out = io.StringIO()
    call_command("scim_token", "create", "okta", stdout=out)
    raw = out.getvalue().strip()
    stored = ScimToken.objects.get(name="okta")
    assert raw and raw not in stored.digest
    assert not ScimToken.objects.filter(digest=raw).exists()
    assert Scim(raw)("get", "Users").status_code == 200

    call_command("scim_token", "revoke", "okta", stdout=io.StringIO())
    assert_scim_error(Scim(raw)("get", "Users"), 401)
    with pytest.raises(CommandError):
        call_command("scim_token", "create", "okta", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("scim_token", "revoke", "nobody", stdout=io.StringIO())


# Users: create, filter, paginate


def test_a_created_user_is_read_back_with_location_and_etag(scim):
    created = new_user(scim)
    user = User.objects.get(username="aino.aalto")
    assert user.external_id == "oid-aino"
    assert not user.has_usable_password()
    response = scim("get", f"Users/{created['id']}")
    assert response.status_code == 200
    assert response["ETag"] == created["meta"]["version"]
    assert response["Location"].endswith(f"/scim/v2/Users/{user.pk}")
    assert response.json()["emails"] == [{"value": "aino.aalto@testyritys.example"}]
    assert (
        scim("get", f"Users/{created['id']}", **{"If-None-Match": response["ETag"]}).status_code
        == 304
    )


def test_users_are_found_by_username_or_external_id(scim):
    new_user(scim, "aino.aalto", "oid-aino")
    new_user(scim, "eero.esimerkki", "oid-eero")
    by_name = scim("get", 'Users?filter=userName eq "AINO.AALTO"').json()
    assert [r["userName"] for r in by_name["Resources"]] == ["aino.aalto"]
    by_id = scim("get", 'Users?filter=externalId eq "oid-eero"').json()
    assert by_id["totalResults"] == 1
    assert by_id["Resources"][0]["userName"] == "eero.esimerkki"
    nobody = scim("get", 'Users?filter=userName eq "nobody"').json()
    assert nobody["totalResults"] == 0
    assert nobody["Resources"] == []


def test_users_come_in_pages(scim):
    for n in range(5):
        new_user(scim, f"person{n}", f"oid-{n}")
    page = scim("get", "Users?startIndex=2&count=2").json()
    assert page["totalResults"] == User.objects.count()
    assert (page["startIndex"], page["itemsPerPage"]) == (2, 2)
    assert len(page["Resources"]) == 2
    assert scim("get", "Users?count=0").json()["Resources"] == []


# Bad input changes nothing


@pytest.mark.parametrize(
    ("body", "status", "scim_type"),
    [
        ("{not json", 400, "invalidSyntax"),
        ({"schemas": [USER]}, 400, None),
        ({"schemas": [USER], "userName": "x", "active": "perhaps"}, 400, None),
    ],
)
def test_a_bad_user_is_refused_with_a_scim_error_and_nothing_is_created(
    scim, body, status, scim_type
):
    before = User.objects.count()
    assert_scim_error(scim("post", "Users", body), status, scim_type)
    assert User.objects.count() == before


def test_a_taken_username_is_a_409_uniqueness_error(scim):
    new_user(scim)
    response = scim("post", "Users", {"schemas": [USER], "userName": "Aino.Aalto"})
    assert_scim_error(response, 409, "uniqueness")
    assert User.objects.filter(username__iexact="aino.aalto").count() == 1


@pytest.mark.parametrize(
    "expression",
    ['userName eq "x" and', 'nickName eq "x"', "userName zz 3", 'emails[type eq "work"'],
)
def test_a_bad_filter_is_a_400_and_never_lists_everyone(scim, expression):
    new_user(scim)
    response = scim("get", f"Users?filter={expression}")
    assert_scim_error(response, 400, "invalidFilter")


def test_an_unknown_user_is_a_scim_404(scim):
    assert_scim_error(scim("get", "Users/999999"), 404)
    assert_scim_error(scim("get", "Nothing/here"), 404)


def test_a_stale_if_match_is_refused_and_changes_nothing(scim):
    created = new_user(scim)
    patch = {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "path": "userName", "value": "z"}],
    }
    response = scim("patch", f"Users/{created['id']}", patch, **{"If-Match": 'W/"1"'})
    assert_scim_error(response, 412)
    assert User.objects.filter(username="aino.aalto").exists()


# Joiners


def test_a_group_is_a_team_and_its_members_are_learners(scim):
    aino = new_user(scim)
    response = scim(
        "post",
        "Groups",
        {
            "schemas": [GROUP],
            "displayName": "Asiakaspalvelu Aurora",
            "externalId": "grp-aurora",
            "members": [{"value": aino["id"]}],
        },
    )
    assert response.status_code == 201, response.content
    team = Team.objects.get(name="Asiakaspalvelu Aurora")
    assert team.external_id == "grp-aurora"
    assert Membership.objects.get(team=team).role == Role.LEARNER
    user = scim("get", f"Users/{aino['id']}").json()
    assert user["groups"][0]["display"] == "Asiakaspalvelu Aurora"
    by_name = scim("get", 'Groups?filter=displayName eq "Asiakaspalvelu Aurora"').json()
    assert by_name["Resources"][0]["members"][0]["value"] == aino["id"]


def test_a_group_mapping_makes_its_members_coaches(scim):
    team = TeamFactory(name="Aurora coaches", external_id="grp-coaches")
    ClaimMapping.objects.create(claim="groups", value="grp-coaches", team=team, role=Role.COACH)
    aino = new_user(scim)
    patch = {
        "schemas": [PATCH],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": aino["id"]}]}],
    }
    assert scim("patch", f"Groups/{team.pk}", patch).status_code == 200
    assert Membership.objects.get(team=team).role == Role.COACH


def test_a_member_who_is_not_a_user_is_refused_and_nothing_changes(scim):
    team = TeamFactory()
    patch = {
        "schemas": [PATCH],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": "999999"}]}],
    }
    assert_scim_error(scim("patch", f"Groups/{team.pk}", patch), 400, "invalidValue")
    assert not Membership.objects.filter(team=team).exists()


# Leavers


@pytest.fixture
def leaver(scim):
    """Aino, provisioned, in a team with a manager, signed in twice, with an API token."""
    created = new_user(scim)
    aino = User.objects.get(pk=created["id"])
    team = TeamFactory(name="Aurora")
    MembershipFactory(user=aino, team=team, role=Role.LEARNER)
    manager = UserFactory(username="manager-of-aurora")
    MembershipFactory(user=manager, team=team, role=Role.MANAGER)
    browsers = []
    for _ in range(2):
        browser = Client()
        browser.force_login(aino)
        browsers.append(browser)
    token, key = access_token_create(user=aino)
    return {"user": aino, "team": team, "manager": manager, "browsers": browsers, "key": key}


def members_seen_by_manager(leaver) -> list[str]:
    api = APIClient()
    api.force_authenticate(leaver["manager"])
    response = api.get(f"/api/teams/{leaver['team'].pk}/members/")
    return [member["username"] for member in response.json()]


def assert_access_ended(leaver):
    aino = leaver["user"]
    aino.refresh_from_db()
    assert not aino.is_active
    for browser in leaver["browsers"]:
        assert browser.get("/api/me/").status_code in (401, 403)
    assert not Session.objects.filter(
        session_key__in=[b.session.session_key for b in leaver["browsers"]]
    ).exists()
    assert not aino.access_tokens.exists()
    api = APIClient(HTTP_AUTHORIZATION=f"Token {leaver['key']}")
    assert api.get("/api/me/").status_code in (401, 403)
    assert aino.username not in members_seen_by_manager(leaver)
    assert User.objects.filter(pk=aino.pk).exists()


def test_a_person_set_inactive_loses_access_at_once(scim, leaver):
    assert leaver["user"].username in members_seen_by_manager(leaver)
    patch = {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "path": "active", "value": False}],
    }
    response = scim("patch", f"Users/{leaver['user'].pk}", patch)
    assert response.status_code == 200
    assert response.json()["active"] is False
    assert_access_ended(leaver)


def test_entra_ids_replace_without_a_path_also_ends_access(scim, leaver):
    patch = {"schemas": [PATCH], "Operations": [{"op": "Replace", "value": {"active": False}}]}
    assert scim("patch", f"Users/{leaver['user'].pk}", patch).status_code == 200
    assert_access_ended(leaver)


def test_a_deleted_person_is_gone_from_scim_but_their_records_stay(scim, leaver):
    assert scim("delete", f"Users/{leaver['user'].pk}").status_code == 204
    assert_access_ended(leaver)
    assert_scim_error(scim("get", f"Users/{leaver['user'].pk}"), 404)
    assert "aino.aalto" not in scim("get", "Users").content.decode()


def test_removal_from_the_group_ends_the_team_membership_at_once(scim, leaver):
    aino, team = leaver["user"], leaver["team"]
    patch = {
        "schemas": [PATCH],
        "Operations": [{"op": "remove", "path": f'members[value eq "{aino.pk}"]'}],
    }
    assert scim("patch", f"Groups/{team.pk}", patch).status_code == 200
    assert not Membership.objects.filter(user=aino, team=team).exists()
    assert aino.username not in members_seen_by_manager(leaver)
    aino.refresh_from_db()
    assert aino.is_active


def test_a_deleted_group_lets_its_members_go_and_keeps_the_team(scim, leaver):
    team = leaver["team"]
    assert scim("delete", f"Groups/{team.pk}").status_code == 204
    assert not Membership.objects.filter(team=team).exists()
    assert Team.objects.filter(pk=team.pk).exists()
    assert_scim_error(scim("get", f"Groups/{team.pk}"), 404)


def test_a_person_with_an_address_at_a_reserved_domain_can_still_be_deactivated(scim):
    person = UserFactory(username="old-timer", email="old@example.invalid")
    assert scim("get", f"Users/{person.pk}").json()["emails"] == [{"value": "old@example.invalid"}]
    patch = {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "path": "active", "value": False}],
    }
    assert scim("patch", f"Users/{person.pk}", patch).status_code == 200
    person.refresh_from_db()
    assert (person.is_active, person.email) == (False, "old@example.invalid")
