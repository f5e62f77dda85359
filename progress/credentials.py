"""Open Badges 3.0 credentials for signed-off milestones: keys, issuing, revoking,
the status list and verification.

A credential is a W3C Verifiable Credential (an ``OpenBadgeCredential``) signed as a
JWT (VC-JWT, ES256) by the organisation's key; ``openbadgeslib`` builds, signs and
verifies it, so no JOSE is written here. The JWT header's ``kid`` names a key
published at ``/.well-known/jwks.json``. Revocation sets the credential's bit in one
Bitstring Status List (purpose ``revocation``), published as a signed credential at
``/api/progress/credentials/status/revocation/`` for any verifier to read.

Issued when a learner holds an award of a milestone whose rule includes a coach
sign-off and the sign-off stands; revoked when the sign-off is withdrawn, the award is
revoked, or the learner's data is erased.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

import jwt as pyjwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from jwt.algorithms import ECAlgorithm
from openbadgeslib.ob3 import (
    Achievement,
    Alignment,
    Evidence,
    IdentityObject,
    Issuer,
    OB3Signer,
    OB3VerificationError,
    OB3Verifier,
    OpenBadgeCredential,
    Result,
    build_status_list_credential,
    check_credential_status,
    decode_encoded_list,
    status_entry,
)
from openbadgeslib.ob3.status import set_indices

from . import rules, verbs
from .models import (
    Assessment,
    Competency,
    Credential,
    CredentialKey,
    CredentialRevocation,
    Milestone,
    MilestoneAward,
    SignOff,
)

logger = logging.getLogger(__name__)

ALGORITHM = "ES256"
STATUS_PURPOSE = "revocation"
# The W3C minimum size: indices are drawn at random from it, so that a credential's
# position says nothing about when it was issued or how many exist.
STATUS_LIST_BITS = 131072
# A verifier rejects a list copy older than this: it is signed afresh on every request.
STATUS_LIST_VALIDITY = timedelta(days=1)


# Keys ---------------------------------------------------------------------------------


def credential_key_create() -> CredentialKey:
    """Generate a new signing key; it signs from now on (the newest unretired one)."""
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_jwk = ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
    kid = f"{timezone.now():%Y%m%d}-{secrets.token_hex(6)}"
    public_jwk.update({"kid": kid, "use": "sig", "alg": ALGORITHM})
    return CredentialKey.objects.create(kid=kid, private_pem=pem, public_jwk=public_jwk)


def credential_key_current() -> CredentialKey:
    """The key that signs now; the first one is generated on first use."""
    key = CredentialKey.objects.filter(retired_at__isnull=True).order_by("-created_at").first()
    # Two first uses at once make two keys: both are published, the newer one signs.
    return key if key is not None else credential_key_create()


def credential_key_rotate() -> CredentialKey:
    """Make a new key sign and retire the others (they stay published for verifying)."""
    with transaction.atomic():
        new = credential_key_create()
        CredentialKey.objects.filter(retired_at__isnull=True).exclude(pk=new.pk).update(
            retired_at=timezone.now()
        )
    return new


def credential_key_withdraw(*, kid: str) -> int:
    """A key that may have leaked: stop publishing it, revoke what it signed, and sign
    the credentials that still stand again with a fresh key. Returns how many."""
    with transaction.atomic():
        key = CredentialKey.objects.select_for_update().get(kid=kid)
        now = timezone.now()
        key.withdrawn_at = now
        key.retired_at = key.retired_at or now
        key.save(update_fields=["withdrawn_at", "retired_at"])
        if not CredentialKey.objects.filter(retired_at__isnull=True).exists():
            credential_key_create()
        signed = Credential.objects.filter(key=key, revoked_at__isnull=True)
        affected = list(signed.values_list("learner_id", "milestone_id").distinct())
        signed.update(revoked_at=now, revoked_reason=CredentialRevocation.KEY_WITHDRAWN)
        for learner_id, milestone_id in affected:
            if learner_id and milestone_id:
                credentials_refresh(
                    learner_id=learner_id, milestone=Milestone.objects.get(pk=milestone_id)
                )
    return len(affected)


def _published_keys():
    return CredentialKey.objects.filter(withdrawn_at__isnull=True).order_by("-created_at")


def jwks() -> dict:
    """The public keys, current and retired (not withdrawn), as a JSON Web Key Set."""
    return {"keys": [key.public_jwk for key in _published_keys()]}


def _public_pem(key: CredentialKey) -> bytes:
    private = serialization.load_pem_private_key(key.private_pem.encode(), password=None)
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


class _KeyedSigner(OB3Signer):
    """openbadgeslib's signer with the ``kid`` header that names the key in our JWKS.

    The library embeds the public key (``jwk``) only; verifiers that look keys up in a
    JWKS need the ``kid`` too (OB 3.0 allows either). The signing itself is PyJWT's.
    """

    def __init__(self, key: CredentialKey):
        super().__init__(privkey_pem=key.private_pem, algorithm=ALGORITHM)
        self.kid = key.kid

    def sign_payload(self, payload):
        return pyjwt.encode(
            payload,
            self._load_privkey(),
            algorithm=self.algorithm,
            headers={"kid": self.kid, "jwk": self._public_jwk()},
        )


# URLs ---------------------------------------------------------------------------------


def issuer_id() -> str:
    return settings.CREDENTIAL_ISSUER_URL or settings.SITE_URL.rstrip("/") + "/"


def status_list_url() -> str:
    return f"{settings.SITE_URL.rstrip('/')}/api/progress/credentials/status/{STATUS_PURPOSE}/"


def verify_url(credential: Credential) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/api/progress/credentials/{credential.pk}/verify/"


def _issuer() -> Issuer:
    return Issuer(
        id=issuer_id(),
        name=settings.CREDENTIAL_ISSUER_NAME,
        url=settings.CREDENTIAL_ISSUER_URL or settings.SITE_URL,
        email=settings.CREDENTIAL_ISSUER_EMAIL or None,
    )


# Issuing ------------------------------------------------------------------------------


def rule_includes_signoff(rule: dict) -> bool:
    """Whether a compiled milestone rule has a ``signed_off`` condition at any depth."""
    for condition in rule.get("conditions", []):
        if condition.get("type") == "signed_off":
            return True
        if condition.get("type") == "group" and rule_includes_signoff(condition):
            return True
    return False


def _competencies_of(rule: dict, found: dict[int, int]) -> dict[int, int]:
    """Competency id -> the level the rule asks for (0 when it names no level)."""
    for condition in rule.get("conditions", []):
        if condition.get("type") == "group":
            _competencies_of(condition, found)
        elif condition.get("competency"):
            level = int(condition.get("min_level") or 0)
            found[condition["competency"]] = max(found.get(condition["competency"], 0), level)
    return found


def _alignment(competency: Competency, level: int) -> Alignment:
    descriptor = competency.descriptor(level) if level else competency.description
    return Alignment(
        target_name=competency.name,
        target_url=f"{settings.SITE_URL.rstrip('/')}/competencies/{competency.slug}",
        target_framework=settings.CREDENTIAL_ISSUER_NAME,
        target_code=f"{competency.slug}:{level}" if level else competency.slug,
        target_description=descriptor or None,
    )


def _achievement(milestone: Milestone) -> tuple[Achievement, dict[int, Competency]]:
    wanted = _competencies_of(milestone.rules, {})
    if milestone.competency_id:
        wanted.setdefault(milestone.competency_id, 0)
    competencies = Competency.objects.in_bulk(list(wanted))
    names = {pk: c.name for pk, c in competencies.items()}
    criteria = rules.describe({**milestone.rules, "type": "group"}, names)
    if milestone.description:
        criteria = f"{milestone.description}\n\n{criteria}"
    achievement = Achievement(
        id=f"urn:uuid:{milestone.translation_key}",
        name=milestone.name,
        description=milestone.description or milestone.name,
        criteria_narrative=criteria,
        achievement_type="Competency",
        alignments=[_alignment(competencies[pk], wanted[pk]) for pk in competencies],
    )
    return achievement, competencies


def _evidence(award: MilestoneAward) -> list[Evidence]:
    items = []
    for statement in award.evidence.order_by("timestamp"):
        verb = verbs.DISPLAY.get(statement.verb, {}).get("en-US", statement.verb.rsplit("/")[-1])
        summary = f"{verb} {statement.object_type}"
        if statement.score_raw is not None and statement.score_max:
            summary += f": {statement.score_raw:g}/{statement.score_max:g}"
        items.append(
            Evidence(
                name=statement.object_name or summary,
                description=f"{summary} ({statement.timestamp:%Y-%m-%d})",
                genre=statement.object_type,
            )
        )
    return items


def _results(learner_id: int, competencies: dict[int, Competency]) -> list[Result]:
    """The learner's latest coach-assessed level of each competency the milestone names."""
    results = []
    for competency in competencies.values():
        latest = (
            Assessment.objects.filter(learner_id=learner_id, competency=competency)
            .exclude(rater_role="self")
            .order_by("-assessed_at")
            .first()
        )
        if latest is not None:
            results.append(
                Result(value=str(latest.level), alignments=[_alignment(competency, latest.level)])
            )
    return results


def _identifier(learner) -> IdentityObject:
    # A salted hash, so that the credential names the learner only to someone who
    # already knows their address; the salt travels in the credential, as OB 3.0 does.
    salt = secrets.token_hex(8)
    if learner.email:
        return IdentityObject.create(learner.email.strip().lower(), salt=salt)
    digest = hashlib.sha256(f"{learner.username}{salt}".encode()).hexdigest()
    return IdentityObject(
        identity_hash=f"sha256${digest}", identity_type="userName", hashed=True, salt=salt
    )


def _free_status_index() -> int:
    used = set(Credential.objects.values_list("status_index", flat=True))
    while True:
        index = secrets.randbelow(STATUS_LIST_BITS)
        if index not in used:
            return index


def credential_issue(*, award: MilestoneAward) -> Credential:
    """Sign a credential for an award (the caller has checked that one is due)."""
    milestone = award.milestone
    learner = award.learner
    key = credential_key_current()
    with translation.override(settings.LANGUAGE_CODE):
        achievement, competencies = _achievement(milestone)
    now = timezone.now()
    for _attempt in range(5):
        credential = Credential(
            learner=learner,
            milestone=milestone,
            award=award,
            achievement_name=milestone.name[:255],
            status_index=_free_status_index(),
            key=key,
            issued_at=now,
        )
        document = OpenBadgeCredential(
            id=f"urn:uuid:{credential.pk}",
            issuer=_issuer(),
            recipient_id=None,
            achievement=achievement,
            issuance_date=now,
            evidence=_evidence(award),
            credential_status=[
                status_entry(status_list_url(), STATUS_PURPOSE, credential.status_index)
            ],
            identifiers=[_identifier(learner)],
            results=_results(learner.pk, competencies),
        )
        credential.jwt = _KeyedSigner(key).sign(document)
        try:
            with transaction.atomic():
                credential.save(force_insert=True)
            return credential
        except IntegrityError:
            continue  # another credential took the same index at the same moment
    raise RuntimeError("No free status list index found")


def credentials_refresh(*, learner_id: int, milestone: Milestone) -> None:
    """Issue the credential that is due, revoke the ones that no longer stand.

    Called after every evaluation of a milestone for a learner (and when a sign-off
    is withdrawn): idempotent.
    """
    if not rule_includes_signoff(milestone.rules):
        return
    award = MilestoneAward.objects.filter(
        learner_id=learner_id, milestone=milestone, revoked_at__isnull=True
    ).first()
    signed = SignOff.objects.filter(
        learner_id=learner_id, milestone=milestone, withdrawn_at__isnull=True
    ).exists()
    standing = Credential.objects.filter(
        learner_id=learner_id, milestone=milestone, revoked_at__isnull=True
    )
    reason = (
        CredentialRevocation.SIGNOFF_WITHDRAWN if not signed else CredentialRevocation.AWARD_REVOKED
    )
    stale = standing if award is None or not signed else standing.exclude(award=award)
    stale.update(revoked_at=timezone.now(), revoked_reason=reason)
    if award is not None and signed and not standing.filter(award=award).exists():
        credential_issue(award=award)


def credentials_erase(*, learner) -> None:
    """Erasure: revoke the learner's credentials and keep only their status bit."""
    now = timezone.now()
    Credential.objects.filter(learner=learner, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=CredentialRevocation.ERASED
    )
    Credential.objects.filter(learner=learner).update(learner=None, award=None, jwt="")


def credentials_of(*, learner):
    """A learner's standing credentials, newest first."""
    return Credential.objects.filter(learner=learner, revoked_at__isnull=True).order_by(
        "-issued_at"
    )


# Status list and verification ---------------------------------------------------------


def status_list_jwt() -> str:
    """The revocation status list as a signed BitstringStatusListCredential (VC-JWT)."""
    revoked = Credential.objects.filter(revoked_at__isnull=False).values_list(
        "status_index", flat=True
    )
    now = timezone.now()
    document = build_status_list_credential(
        issuer_id(),
        status_list_url(),
        STATUS_PURPOSE,
        list(revoked),
        size_bits=STATUS_LIST_BITS,
        issued=now,
        valid_until=now + STATUS_LIST_VALIDITY,
    )
    # Signed like the library's sign_status_list_credential (the list at the payload's
    # top level, with iss, jti, nbf), and with the ``kid`` of the signing key, so that
    # after a rotation verifiers find the list's key in the JWKS.
    payload = {**document, "iss": document["issuer"], "jti": document["id"]}
    payload["nbf"] = int(now.timestamp())
    return _KeyedSigner(credential_key_current()).sign_payload(payload)


def credential_verify(token: str) -> dict:
    """Verify a presented credential: signature (by a key of ours), structure, status.

    Answers ``{"valid", "revoked", "achievement"}``: ``valid`` only when all three
    hold and it is not revoked; ``revoked`` when the status list has its bit set.
    """
    invalid = {"valid": False, "revoked": False, "achievement": None}
    try:
        header = pyjwt.get_unverified_header(token)
    except pyjwt.exceptions.PyJWTError:
        return invalid
    key = _published_keys().filter(kid=str(header.get("kid") or "")).first()
    if key is None:
        return invalid
    verifier = OB3Verifier(pubkey_pem=_public_pem(key))
    try:
        document = verifier.verify(token)
    except OB3VerificationError as error:
        logger.info("Credential did not verify: %s", error)
        return invalid
    achievement = {
        "id": document.achievement.id,
        "name": document.achievement.name,
        "description": document.achievement.description,
    }
    try:
        # The list as a verifier downloads it, read here without a round trip; its
        # signature is checked with the key its header names.
        listed = status_list_jwt().encode()
        list_key = (
            _published_keys()
            .filter(kid=str(pyjwt.get_unverified_header(listed).get("kid") or ""))
            .first()
        )
        if list_key is None:
            raise OB3VerificationError("The status list names no key of ours")
        check_credential_status(
            document,
            download=lambda _url: listed,
            verify_list=True,
            list_pubkey_pem=_public_pem(list_key),
        )
    except OB3VerificationError as error:
        if not _bit_set(document):
            logger.info("Credential status could not be read: %s", error)
            return {**invalid, "achievement": achievement}
        return {"valid": False, "revoked": True, "achievement": achievement}
    return {"valid": True, "revoked": False, "achievement": achievement}


def _bit_set(document: OpenBadgeCredential) -> bool:
    """Whether the published list has the credential's bit set (read as verifiers do)."""
    entries = [e for e in document.credential_status if e.get("statusPurpose") == STATUS_PURPOSE]
    if not entries:
        return False
    try:
        index = int(entries[0]["statusListIndex"])
        listed = pyjwt.decode(status_list_jwt(), options={"verify_signature": False})
        bits = decode_encoded_list(listed["credentialSubject"]["encodedList"])
    except (KeyError, ValueError, pyjwt.exceptions.PyJWTError):
        return False
    return index in set_indices(bits)


def credential_verify_stored(credential: Credential) -> dict:
    """Verification of a credential Kohtaamo issued, by its id (the public verify URL).

    After erasure the JWT is gone: the answer is then revoked, with the achievement.
    """
    if credential.jwt:
        return credential_verify(credential.jwt)
    achievement = None
    if credential.milestone_id:
        achievement = {
            "id": f"urn:uuid:{credential.milestone.translation_key}",
            "name": credential.achievement_name,
            "description": credential.milestone.description or credential.achievement_name,
        }
    return {
        "valid": False,
        "revoked": credential.revoked_at is not None,
        "achievement": achievement,
    }
