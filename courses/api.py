"""Course endpoints: my courses, outlines, lessons, completion, quizzes, reflections.

Views parse the input, authorise, call one selector or service and render. Errors
follow the API's conventions (cms/api.py): a locked lesson or a course the learner
is not enrolled in is 403 with the reason in ``detail``; an unknown page, or a
reflection the caller may not read, is 404; invalid input is 400 with ``errors``
naming each wrong field, and nothing is stored.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.fields import IdField
from people import permissions
from people.models import Team

from . import selectors, services
from .blocks import LessonBodyBlock
from .models import Reflection


def _lesson_access(request, lesson_id: int) -> selectors.LessonAccess:
    lesson = selectors.lesson_by_id(lesson_id)
    try:
        return selectors.lesson_access(learner=request.user, lesson=lesson, request=request)
    except selectors.LessonUnavailable as refusal:
        raise PermissionDenied(refusal.reason) from None


class PageRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    language = serializers.CharField()


class LessonItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="ref.id")
    title = serializers.CharField(source="ref.title")
    url = serializers.CharField(source="ref.url", allow_null=True)
    language = serializers.CharField(source="ref.language")
    duration_minutes = serializers.IntegerField()
    completed = serializers.BooleanField()
    locked = serializers.BooleanField()


class ModuleItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="ref.id")
    title = serializers.CharField(source="ref.title")
    url = serializers.CharField(source="ref.url", allow_null=True)
    pillar = serializers.CharField()
    pillar_label = serializers.CharField()
    objectives = serializers.ListField(child=serializers.CharField())
    duration_minutes = serializers.IntegerField()
    requires_earlier_modules = serializers.BooleanField()
    completed = serializers.BooleanField()
    locked = serializers.BooleanField()
    lock_reason = serializers.CharField()
    lessons = LessonItemSerializer(many=True)


class MyCourseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="ref.id")
    title = serializers.CharField(source="ref.title")
    url = serializers.CharField(source="ref.url", allow_null=True)
    language = serializers.CharField(source="ref.language")
    percent_complete = serializers.IntegerField()
    completed = serializers.BooleanField()
    next_lesson = LessonItemSerializer(allow_null=True)
    cohort_start = serializers.DateField(source="enrollment.cohort_start")
    due_date = serializers.DateField(source="enrollment.due_date", allow_null=True)


class OutlineSerializer(MyCourseSerializer):
    cohort_start = serializers.DateField(source="enrollment.cohort_start", allow_null=True)
    modules = ModuleItemSerializer(many=True)


class LessonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="shown.id")
    title = serializers.CharField(source="shown.title")
    url = serializers.SerializerMethodField()
    language = serializers.CharField(source="shown.locale.language_code")
    summary = serializers.CharField(source="shown.summary")
    duration_minutes = serializers.IntegerField(source="shown.duration_minutes")
    completed = serializers.BooleanField(source="item.completed")
    course = PageRefSerializer(source="outline.ref")
    module = PageRefSerializer(source="module.ref")
    pillar = serializers.CharField(source="module.pillar")
    blocks = serializers.SerializerMethodField()
    quizzes = serializers.SerializerMethodField()
    reflections = serializers.SerializerMethodField()

    def get_url(self, access) -> str | None:
        return access.shown.get_url(self.context.get("request"))

    def get_blocks(self, access) -> list[dict]:
        """Each block as ``{id, type, value}``; a quiz carries no answer key or feedback."""
        context = {"request": self.context.get("request"), "locale": access.shown.locale}
        return LessonBodyBlock().get_api_representation(access.shown.body, context)

    def get_quizzes(self, access) -> dict:
        return {
            quiz_id: {"attempts": s.attempts, "best_percent": s.best_percent, "passed": s.passed}
            for quiz_id, s in self.context["state"]["quizzes"].items()
        }

    def get_reflections(self, access) -> dict:
        return {
            block_id: {"id": r.pk, "text": r.text, "shared": r.shared}
            for block_id, r in self.context["state"]["reflections"].items()
        }


class CompletionSerializer(serializers.Serializer):
    lesson = serializers.IntegerField(source="shown.id")
    completed_at = serializers.DateTimeField(source="completion.completed_at")
    module_completed = serializers.BooleanField()
    course_completed = serializers.BooleanField(source="outline.completed")
    percent_complete = serializers.IntegerField(source="outline.percent_complete")
    next_lesson = LessonItemSerializer(source="outline.next_lesson", allow_null=True)


class QuizAttemptInputSerializer(serializers.Serializer):
    quiz = serializers.CharField(
        required=False, help_text=_("The quiz block's id; optional when the lesson has one quiz.")
    )
    answers = serializers.JSONField(
        help_text=_("Question id → list of chosen option ids. Leave a question out to skip it.")
    )


class OptionFeedbackSerializer(serializers.Serializer):
    option = serializers.CharField()
    text = serializers.CharField()
    feedback = serializers.CharField()


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.CharField()
    answered = serializers.BooleanField()
    correct = serializers.BooleanField()
    feedback = OptionFeedbackSerializer(many=True)


class QuizAttemptSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="attempt.pk")
    quiz = serializers.CharField(source="attempt.quiz_id")
    score = serializers.IntegerField(source="attempt.score")
    max_score = serializers.IntegerField(source="attempt.max_score")
    percent = serializers.IntegerField(source="attempt.percent")
    pass_mark = serializers.IntegerField(source="attempt.pass_mark")
    passed = serializers.BooleanField(source="attempt.passed")
    attempts = serializers.IntegerField(source="history.attempts")
    best_percent = serializers.IntegerField(source="history.best_percent")
    questions = QuestionResultSerializer(many=True, source="results")


class ReflectionInputSerializer(serializers.Serializer):
    lesson = IdField(help_text=_("The lesson page id (any language)."))
    block = serializers.CharField(help_text=_("The reflection prompt's or recording's block id."))
    text = serializers.CharField(trim_whitespace=True, allow_blank=True)


class ReflectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    learner = serializers.SerializerMethodField()
    mine = serializers.SerializerMethodField()
    lesson = serializers.SerializerMethodField()
    block = serializers.CharField(source="block_id")
    prompt = serializers.CharField()
    text = serializers.CharField()
    shared = serializers.BooleanField()
    shared_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_learner(self, reflection) -> dict:
        return {"id": reflection.learner_id, "name": reflection.learner.display_name}

    def get_mine(self, reflection) -> bool:
        return reflection.learner_id == self.context["request"].user.pk

    def get_lesson(self, reflection) -> dict | None:
        page = self.context.get("lessons", {}).get(reflection.lesson_key)
        return {"id": page.pk, "title": page.title} if page else None


class ShareInputSerializer(serializers.Serializer):
    shared = serializers.BooleanField(default=True)


class TeamEnrollmentInputSerializer(serializers.Serializer):
    course = IdField(help_text=_("The course page id (any language)."))
    cohort_start = serializers.DateField(required=False)
    due_date = serializers.DateField(required=False, allow_null=True)

    def validate(self, data):
        start = data.get("cohort_start") or timezone.localdate()
        due = data.get("due_date")
        if due is not None and due < start:
            raise ValidationError(
                {"due_date": _("The due date cannot be before the cohort starts.")}
            )
        data["cohort_start"] = start
        return data


class EnrollmentSerializer(serializers.Serializer):
    learner = serializers.SerializerMethodField()
    cohort_start = serializers.DateField()
    due_date = serializers.DateField(allow_null=True)
    created = serializers.BooleanField()

    def get_learner(self, enrollment) -> dict:
        return {
            "id": enrollment.learner_id,
            "username": enrollment.learner.username,
            "name": enrollment.learner.display_name,
        }


class TeamEnrollmentSerializer(serializers.Serializer):
    team = serializers.IntegerField()
    course = serializers.IntegerField()
    created = serializers.IntegerField()
    enrollments = EnrollmentSerializer(many=True)


class MyCoursesView(APIView):
    """My courses, each with percent complete, the next lesson and the due date."""

    @extend_schema(responses=MyCourseSerializer(many=True))
    def get(self, request):
        outlines = selectors.my_courses(learner=request.user, request=request)
        return Response(MyCourseSerializer(outlines, many=True).data)


class CourseOutlineView(APIView):
    """A course's modules with their pillar, lessons, and locked and completed state."""

    @extend_schema(responses=OutlineSerializer)
    def get(self, request, course_id: int):
        course = selectors.course_by_id(course_id)
        outline = selectors.course_outline(learner=request.user, course=course, request=request)
        if outline.enrollment is None:
            raise PermissionDenied(_("You are not enrolled in this course."))
        return Response(OutlineSerializer(outline).data)


class LessonView(APIView):
    """A lesson's blocks as JSON, in my language where translated; quizzes without answers."""

    @extend_schema(responses=LessonSerializer)
    def get(self, request, lesson_id: int):
        access = _lesson_access(request, lesson_id)
        state = selectors.lesson_learner_state(learner=request.user, access=access)
        return Response(LessonSerializer(access, context={"request": request, "state": state}).data)


class LessonCompleteView(APIView):
    """Mark a lesson complete: 201 the first time, 200 (same record) after that."""

    @extend_schema(request=None, responses={200: CompletionSerializer, 201: CompletionSerializer})
    def post(self, request, lesson_id: int):
        access = _lesson_access(request, lesson_id)
        completion, created = services.lesson_complete(learner=request.user, access=access)
        module = access.outline.module(access.module.key)
        payload = {
            "shown": access.shown,
            "completion": completion,
            "module_completed": bool(module and module.completed),
            "outline": access.outline,
        }
        return Response(
            CompletionSerializer(payload).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class QuizAttemptsView(APIView):
    """Answer a quiz: scored on the server; feedback for the options chosen."""

    @extend_schema(request=QuizAttemptInputSerializer, responses={201: QuizAttemptSerializer})
    def post(self, request, lesson_id: int):
        access = _lesson_access(request, lesson_id)
        data = QuizAttemptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attempt, results = services.quiz_attempt_create(
            learner=request.user,
            access=access,
            quiz_id=data.validated_data.get("quiz"),
            answers=data.validated_data["answers"],
        )
        history = selectors.quiz_history(
            learner=request.user, lesson_key=attempt.lesson_key, quiz_id=attempt.quiz_id
        )
        payload = {"attempt": attempt, "results": results, "history": history}
        return Response(QuizAttemptSerializer(payload).data, status=status.HTTP_201_CREATED)


def _reflection_context(request, reflections) -> dict:
    lessons = selectors.lesson_titles(
        keys=[r.lesson_key for r in reflections], locale=selectors.learner_locale(request.user)
    )
    return {"request": request, "lessons": lessons}


class ReflectionsView(APIView):
    """My reflections, and the ones my learners shared with me as their coach."""

    @extend_schema(responses=ReflectionSerializer(many=True))
    def get(self, request):
        reflections = list(selectors.reflections_visible_to(user=request.user))
        context = _reflection_context(request, reflections)
        return Response(ReflectionSerializer(reflections, many=True, context=context).data)

    @extend_schema(
        request=ReflectionInputSerializer,
        responses={200: ReflectionSerializer, 201: ReflectionSerializer},
    )
    def post(self, request):
        data = ReflectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        access = _lesson_access(request, data.validated_data["lesson"])
        reflection, created = services.reflection_save(
            learner=request.user,
            access=access,
            block_id=data.validated_data["block"],
            text=data.validated_data["text"],
        )
        context = _reflection_context(request, [reflection])
        return Response(
            ReflectionSerializer(reflection, context=context).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ReflectionView(APIView):
    """One reflection, for its learner or a coach it was shared with; 404 for anyone else."""

    @extend_schema(responses=ReflectionSerializer)
    def get(self, request, reflection_id: int):
        reflection = selectors.reflection_visible_to(user=request.user, reflection_id=reflection_id)
        context = _reflection_context(request, [reflection])
        return Response(ReflectionSerializer(reflection, context=context).data)


class ReflectionShareView(APIView):
    """Share my reflection with my coaches (``{"shared": false}`` takes it back)."""

    @extend_schema(request=ShareInputSerializer, responses=ReflectionSerializer)
    def post(self, request, reflection_id: int):
        reflection = get_object_or_404(Reflection, pk=reflection_id, learner=request.user)
        data = ShareInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reflection = services.reflection_share(
            reflection=reflection, shared=data.validated_data["shared"]
        )
        context = _reflection_context(request, [reflection])
        return Response(ReflectionSerializer(reflection, context=context).data)


class TeamEnrollmentsView(APIView):
    """Enrol every learner of a team on a course; for that team's coaches and managers."""

    @extend_schema(request=TeamEnrollmentInputSerializer, responses={201: TeamEnrollmentSerializer})
    def post(self, request, team_id: int):
        team = get_object_or_404(Team, pk=team_id)
        if not permissions.leads(request.user, team):
            raise PermissionDenied(_("Only this team's coaches and managers can enrol it."))
        data = TeamEnrollmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            course = selectors.course_by_id(data.validated_data["course"])
        except Http404:
            raise ValidationError({"course": [_("No such course.")]}) from None
        results = services.team_enrol(
            team=team,
            course=course,
            cohort_start=data.validated_data["cohort_start"],
            due_date=data.validated_data.get("due_date"),
            enrolled_by=request.user,
        )
        enrollments = []
        for enrollment, created in results:
            enrollment.created = created
            enrollments.append(enrollment)
        payload = {
            "team": team.pk,
            "course": course.pk,
            "created": sum(1 for _e, created in results if created),
            "enrollments": enrollments,
        }
        return Response(TeamEnrollmentSerializer(payload).data, status=status.HTTP_201_CREATED)
