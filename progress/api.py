"""Progress endpoints: my progress, a learner's for their leads, team dashboards and
exports, assessments, sign-offs, coaching notes, and the xAPI statement feed.

Every view parses, authorises through ``people.permissions`` and progress's own
selectors, calls one service or selector, and renders. Errors are JSON with
``detail`` (``cms.api.exception_handler``).
"""

import csv

from django.contrib.auth import get_user_model
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Locale

from core.fields import CountField, IdField
from people import permissions
from people.models import Team

from . import selectors, services, xapi
from .models import Competency, Milestone, RaterRole, SignOff

User = get_user_model()


def _person(user_id: int, message: str):
    """The user with ``user_id``; unknown ids answer like forbidden ones (no probing)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise PermissionDenied(message)
    return user


def _team_for_lead(request, team_id: int) -> Team:
    team = get_object_or_404(Team, pk=team_id)
    if not permissions.leads(request.user, team):
        raise PermissionDenied(_("Only the team's coaches and managers see its progress."))
    return team


class MyProgressView(APIView):
    """The signed-in learner's levels, milestones, recent evidence and shared notes."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(selectors.learner_overview(learner=request.user, for_lead=False))


class LearnerProgressView(APIView):
    """One learner's progress for the coaches and managers of their team."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, user_id: int):
        learner = User.objects.filter(pk=user_id).first()
        if learner is None or not permissions.leads_learner(request.user, learner):
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        return Response(selectors.learner_overview(learner=learner, for_lead=True))


class TeamDashboardView(APIView):
    """Members x competencies, milestone counts, overdue onboarding and a weekly trend."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, team_id: int):
        team = _team_for_lead(request, team_id)
        return Response(selectors.team_dashboard(team=team))


class OverviewView(APIView):
    """The head-of-service overview: every team the signed-in person manages, with
    levels against the targets, overdue onboarding, milestone states and a 12-week
    trend. Someone who manages no team gets 403."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        team_ids = permissions.managed_team_ids(request.user)
        if not team_ids:
            raise PermissionDenied(_("Only the managers of teams see the overview."))
        return Response(selectors.organisation_overview(team_ids=team_ids))


class JSONOnlyNegotiation(BaseContentNegotiation):
    """Errors of the CSV export are JSON whatever the client accepts."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


EXPORT_COLUMNS = [
    ("username", gettext_lazy("username")),
    ("name", gettext_lazy("name")),
    ("competency", gettext_lazy("competency key")),
    ("competency_name", gettext_lazy("competency")),
    ("baseline_self", gettext_lazy("baseline (self)")),
    ("baseline_coach", gettext_lazy("baseline (coach)")),
    ("latest", gettext_lazy("latest level")),
    ("latest_rater_role", gettext_lazy("latest assessed by")),
    ("latest_at", gettext_lazy("latest assessed on")),
    ("target", gettext_lazy("target level")),
    ("gap", gettext_lazy("gap to target")),
    ("milestones_achieved", gettext_lazy("milestones achieved")),
    ("onboarding_due", gettext_lazy("onboarding due")),
    ("overdue", gettext_lazy("overdue")),
]


class _Line:
    """A file for ``csv.writer`` that hands back what was written."""

    def write(self, text: str) -> str:
        return text


def _csv_lines(rows, language: str):
    """The CSV export, a line at a time: a BOM and the header first, so the first
    bytes leave before the rows are read. Rows are read while the response is sent,
    in the request's language."""
    with translation.override(language):
        yield from _csv_body(rows)


def _csv_body(rows):
    writer = csv.writer(_Line())
    yes, no = _("yes"), _("no")
    yield "\ufeff" + writer.writerow([str(title) for _key, title in EXPORT_COLUMNS])
    batch = []
    for row in rows:
        values = []
        for key, _title in EXPORT_COLUMNS:
            value = row[key]
            if isinstance(value, bool):
                value = yes if value else no
            values.append("" if value is None else value)
        batch.append(writer.writerow(values))
        if len(batch) == 200:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


class TeamExportView(APIView):
    """The team's levels as CSV: one row per member and competency, UTF-8 with a BOM
    so that spreadsheet programs pick the encoding up."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnlyNegotiation

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request, team_id: int):
        team = _team_for_lead(request, team_id)
        response = StreamingHttpResponse(
            _csv_lines(selectors.team_export_rows(team=team), translation.get_language()),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="team-{team.pk}-progress.csv"'
        return response


class AssessmentInput(serializers.Serializer):
    learner = IdField()
    competency = serializers.SlugField(help_text=gettext_lazy("The competency's key."))
    level = serializers.IntegerField(min_value=1, max_value=5)
    rater_role = serializers.ChoiceField(choices=RaterRole.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class AssessmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    learner = serializers.IntegerField(source="learner_id")
    competency = serializers.CharField(source="competency.slug")
    rater = serializers.IntegerField(source="rater_id")
    rater_role = serializers.CharField()
    level = serializers.IntegerField()
    note = serializers.CharField()
    assessed_at = serializers.DateTimeField()


class AssessmentCreateView(APIView):
    """Assess a learner: oneself (self), as their coach or manager, or as an observer."""

    @extend_schema(request=AssessmentInput, responses={201: AssessmentOutput})
    def post(self, request):
        data = AssessmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        learner = _person(values["learner"], _("You may not assess this person."))
        allowed = selectors.rater_roles_for(user=request.user, learner=learner)
        role = values.get("rater_role") or (
            RaterRole.SELF if learner.pk == request.user.pk else None
        )
        if role is None:
            role = next(
                (
                    r
                    for r in (RaterRole.COACH, RaterRole.MANAGER, RaterRole.OBSERVER)
                    if r in allowed
                ),
                None,
            )
        if role is None or role not in allowed:
            raise PermissionDenied(_("You may not assess this person in that role."))
        competency = Competency.objects.filter(
            slug=values["competency"], locale=Locale.get_default()
        ).first()
        if competency is None:
            raise ValidationError({"competency": [_("No competency has this key.")]})
        assessment = services.assessment_create(
            learner=learner,
            competency=competency,
            rater=request.user,
            rater_role=role,
            level=values["level"],
            note=values["note"],
        )
        return Response(AssessmentOutput(assessment).data, status=status.HTTP_201_CREATED)


class SignOffInput(serializers.Serializer):
    learner = IdField()
    milestone = IdField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class SignOffOutput(serializers.Serializer):
    id = serializers.IntegerField()
    learner = serializers.IntegerField(source="learner_id")
    milestone = serializers.IntegerField(source="milestone_id")
    coach = serializers.IntegerField(source="coach_id")
    note = serializers.CharField()
    signed_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)


class SignOffCreateView(APIView):
    """A coach of the learner's team signs a milestone off (again: the same sign-off)."""

    @extend_schema(request=SignOffInput, responses={201: SignOffOutput, 200: SignOffOutput})
    def post(self, request):
        data = SignOffInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        learner = _person(values["learner"], _("Only a coach of the learner's team signs off."))
        if not selectors.coaches_learner(user=request.user, learner=learner):
            raise PermissionDenied(_("Only a coach of the learner's team signs off."))
        milestone = Milestone.objects.filter(pk=values["milestone"]).first()
        if milestone is None:
            raise ValidationError({"milestone": [_("No milestone has this id.")]})
        signoff, created = services.signoff_create(
            learner=learner, milestone=milestone, coach=request.user, note=values["note"]
        )
        return Response(
            SignOffOutput(signoff).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class SignOffWithdrawView(APIView):
    """Withdraw a sign-off; the milestone then needs revision."""

    @extend_schema(request=WithdrawInput, responses=SignOffOutput)
    def post(self, request, signoff_id: int):
        data = WithdrawInput(data=request.data)
        data.is_valid(raise_exception=True)
        signoff = SignOff.objects.filter(pk=signoff_id).select_related("learner").first()
        if signoff is None or not selectors.coaches_learner(
            user=request.user, learner=signoff.learner
        ):
            raise PermissionDenied(_("Only a coach of the learner's team withdraws a sign-off."))
        signoff = services.signoff_withdraw(
            signoff=signoff, by=request.user, reason=data.validated_data["reason"]
        )
        return Response(SignOffOutput(signoff).data)


class NoteInput(serializers.Serializer):
    learner = IdField()
    body = serializers.CharField(max_length=8000)
    shared_with_learner = serializers.BooleanField(required=False, default=False)
    competency = serializers.SlugField(required=False, allow_null=True, default=None)


class NoteOutput(serializers.Serializer):
    id = serializers.IntegerField()
    learner = serializers.IntegerField(source="learner_id")
    author = serializers.IntegerField(source="author_id")
    body = serializers.CharField()
    shared_with_learner = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class CoachingNoteCreateView(APIView):
    """A coach or manager writes a note about a learner of their team."""

    @extend_schema(request=NoteInput, responses={201: NoteOutput})
    def post(self, request):
        data = NoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        learner = _person(
            values["learner"], _("Only the learner's coaches and managers write notes.")
        )
        if learner.pk == request.user.pk or not permissions.leads_learner(request.user, learner):
            raise PermissionDenied(_("Only the learner's coaches and managers write notes."))
        competency = None
        if values["competency"]:
            competency = Competency.objects.filter(
                slug=values["competency"], locale=Locale.get_default()
            ).first()
            if competency is None:
                raise ValidationError({"competency": [_("No competency has this key.")]})
        note = services.coaching_note_create(
            learner=learner,
            author=request.user,
            body=values["body"],
            shared_with_learner=values["shared_with_learner"],
            competency=competency,
        )
        return Response(NoteOutput(note).data, status=status.HTTP_201_CREATED)


class StatementsQuery(serializers.Serializer):
    team = IdField(required=False, help_text=gettext_lazy("A team you manage."))
    limit = CountField(required=False, default=100, help_text=gettext_lazy("At most 500."))
    offset = CountField(required=False, default=0)


class StatementsView(APIView):
    """The caller's statements, or a team's for its manager, as xAPI 1.0.3 JSON.

    The answer is an xAPI StatementResult: ``statements`` and ``more`` (the address
    of the next page, or empty). Voided statements are left out, as xAPI asks.
    """

    MAX_LIMIT = 500

    @extend_schema(
        parameters=[StatementsQuery],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        query = StatementsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        limit = min(max(query.validated_data["limit"], 1), self.MAX_LIMIT)
        offset = max(query.validated_data["offset"], 0)
        team_id = query.validated_data.get("team")
        if team_id is not None:
            team = get_object_or_404(Team, pk=team_id)
            if not permissions.manages(request.user, team):
                raise PermissionDenied(_("Only the team's managers see its statements."))
            rows = selectors.statements_for(team=team)
        else:
            rows = selectors.statements_for(actor=request.user)
        page = list(rows[offset : offset + limit + 1])
        more = ""
        if len(page) > limit:
            page = page[:limit]
            query = request.GET.copy()
            query["offset"] = str(offset + limit)
            query["limit"] = str(limit)
            more = f"{request.path}?{query.urlencode()}"
        response = Response(
            {"statements": [xapi.statement_json(row) for row in page], "more": more}
        )
        response["X-Experience-API-Version"] = xapi.VERSION
        return response
