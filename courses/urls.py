"""Course API paths, mounted under /api/ by cms/urls.py."""

from django.urls import path

from . import api

urlpatterns = [
    path("courses/", api.MyCoursesView.as_view(), name="api-my-courses"),
    path("courses/<id:course_id>/", api.CourseOutlineView.as_view(), name="api-course-outline"),
    path("lessons/<id:lesson_id>/", api.LessonView.as_view(), name="api-lesson"),
    path(
        "lessons/<id:lesson_id>/complete/",
        api.LessonCompleteView.as_view(),
        name="api-lesson-complete",
    ),
    path(
        "lessons/<id:lesson_id>/quiz-attempts/",
        api.QuizAttemptsView.as_view(),
        name="api-quiz-attempts",
    ),
    path("reflections/", api.ReflectionsView.as_view(), name="api-reflections"),
    path("reflections/<id:reflection_id>/", api.ReflectionView.as_view(), name="api-reflection"),
    path(
        "reflections/<id:reflection_id>/share/",
        api.ReflectionShareView.as_view(),
        name="api-reflection-share",
    ),
    path(
        "teams/<id:team_id>/enrollments/",
        api.TeamEnrollmentsView.as_view(),
        name="api-team-enrollments",
    ),
]
