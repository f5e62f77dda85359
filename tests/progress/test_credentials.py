"""Open Badges 3.0 credentials for signed-off milestones: issued, verified as an outside
verifier would (JWKS, signature, the 1EdTech JSON schema, the published status list),
tampering detected, revoked by withdrawal and by erasure; the learner's API and page.
"""

import base64
import io
import json
import urllib.request
from pathlib import Path

import jsonschema
import jwt
import pytest
from django.core.management import call_command
from jwt.algorithms import ECAlgorithm
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier
from rest_framework.test import APIClient

from cms.privacy import personal_data_erase
from people.models import User
from progress import credentials
from progress.models import Credential, CredentialKey, SignOff
from progress.services import assessment_create, signoff_create, signoff_withdraw
from tests.progress.conftest import condition

pytestmark = pytest.mark.django_db

MINE = "/api/progress/me/credentials/"
VERIFY = "/api/progress/credentials/verify/"
# 1EdTech's JSON Schema for an OB 3.0 AchievementCredential; see schemas/README.md.
SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json").read_text()
)


@pytest.fixture
def milestone(make_milestone, competencies):
    empathy = competencies["empathy"]
    return make_milestone(
        condition("assessed", competency=empathy.pk, rater_role="coach", min_level=3),
        condition("signed_off"),
        name="Empathy in practice",
        description="Calms an upset customer by listening first.",
        competency=empathy,
    )


@pytest.fixture
def people(make_member, team):
    return {
        "learner": make_member(team, "learner", email="Aino@Example.com"),
        "other": make_member(team, "learner"),
        "coach": make_member(team, "coach"),
    }


@pytest.fixture
def achieve(committed, competencies):
    """A coach assesses the learner at level 4 and signs the milestone off."""

    def run(learner, coach, milestone):
        committed(
            assessment_create,
            learner=learner,
            competency=competencies["empathy"],
            rater=coach,
            rater_role="coach",
            level=4,
        )
        signoff, _new = committed(signoff_create, learner=learner, milestone=milestone, coach=coach)
        return signoff

    return run


def payload_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def tampered(token: str, change) -> str:
    """The same JWT (header, signature) with one claim of the payload changed."""
    header, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    change(claims)
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"{header}.{body}.{signature}"


def outside_verifier(base_url: str, token: str):
    """Verify as someone outside Kohtaamo: the key from the JWKS by ``kid``, then the
    signature, the structure and the published status list, over HTTP."""

    def download(url: str) -> bytes:
        assert url.startswith(base_url)
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()

    keys = json.loads(download(f"{base_url}/.well-known/jwks.json"))["keys"]
    kid = jwt.get_unverified_header(token)["kid"]
    (jwk,) = [key for key in keys if key["kid"] == kid]
    verifier = OB3Verifier(pubkey_pem=ECAlgorithm.from_jwk(json.dumps(jwk)))
    return verifier.verify(token, check_status=True, verify_status_list=True, download=download)


@pytest.mark.django_db(transaction=True)
def test_a_badge_verifies_outside_kohtaamo_fails_when_tampered_and_says_revoked_once_withdrawn(
    live_server, settings, make_member, team, make_milestone, competencies, achieve
):
    settings.SITE_URL = live_server.url
    learner, coach = make_member(team, "learner", email="a@example.com"), make_member(team, "coach")
    milestone = make_milestone(condition("signed_off"), name="Owns the case")
    signoff = achieve(learner, coach, milestone)

    (credential,) = Credential.objects.filter(learner=learner)
    document = outside_verifier(live_server.url, credential.jwt)
    assert document.achievement.name == "Owns the case"
    jsonschema.Draft201909Validator(
        SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    ).validate(payload_of(credential.jwt))

    def rename(claims):
        claims["credentialSubject"]["achievement"]["name"] = "Chief executive"

    forged = tampered(credential.jwt, rename)
    with pytest.raises(OB3VerificationError, match="signature"):
        outside_verifier(live_server.url, forged)
    anonymous = APIClient()
    answer = anonymous.post(VERIFY, {"jwt": forged}, format="json").json()
    assert answer == {"valid": False, "revoked": False, "achievement": None}

    signoff_withdraw(signoff=signoff, by=coach)
    with pytest.raises(OB3VerificationError, match="revocation"):
        outside_verifier(live_server.url, credential.jwt)
    answer = anonymous.get(f"/api/progress/credentials/{credential.pk}/verify/").json()
    assert answer["valid"] is False and answer["revoked"] is True
    assert answer["achievement"]["name"] == "Owns the case"


def test_the_credential_carries_the_achievement_criteria_levels_evidence_and_issuer(
    people, milestone, achieve, settings
):
    settings.CREDENTIAL_ISSUER_NAME = "Aurora Oy"
    achieve(people["learner"], people["coach"], milestone)
    credential = Credential.objects.get(learner=people["learner"])
    claims = payload_of(credential.jwt)
    jsonschema.Draft201909Validator(
        SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    ).validate(claims)
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["issuer"]["name"] == "Aurora Oy"
    achievement = claims["credentialSubject"]["achievement"]
    assert achievement["name"] == "Empathy in practice"
    assert "Calms an upset customer" in achievement["criteria"]["narrative"]
    assert "kuittaa" in achievement["criteria"]["narrative"]  # in the site's language
    (alignment,) = achievement["alignment"]
    assert alignment["targetCode"] == "empathy:3"
    (result,) = claims["credentialSubject"]["result"]
    assert result["value"] == "4"
    assert len(claims["evidence"]) == 2  # the assessment and the sign-off
    assert claims["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert int(claims["credentialStatus"]["statusListIndex"]) == credential.status_index
    # The learner is named by a salted hash of their address, not the address.
    (identity,) = claims["credentialSubject"]["identifier"]
    assert "aino" not in json.dumps(claims).lower()
    assert identity["identityType"] == "emailAddress" and identity["hashed"] is True
    assert jwt.get_unverified_header(credential.jwt)["kid"] == credential.key.kid


def test_a_milestone_without_a_signoff_in_its_rule_gives_no_credential(
    people, make_milestone, competencies, committed
):
    make_milestone(
        condition(
            "assessed", competency=competencies["empathy"].pk, rater_role="coach", min_level=3
        )
    )
    committed(
        assessment_create,
        learner=people["learner"],
        competency=competencies["empathy"],
        rater=people["coach"],
        rater_role="coach",
        level=4,
    )
    assert not Credential.objects.exists()


def test_no_credential_until_the_whole_rule_is_met(people, milestone, committed):
    committed(signoff_create, learner=people["learner"], milestone=milestone, coach=people["coach"])
    assert not Credential.objects.exists()


def test_the_learner_lists_their_credentials_with_the_contract_fields(
    api, people, milestone, achieve, settings
):
    achieve(people["learner"], people["coach"], milestone)
    response = api(people["learner"]).get(MINE)
    assert response.status_code == 200
    (item,) = response.json()
    assert set(item) == {"id", "milestone", "issued_at", "jwt", "verify_url"}
    assert item["milestone"] == milestone.pk
    assert item["verify_url"] == (
        f"{settings.SITE_URL}/api/progress/credentials/{item['id']}/verify/"
    )
    answer = APIClient().get(item["verify_url"].removeprefix(settings.SITE_URL))
    assert answer.status_code == 200
    assert answer.json() == {
        "valid": True,
        "revoked": False,
        "achievement": {
            "id": f"urn:uuid:{milestone.translation_key}",
            "name": "Empathy in practice",
            "description": "Calms an upset customer by listening first.",
        },
    }


def test_another_learner_sees_only_their_own_credentials(api, people, milestone, achieve):
    achieve(people["learner"], people["coach"], milestone)
    assert api(people["other"]).get(MINE).json() == []
    assert api(people["coach"]).get(MINE).json() == []


def test_a_learner_without_credentials_gets_an_empty_list(api, people):
    response = api(people["learner"]).get(MINE)
    assert response.status_code == 200 and response.json() == []


def test_listing_credentials_needs_signing_in():
    response = APIClient().get(MINE)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_an_unknown_credential_id_is_a_404_with_a_message():
    unknown = "0f2c3c0e-5a9b-4c61-9d1e-2b6c8f7a1d22"
    response = APIClient().get(f"/api/progress/credentials/{unknown}/verify/")
    assert response.status_code == 404 and response.json()["detail"]


def test_a_presented_token_that_is_not_a_credential_is_not_valid(api, people):
    foreign = jwt.encode({"x": 1}, "a-shared-secret-long-enough-for-hs256", algorithm="HS256")
    for token in ("not-a-jwt", "a.b.c", foreign):
        answer = APIClient().post(VERIFY, {"jwt": token}, format="json")
        assert answer.status_code == 200
        assert answer.json() == {"valid": False, "revoked": False, "achievement": None}
    assert APIClient().post(VERIFY, {}, format="json").status_code == 400


def test_withdrawing_the_signoff_revokes_and_a_new_signoff_issues_a_new_credential(
    api, people, milestone, achieve, committed
):
    signoff = achieve(people["learner"], people["coach"], milestone)
    first = Credential.objects.get()
    committed(signoff_withdraw, signoff=signoff, by=people["coach"])
    first.refresh_from_db()
    assert first.revoked_at is not None and first.revoked_reason == "signoff_withdrawn"
    assert api(people["learner"]).get(MINE).json() == []
    assert credentials.credential_verify(first.jwt)["revoked"] is True

    committed(signoff_create, learner=people["learner"], milestone=milestone, coach=people["coach"])
    (item,) = api(people["learner"]).get(MINE).json()
    assert item["id"] != str(first.pk)
    assert credentials.credential_verify(item["jwt"])["valid"] is True
    assert credentials.credential_verify(first.jwt)["revoked"] is True


def test_a_coach_withdrawing_through_the_api_revokes_the_credential(
    api, people, milestone, achieve, committed
):
    signoff = achieve(people["learner"], people["coach"], milestone)
    url = f"/api/progress/signoffs/{signoff.pk}/withdraw/"
    assert committed(api(people["coach"]).post, url, {}, format="json").status_code == 200
    credential = Credential.objects.get()
    answer = APIClient().get(f"/api/progress/credentials/{credential.pk}/verify/").json()
    assert answer["revoked"] is True and answer["valid"] is False


def test_erasing_the_learner_revokes_their_credential_and_keeps_nothing_about_them(
    people, milestone, achieve
):
    achieve(people["learner"], people["coach"], milestone)
    credential = Credential.objects.get()
    token = credential.jwt
    personal_data_erase(people["learner"])
    credential.refresh_from_db()
    assert (credential.learner, credential.jwt, credential.revoked_reason) == (None, "", "erased")
    # A copy the learner handed out before still checks, and reads revoked.
    assert credentials.credential_verify(token) == {
        "valid": False,
        "revoked": True,
        "achievement": {
            "id": f"urn:uuid:{milestone.translation_key}",
            "name": "Empathy in practice",
            "description": "Calms an upset customer by listening first.",
        },
    }
    answer = APIClient().get(f"/api/progress/credentials/{credential.pk}/verify/").json()
    assert answer["revoked"] is True and answer["valid"] is False
    assert not SignOff.objects.filter(learner=people["learner"]).exists()


def test_the_personal_data_command_erases_and_revokes(people, milestone, achieve):
    achieve(people["learner"], people["coach"], milestone)
    call_command("personal_data", "erase", "--user", people["learner"].username, "--no-input")
    assert Credential.objects.get().revoked_reason == "erased"


def test_rotating_the_key_keeps_old_credentials_verifying_and_signs_new_ones_with_the_new_key(
    people, milestone, achieve, make_milestone, committed
):
    achieve(people["learner"], people["coach"], milestone)
    old = Credential.objects.get()
    call_command("credential_keys", "rotate", stdout=io.StringIO())
    new_key = CredentialKey.objects.get(retired_at__isnull=True)
    assert new_key != old.key
    kids = {key["kid"] for key in APIClient().get("/.well-known/jwks.json").json()["keys"]}
    assert kids == {old.key.kid, new_key.kid}
    assert credentials.credential_verify(old.jwt)["valid"] is True

    other = make_milestone(condition("signed_off"), name="Owns the case")
    committed(signoff_create, learner=people["learner"], milestone=other, coach=people["coach"])
    newest = Credential.objects.get(milestone=other)
    assert jwt.get_unverified_header(newest.jwt)["kid"] == new_key.kid
    assert credentials.credential_verify(newest.jwt)["valid"] is True


def test_the_jwks_publishes_public_keys_only(people, milestone, achieve):
    achieve(people["learner"], people["coach"], milestone)
    response = APIClient().get("/.well-known/jwks.json")
    assert response.status_code == 200
    (key,) = response.json()["keys"]
    assert key["kty"] == "EC" and key["alg"] == "ES256" and "d" not in key


def test_the_status_list_is_a_signed_bitstring_status_list_credential(people, milestone, achieve):
    achieve(people["learner"], people["coach"], milestone)
    response = APIClient().get("/api/progress/credentials/status/revocation/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    claims = payload_of(response.content.decode())
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert claims["credentialSubject"]["statusPurpose"] == "revocation"


def test_the_learner_downloads_the_badge_from_the_progress_page_in_finnish(
    client, people, milestone, achieve
):
    achieve(people["learner"], people["coach"], milestone)
    credential = Credential.objects.get()
    client.force_login(people["learner"])
    page = client.get("/fi/learn/progress/")
    html = page.content.decode()
    assert "Osaamismerkit" in html and "Empathy in practice" in html
    assert "Lataa osaamismerkki" in html
    download = client.get(f"/fi/learn/progress/credentials/{credential.pk}/")
    assert download.status_code == 200
    assert download.content.decode() == credential.jwt
    assert "attachment" in download["Content-Disposition"]


def test_another_learner_cannot_download_someone_elses_badge(client, people, milestone, achieve):
    achieve(people["learner"], people["coach"], milestone)
    credential = Credential.objects.get()
    client.force_login(people["other"])
    assert client.get(f"/fi/learn/progress/credentials/{credential.pk}/").status_code == 404
    page = client.get("/en/learn/progress/").content.decode()
    assert "No badges yet" in page


def test_the_demo_learner_has_the_badge_of_the_signed_off_milestone(committed, api):
    # Sanna (learner3) is the demo's learner whose coach signed off "Empathy in practice".
    committed(call_command, "seed_demo", stdout=io.StringIO())
    committed(call_command, "seed_demo", stdout=io.StringIO())  # no second credential
    learner = User.objects.get(username="learner3")
    (item,) = api(learner).get(MINE).json()
    assert credentials.credential_verify(item["jwt"])["valid"] is True
    assert api(User.objects.get(username="learner2")).get(MINE).json() == []


def test_withdrawing_a_leaked_key_revokes_what_it_signed_and_issues_again_with_a_new_key(
    api, people, milestone, achieve
):
    achieve(people["learner"], people["coach"], milestone)
    old = Credential.objects.get()
    out = io.StringIO()
    call_command("credential_keys", "withdraw", "--kid", old.key.kid, stdout=out)
    assert "1 issued again" in out.getvalue()
    old.refresh_from_db()
    assert old.revoked_reason == "key_withdrawn"
    # A forgery with the leaked key would not verify either: the key is unpublished.
    assert credentials.credential_verify(old.jwt)["valid"] is False
    kids = {key["kid"] for key in APIClient().get("/.well-known/jwks.json").json()["keys"]}
    assert old.key.kid not in kids
    (item,) = api(people["learner"]).get(MINE).json()
    assert item["id"] != str(old.pk)
    assert credentials.credential_verify(item["jwt"])["valid"] is True
