"""Who may call what: every API endpoint x nine callers, in one table.

Team Alpha owns the objects called for (its learner's progress, reflection and
role-play session; the team's dashboard). The callers are anonymous, Alpha's learner
(the session's agent), coach and manager, and Beta's learner, coach and manager. Beta
has the same kinds of objects. Two callers test that authorisation follows changes:
the *leaver* took part in Alpha's session and has since been moved out of the team
(they are an outsider now), and the *demoted* participant was Alpha's agent, heard a
whisper, and was then moved to observer. Besides the status, no answer may name
anything of a team the caller is not in.
"""

import uuid

import pytest
from rest_framework.test import APIClient

from courses.models import Reflection
from people import services as people_services
from people.models import Membership, Team
from progress.services import coaching_note_create
from roleplay.live import services as live_services
from roleplay.room import closecodes, eventlog, sessions
from roleplay.room import services as room_services
from tests.factories import UserFactory
from tests.roleplay.conftest import make_scenario

pytestmark = pytest.mark.django_db

CALLERS = (
    "anonymous",
    "learner",
    "coach",
    "manager",
    "beta_learner",
    "beta_coach",
    "beta_manager",
    "leaver",
    "demoted",
)
WHISPER = "whispered to the agent before the demotion"


def build_team(name: str, scenario) -> dict:
    team = Team.objects.create(name=f"Team {name}")
    people = {}
    for role in ("learner", "coach", "manager"):
        people[role] = UserFactory(
            username=f"{name.lower()}-{role}", first_name=name, last_name=f"{role.title()}son"
        )
        Membership.objects.create(user=people[role], team=team, role=role)
    session = live_services.session_create(scenario=scenario, team=team, coach=people["coach"])
    for role in ("leaver", "demoted"):
        people[role] = UserFactory(username=f"{name.lower()}-{role}")
        Membership.objects.create(user=people[role], team=team, role="learner")
    sessions.participant_set(
        session=session, user=people["leaver"], role="customer", by=people["coach"]
    )
    sessions.participant_set(
        session=session, user=people["demoted"], role="agent", by=people["coach"]
    )
    coach = eventlog.viewer_of(session.participants.get(user=people["coach"]))
    room_services.participant_join(viewer=coach)  # opens the lobby, where the coach whispers
    room_services.event_whisper(viewer=coach, text=WHISPER)
    sessions.participant_set(
        session=session, user=people["demoted"], role="observer", by=people["coach"]
    )
    people_services.membership_remove(user=people["leaver"], team=team)
    sessions.participant_set(
        session=session, user=people["learner"], role="agent", by=people["coach"]
    )
    reflection = Reflection.objects.create(
        learner=people["learner"],
        lesson_key=uuid.uuid4(),
        block_id="b",
        prompt="?",
        text=f"{name} reflection",
    )
    coaching_note_create(learner=people["learner"], author=people["coach"], body=f"{name} note")
    return {"team": team, "session": session, "reflection": reflection, **people}


@pytest.fixture
def world(db):
    scenario = make_scenario()
    return {"alpha": build_team("Alpha", scenario), "beta": build_team("Beta", scenario)}


# (method, path template, body, {caller: status}); ``*`` is every signed-in caller.
ANON = {"anonymous": 401}
MATRIX = [
    ("get", "/api/me/", None, {**ANON, "*": 200}),
    ("get", "/api/courses/", None, {**ANON, "*": 200}),
    ("get", "/api/reflections/", None, {**ANON, "*": 200}),
    ("get", "/api/progress/me/", None, {**ANON, "*": 200}),
    ("get", "/api/progress/statements/", None, {**ANON, "*": 200}),
    ("get", "/api/progress/me/credentials/", None, {**ANON, "*": 200}),
    # Public: what verifiers of Open Badges read.
    ("get", "/api/progress/credentials/status/revocation/", None, {"anonymous": 200, "*": 200}),
    ("post", "/api/progress/credentials/verify/", {"jwt": "a.b.c"}, {"anonymous": 200, "*": 200}),
    ("get", "/api/roleplay/scenarios/", None, {**ANON, "*": 200}),
    ("get", "/api/roleplay/sessions/", None, {**ANON, "*": 200}),
    (
        "get",
        "/api/teams/{team}/members/",
        None,
        {**ANON, "*": 403, "coach": 200, "manager": 200, "learner": 200, "demoted": 200},
    ),
    (
        "get",
        "/api/reflections/{reflection}/",
        None,
        {**ANON, "*": 404, "learner": 200},
    ),
    (
        "post",
        "/api/reflections/{reflection}/share/",
        {"shared": True},
        {**ANON, "*": 404, "learner": 200},
    ),
    (
        "get",
        "/api/progress/learners/{learner}/",
        None,
        {**ANON, "*": 404, "coach": 200, "manager": 200},
    ),
    (
        "get",
        "/api/progress/teams/{team}/dashboard/",
        None,
        {**ANON, "*": 403, "coach": 200, "manager": 200},
    ),
    (
        "get",
        "/api/progress/overview/",
        None,
        {**ANON, "*": 403, "manager": 200, "beta_manager": 200},
    ),
    (
        "get",
        "/api/progress/teams/{team}/export.csv",
        None,
        {**ANON, "*": 403, "coach": 200, "manager": 200},
    ),
    (
        "get",
        "/api/progress/statements/?team={team}",
        None,
        {**ANON, "*": 403, "manager": 200},
    ),
    (
        "post",
        "/api/progress/notes/",
        {"learner": "{learner}", "body": "Listens well."},
        {**ANON, "*": 403, "coach": 201, "manager": 201},
    ),
    (
        "get",
        "/api/roleplay/sessions/{session}/",
        None,
        {**ANON, "*": 403, "learner": 200, "coach": 200, "manager": 200, "demoted": 200},
    ),
    (
        "get",
        "/api/roleplay/sessions/{session}/participants/",
        None,
        {**ANON, "*": 403, "learner": 200, "coach": 200, "manager": 200, "demoted": 200},
    ),
    (
        "get",
        "/api/roleplay/sessions/{session}/transcript/",
        None,
        {**ANON, "*": 403, "learner": 200, "coach": 200, "manager": 200, "demoted": 200},
    ),
    (
        "get",
        "/api/roleplay/sessions/{session}/debrief/",
        None,
        {**ANON, "*": 403, "learner": 409, "coach": 409, "manager": 409, "demoted": 409},
    ),
    (
        "post",
        "/api/roleplay/sessions/{session}/tickets/",
        None,
        {**ANON, "*": 403, "learner": 201, "coach": 201, "demoted": 201},
    ),
    (
        "post",
        "/api/roleplay/sessions/",
        {"scenario": "{scenario}", "team": "{team}"},
        {**ANON, "*": 403, "coach": 201},
    ),
    (
        "get",
        "/api/admin/users/{learner}/personal-data/",
        None,
        {**ANON, "*": 403},
    ),
    (
        "delete",
        "/api/admin/users/{learner}/personal-data/",
        None,
        {**ANON, "*": 403},
    ),
]


def fill(value, world):
    alpha = world["alpha"]
    ids = {
        "team": alpha["team"].pk,
        "learner": alpha["learner"].pk,
        "reflection": alpha["reflection"].pk,
        "session": alpha["session"].pk,
        "scenario": alpha["session"].scenario_id,
    }
    if isinstance(value, str):
        for key, number in ids.items():
            if value == f"{{{key}}}":
                return number
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    return value


def caller(world, name):
    if name == "anonymous":
        return None
    team, role = ("beta", name[5:]) if name.startswith("beta_") else ("alpha", name)
    return world[team][role]


def foreign_words(world, name) -> list[str]:
    """Names of everything in the teams ``name`` is not in."""
    teams = {"anonymous": ("alpha", "beta"), "leaver": ("alpha", "beta")}.get(
        name, ("alpha",) if name.startswith("beta_") else ("beta",)
    )
    words = []
    for team in teams:
        words += [world[team]["team"].name, f"{team.title()} reflection", f"{team.title()} note"]
        words += [world[team][role].username for role in ("learner", "coach", "manager")]
    if name in ("leaver", "demoted"):
        words.append(WHISPER)  # neither may read the whisper any more
    return words


@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX, ids=[m[1] for m in MATRIX])
def test_each_caller_gets_the_expected_status_and_nothing_of_another_team(
    world, method, path, body, expected
):
    got, leaks = {}, {}
    for name in CALLERS:
        api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if (user := caller(world, name)) is not None:
            api.force_authenticate(user)
        response = getattr(api, method)(fill(path, world), fill(body, world), format="json")
        got[name] = response.status_code
        text = response.getvalue().decode()  # the CSV export streams
        leaked = [w for w in foreign_words(world, name) if w in text]
        if leaked:
            leaks[name] = leaked
    want = {name: expected.get(name, expected.get("*")) for name in CALLERS}
    assert got == want
    assert leaks == {}


@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX, ids=[m[1] for m in MATRIX])
def test_a_person_deactivated_by_the_directory_is_an_anonymous_caller_everywhere(
    world, method, path, body, expected
):
    """Alpha's learner signed in (a session and an API token), then the directory set
    them inactive over SCIM: whatever they kept now gets what an anonymous caller gets."""
    from django.test import Client

    from people.scim.services import scim_token_create
    from people.services import access_token_create

    learner = world["alpha"]["learner"]
    browser = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(learner)
    _token, key = access_token_create(user=learner)
    _scim, raw = scim_token_create(name="directory")
    deactivated = Client().patch(
        f"/scim/v2/Users/{learner.pk}",
        '{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],'
        ' "Operations": [{"op": "replace", "path": "active", "value": false}]}',
        content_type="application/scim+json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert deactivated.status_code == 200, deactivated.content

    anonymous = getattr(APIClient(HTTP_ACCEPT_LANGUAGE="en"), method)(
        fill(path, world), fill(body, world), format="json"
    )
    assert anonymous.status_code == expected["anonymous"]
    with_token = APIClient(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Token {key}")
    for name, api in (("session", browser), ("token", with_token)):
        response = getattr(api, method)(fill(path, world), fill(body, world), format="json")
        if anonymous.status_code < 400:  # a public endpoint (a badge verifier's)
            assert response.status_code == anonymous.status_code, (name, response.status_code)
        else:
            assert response.status_code in (401, 403), (name, response.status_code)
        text = response.content.decode()
        assert not [w for w in foreign_words(world, "anonymous") if w in text], name


PAGES = {"leaver": {"room": 403, "debrief": 403}, "demoted": {"room": 200, "debrief": 409}}


@pytest.mark.django_db(transaction=True)
async def test_the_leaver_and_the_demoted_at_the_socket_and_on_the_pages(transactional_db):
    """The socket and the pages ask the same question as the API: the leaver is out,
    the demoted participant is in with the new role and no whisper of the old one."""
    from channels.db import database_sync_to_async
    from django.test import Client

    from tests.roleplay.clients import connect_in_process

    world = await database_sync_to_async(lambda: {"alpha": build_team("Alpha", make_scenario())})()
    alpha = world["alpha"]
    session = alpha["session"].pk

    leaver = await connect_in_process(alpha["leaver"], session)
    assert await leaver.closed() == closecodes.CLOSE_NOT_PARTICIPANT
    demoted = await connect_in_process(alpha["demoted"], session)
    assert demoted.welcome["role"] == "observer"
    await demoted.send({"type": "resume", "after_seq": 0})
    await demoted.until(lambda f: f["type"] == "event" and f["seq"] == demoted.welcome["last_seq"])
    assert demoted.events("whisper") == []
    await demoted.close()

    def pages(name):
        client = Client()
        client.force_login(alpha[name])
        return {
            page: client.get(f"/en/coach/sessions/{session}/{page}/").status_code
            for page in ("room", "debrief")
        }

    got = {name: await database_sync_to_async(pages)(name) for name in PAGES}
    assert got == PAGES
