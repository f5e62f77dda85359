"""Kohtaamo as an LTI 1.3 tool, end to end against an LMS on loopback.

login initiation → signed launch → deep link → learner launch → a completion in the
LMS gradebook; bad launches; keys; rosters.
"""

import jwt
import pytest
from django.core.management import call_command
from django.utils import timezone

from lti.keys import public_keyset, tool_key_rotate
from lti.models import GradeLink, LtiAccount, ScoreOutbox
from people.models import Membership
from progress import verbs
from progress.services import record_statement
from roleplay.models import RolePlaySession
from tests.courses.tree import build_course
from tests.lti.platform import LEARNER, Link, User, new_private_key
from tests.roleplay.conftest import make_scenario
from tests.roleplay.practice import script_data
from tests.servers import ROOT

pytestmark = [pytest.mark.e2e]


def deep_link(browser, lms, teacher, target: str):
    """The instructor places ``target`` in the LMS course; returns the new link id."""
    picker = browser.launch(lms, teacher, "deep-link")
    assert picker.status_code == 200, picker.text
    assert "data-lti-deep-link" in picker.text
    assert f'value="{target}"' in picker.text
    placed = browser.post_form(picker, "data-lti-deep-link", target=target)
    assert placed.status_code == 200, placed.text
    # The tool answered with an auto-posting form to the LMS's deep-link return.
    returned = browser.post_form(placed)
    assert returned.status_code == 200, returned.text
    link_id = returned.text.removeprefix("<p>Placed ").removesuffix("</p>")
    return link_id


def test_a_deep_linked_lesson_launches_the_learner_and_its_completion_reaches_the_gradebook(
    registered, lms, home, team, teacher, student, browser, another_browser
):
    course, _modules, lessons = build_course(home, [("what", 1, False)])
    lesson = lessons[0][0]
    link_id = deep_link(browser, lms, teacher, f"lesson:{lesson.translation_key}")
    link = lms.links[link_id]
    assert link.custom == {"kohtaamo_target": f"lesson:{lesson.translation_key}"}
    assert lms.lineitems[link.lineitem_id]["scoreMaximum"] == 100

    landed = another_browser.launch(lms, student, link_id)
    assert landed.status_code == 200, landed.text
    assert landed.url.endswith(lesson.url) or lesson.slug in landed.url
    account = LtiAccount.objects.select_related("user").get(sub=student.sub)
    assert account.user.first_name == "Leo"
    assert Membership.objects.get(user=account.user, team=team).role == "learner"
    assert GradeLink.objects.filter(user=account.user).count() == 1

    done = another_browser.api_post(f"/api/lessons/{lesson.pk}/complete/")
    assert done.status_code == 201, done.text
    scores = [score for score in lms.scores if score["lineitem"] == link.lineitem_id]
    assert len(scores) == 1
    assert scores[0]["userId"] == student.sub
    assert (scores[0]["scoreGiven"], scores[0]["scoreMaximum"]) == (100, 100)
    assert scores[0]["activityProgress"] == "Completed"
    assert scores[0]["gradingProgress"] == "FullyGraded"


def test_an_instructor_launch_opens_the_coach_view_of_the_mapped_team(
    registered, lms, team, teacher, browser
):
    lms.links["plain"] = Link(id="plain", title="Kohtaamo", custom={}, lineitem_id=None)
    landed = browser.launch(lms, teacher, "plain")
    assert landed.status_code == 200, landed.text
    assert f"/teams/{team.pk}/" in landed.url
    user = LtiAccount.objects.get(sub=teacher.sub).user
    assert Membership.objects.get(user=user, team=team).role == "coach"


def _resign(claims_update=None, key=None, lms=None):
    def tamper(id_token):
        header = jwt.get_unverified_header(id_token)
        body = jwt.decode(id_token, options={"verify_signature": False})
        body.update(claims_update or {})
        return jwt.encode(body, key or lms.private_key, algorithm="RS256", headers=header)

    return tamper


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("expired", "expired"),
        ("unknown-issuer", "issuer"),
        ("unknown-deployment", "deployment"),
        ("missing-claims", "claims"),
        ("forged-signature", "signature"),
    ],
)
def test_a_bad_launch_gets_a_clear_error_page_not_a_500(
    registered, lms, tool, student, browser, case, code
):
    lms.links["plain"] = Link(id="plain", title="Kohtaamo", custom={}, lineitem_id=None)
    lti = "https://purl.imsglobal.org/spec/lti/claim/"
    if case == "expired":
        lms.tamper["expiration"] = -120
    elif case == "unknown-issuer":
        lms.tamper["id_token"] = _resign({"iss": "http://127.0.0.1:1/unknown"}, lms=lms)
    elif case == "unknown-deployment":
        lms.tamper["claims"] = {lti + "deployment_id": "not-registered"}
    elif case == "missing-claims":
        lms.tamper["claims"] = {lti + "resource_link": {}, lti + "version": None}
    elif case == "forged-signature":
        lms.tamper["id_token"] = _resign({"sub": "someone-else"}, key=new_private_key())
    refused = browser.launch(lms, student, "plain")
    assert refused.status_code == 400, refused.text
    assert f'data-lti-error="{code}"' in refused.text
    assert "Käynnistys ei onnistunut" in refused.text or "launch did not work" in refused.text
    assert not LtiAccount.objects.filter(sub__in=[student.sub, "someone-else"]).exists()
    log = ROOT / f".server-{tool.port}.log"
    assert f"lti launch refused: {code}" in log.read_text()


def test_a_replayed_launch_is_refused(registered, lms, student, browser):
    lms.links["plain"] = Link(id="plain", title="Kohtaamo", custom={}, lineitem_id=None)
    first = browser.launch(lms, student, "plain")
    assert first.status_code == 200
    action, fields = browser.last_launch_form
    again = browser.session.post(action, data=fields, timeout=10)
    assert again.status_code == 400
    assert 'data-lti-error="nonce"' in again.text


def test_a_launch_from_an_unregistered_lms_is_refused_at_login(lms, student, browser):
    check = browser.session.get(lms.login_initiation_url(user=student, message="x"), timeout=10)
    assert check.status_code == 400
    assert 'data-lti-error="issuer"' in check.text


def test_the_jwks_publishes_the_signing_key_and_keeps_a_rotated_one(transactional_db):
    first = public_keyset()["keys"]
    assert len(first) == 1 and first[0]["kty"] == "RSA" and "d" not in first[0]
    tool_key_rotate()
    keys = public_keyset()["keys"]
    assert len(keys) == 2
    assert first[0]["kid"] in {key["kid"] for key in keys}


def test_a_score_waits_while_the_lms_is_down_and_arrives_later(
    registered, lms, home, teacher, student, browser, another_browser
):
    course, _modules, lessons = build_course(home, [("what", 1, False)])
    lesson = lessons[0][0]
    link_id = deep_link(browser, lms, teacher, f"lesson:{lesson.translation_key}")
    assert another_browser.launch(lms, student, link_id).status_code == 200
    lms.down = True
    assert another_browser.api_post(f"/api/lessons/{lesson.pk}/complete/").status_code == 201
    waiting = ScoreOutbox.objects.get()
    assert waiting.delivered_at is None and waiting.attempts == 1
    assert lms.scores == []
    assert waiting.next_attempt_at > timezone.now()
    call_command("lti_deliver_scores")
    assert lms.scores == []  # not yet due
    lms.down = False
    ScoreOutbox.objects.update(next_attempt_at=timezone.now())  # the backoff has passed
    call_command("lti_deliver_scores")
    waiting.refresh_from_db()
    assert waiting.delivered_at is not None
    assert [score["scoreGiven"] for score in lms.scores] == [100]


def test_a_coach_syncs_the_team_from_the_lms_roster(
    registered, lms, team, teacher, student, browser
):
    lms.links["plain"] = Link(id="plain", title="Kohtaamo", custom={}, lineitem_id=None)
    assert browser.launch(lms, teacher, "plain").status_code == 200
    lms.users["lms-student-9"] = User(sub="lms-student-9", roles=[LEARNER], given_name="Aino")
    lms.users[student.sub] = student
    page = browser.session.get(f"{browser.base}/lti/teams/{team.pk}/roster/", timeout=10)
    assert page.status_code == 200, page.text
    synced = browser.post_form(page, "data-lti-roster")
    assert synced.status_code == 200, synced.text
    assert 'data-lti-synced="3"' in synced.text
    learners = Membership.objects.filter(
        team=team, role="learner", user__lti_accounts__isnull=False
    )
    assert {m.user.first_name for m in learners} == {"Aino", "Leo"}


def test_a_finished_solo_practice_posts_its_mean_behaviour_score(
    registered, lms, teacher, student, browser, another_browser
):
    scenario = make_scenario()
    scenario.script = script_data()
    scenario.save()
    link_id = deep_link(browser, lms, teacher, f"scenario:{scenario.translation_key}")
    landed = another_browser.launch(lms, student, link_id)
    assert landed.status_code == 200, landed.text
    assert f"/lti/practice/{scenario.pk}/" in landed.url
    started = another_browser.post_form(landed, "practice/start")
    assert started.status_code == 200, started.text
    user = LtiAccount.objects.get(sub=student.sub).user
    session = RolePlaySession.objects.get(kind="solo", participants__user=user)
    assert f"/learn/practice/{session.pk}/" in started.url
    # What the solo room reports when the practice ends (roleplay.solo.solo_report_progress):
    # one system score per expected behaviour, then the completion.
    context = {"scenario": scenario.pk, "session_kind": "solo", "rater_role": "system"}
    for level, intent in [(4, "acknowledge"), (2, "ownership")]:
        record_statement(
            actor=user,
            verb=verbs.SCORED,
            object_type="roleplay-session",
            object_id=session.pk,
            result={"score_raw": level, "score_min": 1, "score_max": 5, "score_scaled": level / 5},
            context={**context, "intent": intent},
        )
    assert lms.scores == []
    record_statement(
        actor=user,
        verb=verbs.COMPLETED,
        object_type="roleplay-session",
        object_id=session.pk,
        result={"completion": True},
        context=context,
    )
    [score] = lms.scores
    assert (score["scoreGiven"], score["scoreMaximum"], score["userId"]) == (60, 100, student.sub)
