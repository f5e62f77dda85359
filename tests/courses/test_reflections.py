"""Reflections are private; a learner may share one with their coaches, nobody else.

Anyone who may not read a reflection gets 404, as if it did not exist, so that
even its existence stays private.
"""

import pytest

from courses.models import Reflection
from progress import verbs
from progress.models import Statement
from tests.courses.tree import build_course, enrol, ids, reflection_block

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(home, learner):
    course, _modules, lessons = build_course(
        home, [("why", 1, False)], body=lambda m, n: [reflection_block()]
    )
    enrol(learner, course)
    return lessons[0][0]


@pytest.fixture
def reflection(lesson, learner, as_user):
    response = as_user(learner).post(
        "/api/reflections/",
        {"lesson": lesson.pk, "block": ids("reflect"), "text": "They were scared."},
        format="json",
    )
    assert response.status_code == 201
    return Reflection.objects.get(pk=response.json()["id"])


def share(as_user, learner, reflection, shared=True):
    return as_user(learner).post(
        f"/api/reflections/{reflection.pk}/share/", {"shared": shared}, format="json"
    )


def test_writing_a_reflection_records_a_reflected_statement(reflection, lesson):
    statement = Statement.objects.get(verb=verbs.REFLECTED)
    assert (statement.object_type, statement.object_id) == ("lesson", str(lesson.translation_key))
    assert statement.context == {"reflection": reflection.pk}


def test_rewriting_a_reflection_updates_it_without_a_second_record(
    reflection, lesson, learner, as_user
):
    response = as_user(learner).post(
        "/api/reflections/",
        {"lesson": lesson.pk, "block": ids("reflect"), "text": "Scared, then relieved."},
        format="json",
    )
    assert response.status_code == 200
    assert Reflection.objects.get().text == "Scared, then relieved."
    assert Statement.objects.filter(verb=verbs.REFLECTED).count() == 1


def test_the_learner_reads_their_own_reflection(reflection, learner, as_user):
    payload = as_user(learner).get(f"/api/reflections/{reflection.pk}/").json()
    assert (payload["text"], payload["mine"], payload["shared"]) == (
        "They were scared.",
        True,
        False,
    )
    assert payload["prompt"] == "How did the customer feel?"


def test_another_learner_cannot_read_it(reflection, make_member, team, as_user):
    other = make_member(team, "learner")
    assert as_user(other).get(f"/api/reflections/{reflection.pk}/").status_code == 404
    assert as_user(other).get("/api/reflections/").json() == []


def test_a_coach_cannot_read_it_before_it_is_shared(reflection, make_member, team, as_user):
    coach = make_member(team, "coach")
    assert as_user(coach).get(f"/api/reflections/{reflection.pk}/").status_code == 404
    assert as_user(coach).get("/api/reflections/").json() == []


def test_the_coach_reads_it_once_shared(reflection, learner, make_member, team, as_user):
    coach = make_member(team, "coach")
    assert share(as_user, learner, reflection).json()["shared"] is True
    [seen] = as_user(coach).get("/api/reflections/").json()
    assert (seen["id"], seen["mine"], seen["learner"]["id"]) == (reflection.pk, False, learner.pk)


def test_a_manager_cannot_read_it_even_when_shared(reflection, learner, make_member, team, as_user):
    manager = make_member(team, "manager")
    share(as_user, learner, reflection)
    assert as_user(manager).get(f"/api/reflections/{reflection.pk}/").status_code == 404
    assert as_user(manager).get("/api/reflections/").json() == []


def test_a_coach_of_another_team_cannot_read_a_shared_one(
    reflection, learner, make_member, as_user
):
    from tests.factories import TeamFactory

    coach = make_member(TeamFactory(), "coach")
    share(as_user, learner, reflection)
    assert as_user(coach).get(f"/api/reflections/{reflection.pk}/").status_code == 404


def test_taking_the_share_back_hides_it_from_the_coach(
    reflection, learner, make_member, team, as_user
):
    coach = make_member(team, "coach")
    share(as_user, learner, reflection)
    share(as_user, learner, reflection, shared=False)
    assert as_user(coach).get(f"/api/reflections/{reflection.pk}/").status_code == 404


def test_only_the_learner_can_share_it(reflection, make_member, team, as_user):
    coach = make_member(team, "coach")
    assert share(as_user, coach, reflection).status_code == 404
    assert Reflection.objects.get().shared_at is None


def test_a_reflection_on_a_block_that_is_not_a_prompt_is_400(lesson, learner, as_user):
    response = as_user(learner).post(
        "/api/reflections/", {"lesson": lesson.pk, "block": "nope", "text": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "block" in response.json()["errors"]
    assert not Reflection.objects.exists()


def test_an_empty_reflection_is_400_on_text(lesson, learner, as_user):
    response = as_user(learner).post(
        "/api/reflections/",
        {"lesson": lesson.pk, "block": ids("reflect"), "text": "  "},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["text"]
