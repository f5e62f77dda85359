"""People endpoints: who am I, my teams, and a team's members."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from . import permissions, selectors, services
from .models import Team
from .throttling import lockout_response


class TeamRoleSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="team.id")
    name = serializers.CharField(source="team.name")
    role = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")
    language = serializers.CharField()
    teams = TeamRoleSerializer(many=True)


class MeUpdateSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES])


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.id")
    username = serializers.CharField(source="user.username")
    name = serializers.CharField(source="user.display_name")
    role = serializers.CharField()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenView(ObtainAuthToken):
    """Trade a username and password for an API token; throttled like the login page.

    django-axes marks a locked-out attempt on the request it was given, which here
    is DRF's wrapper, so the lockout answer is given here rather than by the middleware.
    """

    @extend_schema(responses={200: TokenSerializer})
    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            # With single sign-on only, a password must not open the API either.
            raise PermissionDenied(_("Password sign-in is switched off; use single sign-on."))
        try:
            return super().post(request, *args, **kwargs)
        except serializers.ValidationError:
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request)
            raise


def _me_payload(user):
    user.teams = list(selectors.memberships_of(user=user))
    return MeSerializer(user).data


class MeView(APIView):
    """The signed-in person, their language and their role in each team."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(_me_payload(request.user))

    @extend_schema(request=MeUpdateSerializer, responses=MeSerializer)
    def patch(self, request):
        data = MeUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_set_language(user=request.user, language=data.validated_data["language"])
        return Response(_me_payload(request.user))


class TeamMembersView(APIView):
    """Members of one team, for the people in it."""

    @extend_schema(responses=MemberSerializer(many=True))
    def get(self, request, team_id: int):
        team = get_object_or_404(Team, pk=team_id)
        if not permissions.is_member_of(request.user, team):
            raise PermissionDenied(_("You are not a member of this team."))
        return Response(MemberSerializer(selectors.team_members(team=team), many=True).data)
