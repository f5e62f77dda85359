import uuid

import pytest

from demo.progress import seed_competencies
from progress import verbs
from progress.models import Competency, Statement
from progress.services import competency_target_set, record_statement

pytestmark = pytest.mark.django_db


def test_recording_the_same_statement_id_twice_stores_it_once(make_member, team):
    learner = make_member(team, "learner")
    statement_id = uuid.uuid4()
    first = record_statement(
        actor=learner,
        verb=verbs.COMPLETED,
        object_type="lesson",
        object_id="abc",
        statement_id=statement_id,
    )
    again = record_statement(
        actor=learner,
        verb=verbs.COMPLETED,
        object_type="lesson",
        object_id="abc",
        statement_id=statement_id,
    )
    assert first.pk == again.pk == statement_id
    assert Statement.objects.count() == 1


def test_result_parts_are_stored_as_given(make_member, team):
    learner = make_member(team, "learner")
    statement = record_statement(
        actor=learner,
        verb=verbs.PASSED,
        object_type="quiz",
        object_id="q1",
        result={"score_raw": 4, "score_max": 5, "score_scaled": 0.8, "success": True},
        context={"rater_role": "system"},
    )
    statement.refresh_from_db()
    assert (statement.score_raw, statement.score_scaled, statement.success) == (4, 0.8, True)
    assert statement.context == {"rater_role": "system"}


def test_an_unknown_result_field_is_refused(make_member, team):
    learner = make_member(team, "learner")
    with pytest.raises(ValueError, match="grade"):
        record_statement(
            actor=learner, verb=verbs.PASSED, object_type="quiz", object_id="q", result={"grade": 5}
        )
    assert not Statement.objects.exists()


def test_a_translated_competency_is_recorded_as_the_default_locale_row(make_member, team):
    seed_competencies()
    learner = make_member(team, "learner")
    english = Competency.objects.get(slug="empathy", locale__language_code="en")
    statement = record_statement(
        actor=learner,
        verb=verbs.SCORED,
        object_type="roleplay-session",
        object_id="1",
        competency=english,
    )
    assert statement.competency.locale.language_code == "fi"
    assert statement.competency.translation_key == english.translation_key


def test_team_target_overrides_nothing_but_its_own_team(team):
    seed_competencies()
    empathy = Competency.objects.get(slug="empathy", locale__language_code="fi")
    organisation = competency_target_set(competency=empathy, level=3)
    own = competency_target_set(competency=empathy, level=4, team=team)
    again = competency_target_set(competency=empathy, level=5)
    assert again.pk == organisation.pk and again.level == 5
    assert own.level == 4 and own.team == team
