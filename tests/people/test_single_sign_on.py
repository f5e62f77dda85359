"""Single sign-on against a real OpenID Connect provider (oidc-provider-mock on
loopback): what is accepted, and every answer that must be refused with a page."""

import base64
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
import requests
from django.test import override_settings

from people.models import ClaimMapping, Membership, Role, User
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.people.oidc_peer import CLIENT_ID, CLIENT_SECRET, running_provider
from tests.servers import free_port

pytestmark = pytest.mark.django_db

SUB = "8c1f7a52-0000-4000-9000-kohtaamo0001"


@pytest.fixture(scope="module")
def provider():
    with running_provider() as provider:
        yield provider


@pytest.fixture(scope="module")
def expiring_provider():
    # Every ID token it signs expired ten minutes ago: beyond any tolerated skew.
    with running_provider(token_max_age=-600) as provider:
        yield provider


def sso_settings(issuer: str, **extra):
    return override_settings(
        OIDC_ISSUER=issuer,
        OIDC_CLIENT_ID=CLIENT_ID,
        OIDC_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_PROVIDER_NAME="Testyritys",
        **extra,
    )


@pytest.fixture
def team_mapping(db):
    team = TeamFactory(name="Aurora")
    ClaimMapping.objects.create(claim="groups", value="aurora", team=team, role=Role.LEARNER)
    return team


def authorize(client, sub: str) -> str:
    """Start sign-in, consent at the provider as ``sub``; the callback path to follow."""
    start = client.get("/accounts/sso/login/")
    assert start.status_code == 302, start.content
    consent = requests.post(start["Location"], data={"sub": sub}, allow_redirects=False)
    assert consent.status_code == 302, consent.text
    callback = urlsplit(consent.headers["Location"])
    assert callback.path == "/accounts/sso/callback/"
    return f"{callback.path}?{callback.query}"


def test_a_person_signs_in_and_is_created_with_the_claims(client, provider, team_mapping, caplog):
    provider.set_user(
        SUB,
        email="aino@testyritys.example",
        given_name="Aino",
        family_name="Aalto",
        locale="en-GB",
        groups=["aurora"],
    )
    caplog.set_level(logging.DEBUG)
    with sso_settings(provider.issuer):
        response = client.get(authorize(client, SUB))
    assert response.status_code == 302
    assert response["Location"].endswith("/start/")  # then on to the person's own work
    aino = User.objects.get(external_id=SUB)
    assert (aino.first_name, aino.last_name, aino.language) == ("Aino", "Aalto", "en")
    assert not aino.has_usable_password()
    assert Membership.objects.get(user=aino).team == team_mapping
    assert client.get("/api/me/").json()["username"] == "aino@testyritys.example"


def test_name_email_and_language_follow_the_claims_at_each_sign_in(client, provider, team_mapping):
    provider.set_user(SUB, email="a@testyritys.example", given_name="Aino", groups=["aurora"])
    with sso_settings(provider.issuer):
        client.get(authorize(client, SUB))
        client.logout()
        provider.set_user(
            SUB, email="b@testyritys.example", given_name="Aina", locale="fi", groups=["aurora"]
        )
        client.get(authorize(client, SUB))
    user = User.objects.get(external_id=SUB)
    assert (user.email, user.first_name, user.language) == ("b@testyritys.example", "Aina", "fi")
    assert User.objects.filter(external_id=SUB).count() == 1


def test_the_account_is_matched_by_the_id_claim_not_by_email(client, provider, team_mapping):
    UserFactory(username="aino-pw", email="aino@testyritys.example")
    provider.set_user(SUB, email="aino@testyritys.example", groups=["aurora"])
    with sso_settings(provider.issuer):
        response = client.get(authorize(client, SUB))
    assert response.status_code == 403
    assert b'data-sso-error="email_taken"' in response.content
    assert not User.objects.filter(external_id=SUB).exists()
    assert "_auth_user_id" not in client.session


def test_an_scim_provisioned_account_is_the_same_account_at_sign_in(client, provider, team_mapping):
    provisioned = UserFactory(username="aino.aalto", external_id=SUB, email="")
    provider.set_user(SUB, email="aino@testyritys.example", groups=["aurora"])
    with sso_settings(provider.issuer):
        assert client.get(authorize(client, SUB)).status_code == 302
    assert client.session["_auth_user_id"] == str(provisioned.pk)


@override_settings(OIDC_USER_ID_CLAIM="oid")
def test_the_id_claim_can_be_entra_ids_oid(client, provider, team_mapping):
    provider.set_user(SUB, oid="entra-object-id-1", groups=["aurora"])
    with sso_settings(provider.issuer):
        assert client.get(authorize(client, SUB)).status_code == 302
    assert User.objects.filter(external_id="entra-object-id-1").exists()


def test_a_wrong_nonce_is_refused(client, provider, team_mapping):
    provider.set_user(SUB, groups=["aurora"])
    with sso_settings(provider.issuer):
        callback = authorize(client, SUB)
        session = client.session
        [key] = [k for k in session.keys() if k.startswith("_state_")]  # noqa: SIM118
        saved = session[key]
        saved["data"]["nonce"] = "not-the-nonce-of-this-sign-in"
        session[key] = saved
        session.save()
        response = client.get(callback)
    assert response.status_code == 400
    assert b'data-sso-error="invalid_token"' in response.content
    assert "_auth_user_id" not in client.session


def test_a_state_that_does_not_match_is_refused(client, provider, team_mapping):
    provider.set_user(SUB, groups=["aurora"])
    with sso_settings(provider.issuer):
        callback = authorize(client, SUB)
        response = client.get(callback.replace("state=", "state=x"))
    assert response.status_code == 400
    assert b'data-sso-error="state"' in response.content
    assert "_auth_user_id" not in client.session


def test_an_expired_id_token_is_refused(client, expiring_provider, team_mapping):
    expiring_provider.set_user(SUB, groups=["aurora"])
    with sso_settings(expiring_provider.issuer):
        response = client.get(authorize(client, SUB))
    assert response.status_code == 400
    assert b'data-sso-error="invalid_token"' in response.content
    assert not User.objects.filter(external_id=SUB).exists()


class TamperingProxy(BaseHTTPRequestHandler):
    """Passes everything to the provider, but rewrites the ``sub`` of each ID token.

    The signature then no longer matches the payload, as after an attack in transit.
    """

    upstream = ""

    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() != "content-length"}
        reply = requests.request(
            self.command,
            self.upstream + self.path,
            data=body,
            headers=headers,
            allow_redirects=False,
            timeout=5,
        )
        payload = reply.content
        if self.path.startswith("/oauth2/token") and reply.status_code == 200:
            token = reply.json()
            header, claims, signature = token["id_token"].split(".")
            decoded = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
            decoded["sub"] = "someone-else"
            claims = base64.urlsafe_b64encode(json.dumps(decoded).encode()).rstrip(b"=").decode()
            token["id_token"] = ".".join([header, claims, signature])
            payload = json.dumps(token).encode()
        self.send_response(reply.status_code)
        for name in ("Content-Type", "Location"):
            if name in reply.headers:
                self.send_header(name, reply.headers[name])
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _forward

    def log_message(self, *args):
        pass


@pytest.fixture
def tampering_proxy(provider):
    handler = type("Handler", (TamperingProxy,), {"upstream": provider.issuer})
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_tampered_id_token_is_refused(client, provider, tampering_proxy, team_mapping):
    provider.set_user(SUB, groups=["aurora"])
    with sso_settings(tampering_proxy):
        response = client.get(authorize(client, SUB))
    assert response.status_code == 400
    assert b'data-sso-error="invalid_token"' in response.content
    assert not User.objects.filter(external_id__in=[SUB, "someone-else"]).exists()


def test_a_provider_that_is_down_gets_a_page_not_a_500(client, caplog):
    with sso_settings(f"http://127.0.0.1:{free_port()}"):
        response = client.get("/accounts/sso/login/", HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 503
    assert b'data-sso-error="provider_down"' in response.content
    assert "vastannut" in response.content.decode()


def test_a_person_in_no_mapped_team_is_told_so_and_the_account_is_kept(
    client, provider, team_mapping
):
    provider.set_user(SUB, groups=["somewhere-else"])
    with sso_settings(provider.issuer):
        response = client.get(authorize(client, SUB))
    assert response.status_code == 403
    assert b'data-sso-error="no_team"' in response.content
    assert User.objects.filter(external_id=SUB).exists()
    assert "_auth_user_id" not in client.session


def test_a_deactivated_person_cannot_sign_in(client, provider, team_mapping):
    UserFactory(username="gone", external_id=SUB, is_active=False)
    provider.set_user(SUB, groups=["aurora"])
    with sso_settings(provider.issuer):
        response = client.get(authorize(client, SUB))
    assert response.status_code == 403
    assert b'data-sso-error="inactive"' in response.content


def test_the_log_never_holds_a_token(client, provider, tampering_proxy, team_mapping, caplog):
    caplog.set_level(logging.DEBUG)
    provider.set_user(SUB, groups=["aurora"])
    with sso_settings(tampering_proxy):
        callback = authorize(client, SUB)
        client.get(callback)
    code = callback.split("code=")[1].split("&")[0]
    assert caplog.records
    assert code not in caplog.text
    assert "eyJ" not in caplog.text


def test_the_login_page_offers_sso_and_can_turn_passwords_off(client, provider):
    with sso_settings(provider.issuer, PASSWORD_LOGIN=False):
        page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "data-sso" in page
        assert "Sign in with Testyritys" in page
        assert 'name="password"' not in page
        user = UserFactory(username="pw-user")
        refused = client.post(
            "/accounts/login/", {"username": user.username, "password": "secret-pass-123"}
        )
    assert refused.status_code == 403
    assert "_auth_user_id" not in client.session


def test_without_sso_configured_the_login_page_is_the_password_form(client):
    with override_settings(OIDC_ISSUER=""):
        page = client.get("/accounts/login/").content.decode()
        assert "data-sso" not in page
        assert 'name="password"' in page
        assert client.get("/accounts/sso/login/", follow=True).status_code == 404


def test_a_joiner_provisioned_by_scim_signs_in_and_has_the_teams_onboarding(client, provider):
    """The directory adds Aino and puts her in Aurora; at her first sign-in she is the
    same account and already has Aurora's course, due when the team's is."""
    from datetime import date

    from courses.models import Enrollment
    from courses.services import team_enrol
    from people.scim.services import scim_token_create
    from tests.courses.tree import build_course, setup_site

    home, _competencies = setup_site()
    course = build_course(home, [("what", 1, False)])[0]
    aurora = TeamFactory(name="Aurora", external_id="grp-aurora")
    MembershipFactory(team=aurora, role=Role.LEARNER)
    team_enrol(
        team=aurora, course=course, cohort_start=date(2026, 11, 2), due_date=date(2026, 12, 18)
    )
    _token, raw = scim_token_create(name="entra")
    directory = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "content_type": "application/scim+json"}
    created = client.post(
        "/scim/v2/Users",
        json.dumps(
            {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "aino.aalto",
                "externalId": SUB,
                "emails": [{"value": "aino@testyritys.example"}],
            }
        ),
        **directory,
    )
    assert created.status_code == 201, created.content
    added = client.patch(
        f"/scim/v2/Groups/{aurora.pk}",
        json.dumps(
            {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [
                    {"op": "add", "path": "members", "value": [{"value": created.json()["id"]}]}
                ],
            }
        ),
        **directory,
    )
    assert added.status_code == 200, added.content

    provider.set_user(SUB, email="aino@testyritys.example", given_name="Aino")
    with sso_settings(provider.issuer):
        assert client.get(authorize(client, SUB)).status_code == 302
    aino = User.objects.get(username="aino.aalto")
    assert client.session["_auth_user_id"] == str(aino.pk)
    enrollment = Enrollment.objects.get(learner=aino)
    assert (enrollment.course, enrollment.team) == (course, aurora)
    assert (enrollment.cohort_start, enrollment.due_date) == (date(2026, 11, 2), date(2026, 12, 18))


def test_with_passwords_off_the_api_gives_no_token_for_a_password(client):
    UserFactory(username="pw-user")
    with override_settings(PASSWORD_LOGIN=False):
        response = client.post(
            "/api/auth/token/",
            {"username": "pw-user", "password": "secret-pass-123"},
            content_type="application/json",
        )
    assert response.status_code == 403
    assert "token" not in response.json()
