"""The demo course: bilingual, every block type, a full service promise, seeded once."""

import pytest
from django.core.management import call_command
from django.db import transaction

from cms.models import ServicePromisePage
from courses.blocks import LessonBodyBlock
from courses.models import CoursePage, Enrollment, LessonCompletion, LessonPage, ModulePage
from progress.models import CompetencyTarget

pytestmark = pytest.mark.django_db

SLUGS = {
    "empathy",
    "active-listening",
    "caring",
    "building-trust",
    "anticipating-needs",
    "ownership",
    "presence",
    "wow",
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


def counts():
    return (
        CoursePage.objects.count(),
        ModulePage.objects.count(),
        LessonPage.objects.count(),
        Enrollment.objects.count(),
        LessonCompletion.objects.count(),
    )


def test_seeding_twice_changes_nothing(seeded):
    before = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before


def test_the_course_has_three_pillars_and_nine_lessons_in_both_languages(seeded):
    for language in ("fi", "en"):
        modules = ModulePage.objects.filter(locale__language_code=language).order_by("path")
        assert [m.pillar for m in modules] == ["what", "how", "why"]
        assert LessonPage.objects.filter(locale__language_code=language).count() >= 9


def test_the_lessons_use_every_block_type_but_video(seeded):
    # The demo has no film of its own, and a third party's talk is not Kohtaamo's
    # material; the why of the course is told in a recording instead.
    used = {block.block_type for page in LessonPage.objects.all() for block in page.body}
    assert used == set(LessonBodyBlock.base_blocks) - {"video"}


def test_model_answers_cover_email_chat_and_social_media(seeded):
    channels = {
        block.value["channel"]
        for page in LessonPage.objects.all()
        for block in page.body
        if block.block_type == "model_answer"
    }
    assert channels == {"email", "chat", "social"}


def test_the_call_recording_pairs_a_cold_and_a_warm_version(seeded):
    recordings = [
        [r["version"] for r in block.value["recordings"]]
        for page in LessonPage.objects.all()
        for block in page.body
        if block.block_type == "call_recording"
    ]
    assert sorted(recordings) == [["cold", "warm"], ["cold", "warm"], ["single"], ["single"]]
    for page in LessonPage.objects.all():
        for block in page.blocks_of_type("call_recording"):
            assert all(r["audio"].file.size < 220_000 for r in block.value["recordings"])
            assert all(r["audio"].file.name.endswith(".ogg") for r in block.value["recordings"])


def test_editors_see_the_sources_of_a_lessons_facts_in_its_comments(seeded):
    from wagtail.models import Comment

    for slug in ("kylma-ja-lammin", "julkinen-palaute", "kuuntele-loppuun"):
        for lesson in LessonPage.objects.filter(
            translation_key__in=LessonPage.objects.filter(slug=slug).values("translation_key")
        ):
            notes = " ".join(Comment.objects.filter(page=lesson).values_list("text", flat=True))
            assert "38/1978" in notes or "661/2009" in notes, (slug, lesson.locale_id)
            assert lesson.get_latest_revision().content["wagtail_admin_comments"]


def test_the_promise_covers_the_eight_competencies_and_sets_their_targets(seeded):
    promise = ServicePromisePage.objects.get(locale__language_code="fi")
    assert {row.competency.slug for row in promise.rows()} == SLUGS
    assert {t.competency.slug for t in CompetencyTarget.objects.filter(team=None)} == SLUGS


def test_the_demo_teams_learners_are_enrolled(seeded):
    enrolled = set(Enrollment.objects.values_list("learner__username", flat=True))
    assert enrolled == {"learner", "learner2", "learner3", "learner4"}


def test_every_demo_lesson_renders_for_a_learner_who_may_open_it(seeded, client):
    from people.models import User

    client.force_login(User.objects.get(username="learner3"))
    for lesson in LessonPage.objects.all():
        assert client.get(lesson.url).status_code == 200, lesson.url
