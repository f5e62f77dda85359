"""Open Badges 3.0 endpoints: the learner's own credentials, and the public ones a
verifier uses (verify by id, verify a presented JWT, the status list, the JWKS).

The public endpoints take no credentials and name nobody: what they answer is what
the credential itself already says.
"""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from . import credentials
from .api import JSONOnlyNegotiation
from .models import Credential


class CredentialOutput(serializers.Serializer):
    id = serializers.UUIDField()
    milestone = serializers.IntegerField(
        source="milestone_id", allow_null=True, help_text=gettext_lazy("The milestone's id.")
    )
    issued_at = serializers.DateTimeField()
    jwt = serializers.CharField(help_text=gettext_lazy("The signed credential (VC-JWT)."))
    verify_url = serializers.URLField(
        help_text=gettext_lazy("Public: answers whether the credential is valid or revoked.")
    )


class AchievementOutput(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()


class VerificationOutput(serializers.Serializer):
    valid = serializers.BooleanField(
        help_text=gettext_lazy("Signature, structure and status all check out.")
    )
    revoked = serializers.BooleanField(
        help_text=gettext_lazy("The issuer's status list has the credential revoked.")
    )
    achievement = AchievementOutput(allow_null=True)


class VerifyInput(serializers.Serializer):
    jwt = serializers.CharField(
        max_length=100_000, help_text=gettext_lazy("A credential as a compact JWT.")
    )


class NotFoundBody(serializers.Serializer):
    detail = serializers.CharField()


def credential_json(credential: Credential) -> dict:
    return {
        "id": credential.pk,
        "milestone_id": credential.milestone_id,
        "issued_at": credential.issued_at,
        "jwt": credential.jwt,
        "verify_url": credentials.verify_url(credential),
    }


class MyCredentialsView(APIView):
    """The signed-in learner's standing credentials (revoked ones are left out)."""

    @extend_schema(responses=CredentialOutput(many=True))
    def get(self, request):
        rows = credentials.credentials_of(learner=request.user)
        return Response(CredentialOutput([credential_json(c) for c in rows], many=True).data)


class CredentialVerifyView(APIView):
    """Public: is the credential Kohtaamo issued with this id valid, or revoked?"""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: VerificationOutput, 404: NotFoundBody})
    def get(self, request, credential_id):
        credential = Credential.objects.filter(pk=credential_id).select_related("milestone").first()
        if credential is None:
            raise NotFound(_("No credential has this id."))
        return Response(credentials.credential_verify_stored(credential))


class PresentedCredentialVerifyView(APIView):
    """Public: verify a credential someone presents (its JWT), as a verifier would."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=VerifyInput, responses=VerificationOutput)
    def post(self, request):
        data = VerifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(credentials.credential_verify(data.validated_data["jwt"]))


class StatusListView(APIView):
    """Public: the revocation Bitstring Status List, as a signed credential (VC-JWT)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnlyNegotiation

    @extend_schema(responses={(200, "application/vc+jwt"): OpenApiTypes.STR})
    def get(self, request):
        response = HttpResponse(credentials.status_list_jwt(), content_type="application/vc+jwt")
        # Verifiers may cache it briefly; a revocation shows within this time.
        response["Cache-Control"] = "public, max-age=300"
        return response


@require_GET
def jwks_view(request):
    """Public: the issuer's public keys; a credential's JWT header ``kid`` names one."""
    response = JsonResponse(credentials.jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response
