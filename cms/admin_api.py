"""Administrator endpoints under /api/admin/: a person's data, exported or erased."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from .privacy import personal_data_erase, personal_data_export


class IsSuperuser(BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_active and request.user.is_superuser)


class PersonalDataView(APIView):
    permission_classes = [IsSuperuser]

    @extend_schema(
        summary="Export a person's personal data (administrators)",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, user_id: int):
        person = get_object_or_404(get_user_model(), pk=user_id)
        return Response(personal_data_export(person))

    @extend_schema(
        summary="Erase a person's personal data and anonymise the account (administrators)",
        responses={204: None},
    )
    def delete(self, request, user_id: int):
        person = get_object_or_404(get_user_model(), pk=user_id)
        personal_data_erase(person)
        return Response(status=204)
