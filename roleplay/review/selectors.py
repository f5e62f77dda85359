"""Reads for the pages of solo practice and team review, each at a fixed number of
queries however many scenarios, sessions or recordings there are.

The pages live in ``frontend``; the rules (who may read what) stay here and in
``review`` and ``solo``.
"""

from django.db.models import Count, Prefetch, Q
from wagtail.models import Locale

from people import permissions

from .models import (
    Participant,
    ParticipantRole,
    Recording,
    RolePlaySession,
    Rubric,
    SessionKind,
)
from .selectors import scenarios_for_active_language, sessions_of


def solo_scenarios() -> list:
    """Scenarios in the reader's language that have a script for solo practice."""
    return [scenario for scenario in scenarios_for_active_language() if scenario.solo]


def solo_sessions_of(*, learner, limit: int = 20) -> list[RolePlaySession]:
    """The learner's own solo practices, newest first."""
    return list(
        RolePlaySession.objects.filter(
            kind=SessionKind.SOLO,
            participants__user=learner,
            participants__role=ParticipantRole.AGENT,
        )
        .select_related("scenario")
        .order_by("-created_at")[:limit]
    )


def solo_session_of(*, session_id: int, learner) -> RolePlaySession | None:
    """A solo practice of ``learner`` (None for anyone else's, or another kind)."""
    return (
        RolePlaySession.objects.filter(
            pk=session_id,
            kind=SessionKind.SOLO,
            participants__user=learner,
            participants__role=ParticipantRole.AGENT,
        )
        .select_related("scenario__locale", "team")
        .first()
    )


def team_recordings(*, user) -> list[Recording]:
    """The recordings of the user's teams, newest first, each with ``review_list``
    (its reviews, newest first) and ``lesson_example_count``."""
    reviews = RolePlaySession.objects.filter(kind=SessionKind.REVIEW).order_by("-created_at")
    return list(
        Recording.objects.filter(team_id__in=permissions.team_ids(user))
        .select_related("team", "uploaded_by")
        .annotate(lesson_example_count=Count("lesson_examples", distinct=True))
        .prefetch_related(Prefetch("reviews", queryset=reviews, to_attr="review_list"))
        .order_by("-created_at")
    )


def recording_of(*, recording_id: int, user) -> Recording | None:
    """A recording of one of the user's teams; None to anyone else (a 404)."""
    return (
        Recording.objects.filter(pk=recording_id, team_id__in=permissions.team_ids(user))
        .select_related("team")
        .annotate(review_count=Count("reviews"))
        .first()
    )


def review_of(*, session_id: int, user) -> RolePlaySession | None:
    """A review of one of the user's teams, with its people; None to anyone else."""
    return (
        RolePlaySession.objects.filter(
            pk=session_id, kind=SessionKind.REVIEW, team_id__in=permissions.team_ids(user)
        )
        .select_related("recording", "rubric", "team", "coach")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("user"))
        )
        .first()
    )


def review_rubrics() -> list[Rubric]:
    """Rubrics a coach can score a review on: those in the reader's language, or in
    the default one when none are translated."""
    base = Rubric.objects.order_by("title")
    localized = list(base.filter(locale=Locale.get_active()))
    return localized or list(base.filter(locale=Locale.get_default()))


def my_sessions(*, user):
    """Live role-plays and reviews the user takes part in (solo practice has its own
    page), with ``my_role`` and the subject (scenario or recording) fetched along."""
    return sessions_of(user=user).filter(~Q(kind=SessionKind.SOLO)).select_related("recording")
