"""The service promise sets the organisation's targets and is quoted in lessons."""

import pytest
from wagtail.models import Locale

from cms.models import ServicePromiseCompetency, ServicePromisePage
from progress.models import CompetencyTarget
from tests.courses.tree import build_course, enrol, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(home, competencies):
    page = ServicePromisePage(
        title="Palvelulupaus",
        slug="lupaus",
        promise="Kohtaamme jokaisen ihmisenä.",
        competencies=[
            ServicePromiseCompetency(
                competency=competencies["empathy"], behaviours="Sanoitan tunteen.", target_level=4
            ),
            ServicePromiseCompetency(
                competency=competencies["ownership"], behaviours="Hoidan loppuun.", target_level=3
            ),
        ],
    )
    home.add_child(instance=page)
    CompetencyTarget.objects.all().delete()  # the demo framework seeds its own
    return page


def targets() -> dict[str, int]:
    return {t.competency.slug: t.level for t in CompetencyTarget.objects.filter(team=None)}


def test_publishing_the_promise_sets_the_organisation_targets(promise):
    promise.save_revision().publish()
    assert targets() == {"empathy": 4, "ownership": 3}


def test_publishing_a_changed_level_updates_the_target(promise):
    promise.save_revision().publish()
    row = promise.competencies.get(competency__slug="empathy")
    row.target_level = 5
    row.save()
    promise.save_revision().publish()
    assert targets()["empathy"] == 5


def test_publishing_the_translation_does_not_set_targets(promise):
    english = translate(promise)
    english.save_revision().publish()
    assert targets() == {}


def test_the_callout_quotes_the_competency_row_in_the_lesson(
    promise, competencies, home, learner, as_user
):
    promise.save_revision().publish()
    block = {
        "type": "service_promise",
        "id": "callout",
        "value": {"competency": competencies["empathy"].pk, "note": "Why it matters"},
    }
    course, _modules, lessons = build_course(home, [("why", 1, False)], body=lambda m, n: [block])
    enrol(learner, course)
    payload = as_user(learner).get(f"/api/lessons/{lessons[0][0].pk}/").json()
    assert payload["blocks"][0]["value"] == {
        "statement": "",
        "competency": {"slug": "empathy", "name": "Empatia"},
        "behaviours": ["Sanoitan tunteen."],
        "target_level": 4,
        "note": "Why it matters",
        "promise_url": promise.url,
    }


def test_the_promise_page_shows_each_competency_in_its_language(promise, client):
    promise.save_revision().publish()
    english = translate(promise)
    assert english.locale == Locale.objects.get(language_code="en")
    html = client.get(english.url).content.decode()
    assert "Empathy" in html and "Sanoitan tunteen." in html
