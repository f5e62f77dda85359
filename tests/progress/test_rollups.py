"""The rollups the dashboards read give what the records themselves give.

The reference here computes levels, baselines and the weekly trend straight from the
statements and assessments; the dashboards, their export and the trend must agree
with it on the demo data and on random data, kept incrementally or rebuilt.
"""

import os
import random
from collections import defaultdict
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from people.models import Membership, Role, Team
from progress import rollups, selectors, verbs
from progress.models import ActivityWeek, Assessment, LevelRollup, MilestoneAward, Statement
from progress.services import assessment_create, record_statement, statement_void
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def reference_trend(team) -> list[dict]:
    """The 12-week trend counted in Python from the statements and assessments."""
    learners = set(
        Membership.objects.filter(team=team, role=Role.LEARNER).values_list("user_id", flat=True)
    )
    starts = [row["week_start"] for row in selectors.team_trend(team=team)]
    statements, active, levels = defaultdict(int), defaultdict(set), defaultdict(list)
    for actor, at in Statement.objects.filter(actor_id__in=learners, voided=False).values_list(
        "actor_id", "timestamp"
    ):
        statements[rollups.week_of(at)] += 1
        active[rollups.week_of(at)].add(actor)
    for level, at in Assessment.objects.filter(
        learner_id__in=learners, rater_role__in=rollups.LEAD_RATERS
    ).values_list("level", "assessed_at"):
        levels[rollups.week_of(at)].append(level)
    awards = defaultdict(int)
    for at in MilestoneAward.objects.filter(learner_id__in=learners).values_list(
        "awarded_at", flat=True
    ):
        awards[rollups.week_of(at)] += 1
    return [
        {
            "week_start": week,
            "statements": statements[week],
            "active_learners": len(active[week]),
            "milestones_achieved": awards[week],
            "average_level": round(sum(levels[week]) / len(levels[week]), 2)
            if levels[week]
            else None,
        }
        for week in starts
    ]


def assert_rollups_match_the_records(teams) -> None:
    for team in teams:
        learners = list(
            Membership.objects.filter(team=team, role=Role.LEARNER).values_list(
                "user_id", flat=True
            )
        )
        latest, first = rollups.fold_levels(rollups.assessments_in_order(learner_id__in=learners))
        read_latest, read_first = selectors.assessed_levels(learners=learners)
        assert read_latest == latest
        none = {"self": None, "coach": None}
        for key in set(first) | set(read_first):
            assert read_first.get(key, none) == first.get(key, none)
        assert selectors.team_trend(team=team) == reference_trend(team)
        dashboard = selectors.team_dashboard(team=team)
        for member in dashboard["members"]:
            for item in selectors.competencies():
                now = latest.get((member["id"], item["id"]))
                assert member["levels"][item["slug"]]["latest"] == (now["level"] if now else None)


def test_rollups_match_the_records_on_the_demo_data(committed):
    committed(call_command, "seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    teams = list(Team.objects.all())
    assert ActivityWeek.objects.exists() and LevelRollup.objects.exists()
    assert_rollups_match_the_records(teams)
    kept = sorted(ActivityWeek.objects.values_list("learner_id", "week", "statements"))
    call_command("rebuild_progress_rollups", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert sorted(ActivityWeek.objects.values_list("learner_id", "week", "statements")) == kept
    assert_rollups_match_the_records(teams)


def test_rollups_match_the_records_on_random_data(competencies, django_capture_on_commit_callbacks):
    rng = random.Random(16)
    team = TeamFactory()
    coach = UserFactory()
    Membership.objects.create(user=coach, team=team, role=Role.COACH)
    learners = [UserFactory() for _ in range(6)]
    for learner in learners:
        Membership.objects.create(user=learner, team=team, role=Role.LEARNER)
    now = timezone.now()
    recorded = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(120):
            learner = rng.choice(learners)
            at = now - timedelta(hours=rng.randrange(24 * 7 * 14))
            if rng.random() < 0.4:
                role = rng.choice(["self", "coach", "manager", "observer"])
                assessment_create(
                    learner=learner,
                    competency=rng.choice(list(competencies.values())),
                    rater=learner if role == "self" else coach,
                    rater_role=role,
                    # ties in time are resolved by id, as the records are
                    level=rng.randint(1, 5),
                    assessed_at=at if rng.random() < 0.8 else now - timedelta(days=3),
                )
            else:
                recorded.append(
                    record_statement(
                        actor=learner,
                        verb=verbs.COMPLETED,
                        object_type="lesson",
                        object_id=str(rng.randrange(9)),
                        timestamp=at,
                    )  # fmt: skip
                )
        for statement in rng.sample(recorded, 10):
            statement_void(statement_id=statement.pk, actor=coach)
            statement_void(statement_id=statement.pk, actor=coach)  # a second void is a no-op
    assert_rollups_match_the_records([team])
    rollups.rebuild()
    assert_rollups_match_the_records([team])
