"""Role-play endpoints under ``/api/roleplay/``: scenarios, sessions, participants,
WebSocket tickets, transcript and debrief. Each view parses, authorises on the
object, calls one service or selector, and renders."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.fields import CountField, IdRelatedField
from people.models import Team, User

from .callrecording.selectors import recording_field as call_recording_field
from .kinds import kind_of
from .models import (
    ParticipantRole,
    Recording,
    RolePlaySession,
    Rubric,
    Scenario,
    SessionKind,
    SessionState,
)
from .review.selectors import recording_payload
from .room import access, selectors, sessions, tickets
from .room.audience import Viewer
from .scenarios.selectors import rubric_criteria, scenario_for, scenarios_for_active_language


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The session is not in a state that allows this.")
    default_code = "not_live"


def _session_and_viewer(request, session_id: int) -> tuple[RolePlaySession, Viewer]:
    session = selectors.session_with_people(session_id)
    if session is None:
        raise NotFound(_("No such role-play session."))
    viewer = selectors.viewer_for(session=session, user=request.user)
    if viewer is None:
        raise PermissionDenied(_("You are not a participant of this session."))
    return session, viewer


def _person(user) -> dict:
    return {"id": user.pk, "name": user.display_name}


def _session_payload(session: RolePlaySession, viewer: Viewer) -> dict:
    kind = kind_of(session.kind)
    return {
        "id": session.pk,
        "kind": session.kind,
        "state": session.state,
        "scenario": scenario_for(scenario=session.scenario, viewer=viewer)
        if session.scenario_id
        else None,
        # A review's recording under review; a live role-play's call recording.
        "recording": recording_payload(session.recording)
        if session.recording_id
        else call_recording_field(session),
        "review_criteria": rubric_criteria(session.rubric_id) if kind.own_rubric else None,
        "team": {"id": session.team_id, "name": session.team.name},
        "coach": _person(session.coach) if session.coach_id else None,
        "participants": [{**_person(p.user), "role": p.role} for p in session.participants.all()],
        "my_role": viewer.role,
        "last_seq": session.last_seq,
        "scheduled_at": session.scheduled_at,
        "created_at": session.created_at,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "websocket": f"/ws/roleplay/{session.pk}/",
    }


class CompetencyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField(source="localized.name")


class ScenarioOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    channel = serializers.CharField()
    difficulty = serializers.IntegerField()
    competencies = CompetencyOutput(many=True, source="competencies.all")
    solo = serializers.BooleanField(
        help_text=_("True when the scenario has a script for solo practice.")
    )


class ScenarioListView(APIView):
    """Scenarios to rehearse, in the reader's language."""

    @extend_schema(responses=ScenarioOutput(many=True))
    def get(self, request):
        scenarios = scenarios_for_active_language()
        return Response(ScenarioOutput(scenarios, many=True).data)


class SessionCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=SessionKind.choices,
        default=SessionKind.LIVE,
        help_text=_(
            "live: a coach schedules a role-play (scenario, team); solo: a learner "
            "practises a scripted scenario alone (scenario; team optional); review: a "
            "coach opens a review of a recording (recording; rubric optional)."
        ),
    )
    scenario = IdRelatedField(queryset=Scenario.objects.all(), required=False)
    team = IdRelatedField(queryset=Team.objects.all(), required=False)
    recording = IdRelatedField(queryset=Recording.objects.all(), required=False)
    rubric = IdRelatedField(queryset=Rubric.objects.all(), required=False, allow_null=True)
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    def validate(self, data):
        needed = kind_of(data["kind"]).create_fields
        missing = {name: [_("This field is required.")] for name in needed if name not in data}
        if missing:
            raise ValidationError(missing)
        return data


class LiveSessionCreateInput(serializers.Serializer):
    """The schema's view of ``SessionCreateInput`` for each kind (what it requires)."""

    kind = serializers.ChoiceField(choices=[SessionKind.LIVE], required=False)
    scenario = IdRelatedField(queryset=Scenario.objects.all())
    team = IdRelatedField(queryset=Team.objects.all())
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True)


class SoloSessionCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[SessionKind.SOLO])
    scenario = IdRelatedField(queryset=Scenario.objects.all())
    team = IdRelatedField(queryset=Team.objects.all(), required=False)


class ReviewSessionCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[SessionKind.REVIEW])
    recording = IdRelatedField(queryset=Recording.objects.all())
    rubric = IdRelatedField(queryset=Rubric.objects.all(), required=False, allow_null=True)


SESSION_CREATE_SCHEMA = PolymorphicProxySerializer(
    component_name="SessionCreate",
    serializers=[LiveSessionCreateInput, SoloSessionCreateInput, ReviewSessionCreateInput],
    resource_type_field_name=None,
)


class SessionListOutput(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    scenario = serializers.SerializerMethodField()
    team = serializers.SerializerMethodField()
    my_role = serializers.CharField()
    scheduled_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    kind = serializers.CharField()

    def get_scenario(self, session) -> dict | None:
        scenario = session.scenario
        if scenario is None:
            return None
        return {"id": scenario.pk, "title": scenario.title, "channel": scenario.channel}

    def get_team(self, session) -> dict:
        return {"id": session.team_id, "name": session.team.name}


class SessionListView(APIView):
    """My role-play sessions; a coach schedules a new one for their team."""

    @extend_schema(responses=SessionListOutput(many=True))
    def get(self, request):
        return Response(SessionListOutput(selectors.sessions_of(user=request.user), many=True).data)

    @extend_schema(request=SESSION_CREATE_SCHEMA, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = SessionCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        # Each kind opens its sessions its own way (roleplay/<kind>/kind.py).
        session = kind_of(values["kind"]).create(by=request.user, **values)
        session, viewer = _session_and_viewer(request, session.pk)
        return Response(_session_payload(session, viewer), status=status.HTTP_201_CREATED)


class SessionDetailView(APIView):
    """One session as the caller may see it: the scenario is cut to their role."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, session_id: int):
        session, viewer = _session_and_viewer(request, session_id)
        return Response(_session_payload(session, viewer))


class ParticipantInput(serializers.Serializer):
    user = IdRelatedField(queryset=User.objects.filter(is_active=True))
    role = serializers.ChoiceField(choices=ParticipantRole.choices)


class ParticipantOutput(serializers.Serializer):
    id = serializers.IntegerField(source="user.id")
    name = serializers.CharField(source="user.display_name")
    role = serializers.CharField()


class ParticipantsView(APIView):
    """The session's coach adds team members with a role (or changes a role before
    the role-play starts)."""

    @extend_schema(responses=ParticipantOutput(many=True))
    def get(self, request, session_id: int):
        session, _viewer = _session_and_viewer(request, session_id)
        return Response(ParticipantOutput(session.participants.all(), many=True).data)

    @extend_schema(request=ParticipantInput, responses={201: ParticipantOutput})
    def post(self, request, session_id: int):
        session, _viewer = _session_and_viewer(request, session_id)
        data = ParticipantInput(data=request.data)
        data.is_valid(raise_exception=True)
        participant = sessions.participant_set(
            session=session,
            user=data.validated_data["user"],
            role=data.validated_data["role"],
            by=request.user,
        )
        return Response(ParticipantOutput(participant).data, status=status.HTTP_201_CREATED)


class TicketOutput(serializers.Serializer):
    ticket = serializers.CharField()
    expires_in = serializers.IntegerField()


class TicketView(APIView):
    """A signed, single-use ticket to open the WebSocket within 60 seconds, for
    clients that cannot send the session cookie."""

    @extend_schema(request=None, responses={201: TicketOutput})
    def post(self, request, session_id: int):
        session = get_object_or_404(RolePlaySession, pk=session_id)
        if access.current_viewer(session_id=session.pk, user_id=request.user.pk) is None:
            raise PermissionDenied(_("You are not a participant of this session."))
        ticket = tickets.ticket_issue(session=session, user=request.user)
        return Response(
            {"ticket": ticket, "expires_in": tickets.TICKET_MAX_AGE},
            status=status.HTTP_201_CREATED,
        )


class TranscriptQuery(serializers.Serializer):
    after_seq = CountField(required=False, default=0)


class TranscriptView(APIView):
    """The events the caller may see, as the WebSocket sends them."""

    @extend_schema(
        parameters=[TranscriptQuery],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, session_id: int):
        session, viewer = _session_and_viewer(request, session_id)
        query = TranscriptQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        after_seq = max(query.validated_data["after_seq"], 0)
        events = selectors.transcript(viewer=viewer, after_seq=after_seq)
        return Response({"session": session.pk, "last_seq": session.last_seq, "events": events})


class DebriefInput(serializers.Serializer):
    coach_notes = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    reflection = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    coach_notes_released = serializers.BooleanField(
        required=False,
        help_text=_("The session's coach shares the notes with the agent (true) or not."),
    )


class DebriefView(APIView):
    """After the end: averages per criterion by rater role, scores on the timeline,
    the coach's notes, the agent's reflection and the debrief questions. The coach
    writes notes and the agent a self-reflection with PATCH."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, session_id: int):
        session, viewer = _session_and_viewer(request, session_id)
        if session.state != SessionState.ENDED:
            raise Conflict(_("The debrief opens when the role-play has ended."))
        return Response(_debrief(session, viewer))

    @extend_schema(request=DebriefInput, responses=OpenApiTypes.OBJECT)
    def patch(self, request, session_id: int):
        session, viewer = _session_and_viewer(request, session_id)
        data = DebriefInput(data=request.data)
        data.is_valid(raise_exception=True)
        sessions.debrief_update(session=session, user=request.user, **data.validated_data)
        if session.state != SessionState.ENDED:
            private = access.debrief_private_fields(session, viewer)
            return Response({"coach_notes": private["coach_notes"]})
        return Response(_debrief(session, viewer))


def _debrief(session: RolePlaySession, viewer: Viewer) -> dict:
    """Live: scores by rater role; solo: the automatic debrief of behaviours shown and
    missed; review: marked moments on the recording's timeline and rubric averages.
    Each kind builds its own (``Kind.debrief``)."""
    return kind_of(session.kind).debrief(session=session, viewer=viewer)
