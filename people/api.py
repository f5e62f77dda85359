"""People endpoints: who am I, my teams, and a team's members."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, renderers, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import NotFound, PermissionDenied
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
    token = serializers.CharField(help_text=_("The key, shown only now: send it as 'Token <key>'."))
    id = serializers.IntegerField()
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class AccessTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text=_("The first characters of the key."))
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    current = serializers.BooleanField(help_text=_("The token this request was made with."))


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


def _new_token_payload(token, key):
    return {"token": key, "id": token.id, "name": token.name, "expires_at": token.expires_at}


class TokenView(APIView):
    """Trade a username and password for a new API token; throttled like the login page.

    Each call makes a new token (only hashes are stored, so an old key cannot be given
    back); it expires after ``API_TOKEN_TTL_DAYS``. django-axes marks a locked-out
    attempt on the request it was given, which here is DRF's wrapper, so the lockout
    answer is given here rather than by the middleware.
    """

    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()
    parser_classes = (parsers.FormParser, parsers.MultiPartParser, parsers.JSONParser)
    renderer_classes = (renderers.JSONRenderer,)

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenSerializer})
    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            # With single sign-on only, a password must not open the API either.
            raise PermissionDenied(_("Password sign-in is switched off; use single sign-on."))
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        try:
            credentials.is_valid(raise_exception=True)
        except serializers.ValidationError:
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request)
            raise
        token, key = services.access_token_create(
            user=credentials.validated_data["user"], name=str(_("API sign-in"))
        )
        return Response(_new_token_payload(token, key))


def _token_rows(request, tokens):
    current = request.auth.pk if getattr(request.auth, "pk", None) else None
    for token in tokens:
        token.current = token.pk == current
    return AccessTokenSerializer(tokens, many=True).data


class MyTokensView(APIView):
    """The signed-in person's API tokens that still work; and a new one."""

    @extend_schema(responses=AccessTokenSerializer(many=True))
    def get(self, request):
        return Response(_token_rows(request, list(selectors.access_tokens_of(user=request.user))))

    @extend_schema(request=TokenCreateSerializer, responses={201: TokenSerializer})
    def post(self, request):
        data = TokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = services.access_token_create(
            user=request.user, name=data.validated_data["name"]
        )
        return Response(_new_token_payload(token, key), status=status.HTTP_201_CREATED)


class MyTokenView(APIView):
    """Revoke one of my API tokens (the one in use too: it stops working at once)."""

    @extend_schema(responses={204: None})
    def delete(self, request, token_id: int):
        if not services.access_token_revoke(user=request.user, token_id=token_id):
            raise NotFound(_("You have no such token."))
        return Response(status=status.HTTP_204_NO_CONTENT)


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
        # A PATCH changes what it names: an empty one changes nothing.
        data = MeUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "language" in data.validated_data:
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
