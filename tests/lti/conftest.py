"""An LMS on loopback (platform.py), Kohtaamo as a real ASGI server, a browser-like client.

The client is a ``requests`` session: it keeps cookies and posts the forms the LMS
and Kohtaamo answer with, as a browser would after their scripts run.
"""

import re
from html import unescape
from urllib.parse import urljoin

import pytest
import requests

from lti.models import ContextTeam, Platform
from tests.courses.tree import setup_site
from tests.lti.platform import INSTRUCTOR, LEARNER, TestPlatform, User
from tests.servers import running_server


@pytest.fixture
def tool(transactional_db):
    with running_server() as server:
        yield server


@pytest.fixture
def lms(tool):
    platform = TestPlatform(tool_url=tool.http).start()
    yield platform
    platform.stop()


@pytest.fixture
def registered(lms, team):
    """The LMS registered in Kohtaamo's admin, its course mapped to ``team``."""
    platform = Platform.objects.create(**lms.registration_fields)
    ContextTeam.objects.create(
        platform=platform, context_id=lms.context_id, context_title="Service basics", team=team
    )
    return platform


@pytest.fixture
def mapped_team(team):
    """``team`` with an LMS course mapped to it, on a platform nobody has launched from."""
    platform = Platform.objects.create(
        name="Moodle",
        issuer="https://lms.example.org",
        client_id="c",
        auth_login_url="https://lms.example.org/auth",
        auth_token_url="https://lms.example.org/token",
        key_set_url="https://lms.example.org/jwks",
        deployment_ids="1",
    )
    ContextTeam.objects.create(platform=platform, context_id="101", team=team)
    return team


@pytest.fixture
def home(transactional_db):
    return setup_site()[0]


@pytest.fixture
def teacher():
    return User(sub="lms-teacher-1", roles=[INSTRUCTOR], given_name="Tiina", family_name="Opettaja")


@pytest.fixture
def student():
    return User(sub="lms-student-7", roles=[LEARNER], given_name="Leo", family_name="Oppija")


def form_of(html: str, marker: str = "") -> tuple[str, dict]:
    """The action and the fields of the first form (whose tag has ``marker``) in ``html``."""
    for tag, inner in re.findall(r"(<form[^>]*>)(.*?)</form>", html, re.S):
        if marker not in tag:
            continue
        action = re.search(r'action="([^"]*)"', tag)
        fields = {}
        for field in re.findall(r"<input[^>]*>", inner):
            name = re.search(r'name="([^"]*)"', field)
            value = re.search(r'value="([^"]*)"', field)
            if name and 'type="radio"' not in field:
                fields[unescape(name.group(1))] = unescape(value.group(1)) if value else ""
        return (unescape(action.group(1)) if action else ""), fields
    raise AssertionError(f"no form {marker!r} in {html[:2000]}")


class Browser:
    """One person's browser: cookies kept, auto-submitting forms followed."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def launch(self, lms: TestPlatform, user: User, message: str) -> requests.Response:
        url = lms.login_initiation_url(user=user, message=message)
        check = self.session.get(url, timeout=10)
        # Kohtaamo first answers with pylti1p3's cookie check page; where cookies
        # work, its script asks again with lti1p3_new_window=1 (what we do here).
        assert check.status_code == 200, check.text
        assert "lti1p3-new-tab-link" in check.text
        auth = self.session.get(url + "&lti1p3_new_window=1", timeout=10)
        assert auth.status_code == 200, auth.text
        action, fields = form_of(auth.text)
        self.last_launch_form = (action, fields)
        return self.session.post(action, data=fields, timeout=20)

    def post_form(self, response: requests.Response, marker="", **fields) -> requests.Response:
        action, hidden = form_of(response.text, marker)
        return self.session.post(
            urljoin(response.url, action) if action else response.url,
            data={**hidden, **fields},
            timeout=20,
            headers={"Referer": response.url},
        )

    def api_post(self, path: str) -> requests.Response:
        token = self.session.cookies.get("csrftoken")
        return self.session.post(
            self.base + path, headers={"X-CSRFToken": token, "Referer": self.base}, timeout=20
        )


@pytest.fixture
def browser(tool):
    return Browser(tool.http)


@pytest.fixture
def another_browser(tool):
    return Browser(tool.http)
