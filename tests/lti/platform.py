"""A small LTI 1.3 platform (an "LMS") on 127.0.0.1, built on PyPI's lti1p3platform.

lti1p3platform gives the platform side of the standard: it answers the tool's OIDC
login with a signed launch, checks the tool's client-credentials JWT against the
tool's JWKS and issues access tokens, and verifies deep-linking responses. It has no
web server and no gradebook, so this module adds a threaded HTTP server with the
endpoints an LMS has (auth, token, JWKS, deep-link return, line items and scores,
course memberships) and keeps the gradebook in memory for the tests to read.
"""

import json
import threading
import uuid
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from jwcrypto.jwk import JWK
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request

from tests.servers import free_port

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


def new_private_key() -> str:
    return (
        JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()
    )


def public_pem(private_pem: str) -> str:
    return JWK.from_pem(private_pem.encode()).export_to_pem().decode()


class _Request(Request):
    def build_metadata(self, request):
        return request


class _Conf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs):
        self._registration = kwargs["registration"]

    def get_registration_by_params(self, **kwargs):
        return self._registration


class _Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs):
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url):
        return url


class _Launch(LTIAdvantageMessageLaunchAbstract):
    def render_launch_form(self, launch_data, **kwargs):
        return launch_data


@dataclass
class User:
    sub: str
    roles: list[str]
    given_name: str = ""
    family_name: str = ""
    email: str = ""


@dataclass
class Link:
    """A resource link the LMS placed in a course (by deep linking)."""

    id: str
    title: str
    custom: dict
    lineitem_id: str | None


@dataclass
class TestPlatform:
    """The platform; ``start()`` serves it, ``url`` is its issuer."""

    __test__ = False  # a peer for tests, not a test class

    tool_url: str
    client_id: str = "kohtaamo-client"
    deployment_id: str = "deployment-1"
    context_id: str = "course-101"
    private_key: str = field(default_factory=new_private_key)
    users: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    lineitems: dict = field(default_factory=dict)
    scores: list = field(default_factory=list)
    pending: dict = field(default_factory=dict)
    down: bool = False
    # "localhost" makes the LMS another site than Kohtaamo on 127.0.0.1, as in real life
    # (so Kohtaamo in its iframe is third party); both are loopback.
    host: str = "127.0.0.1"
    # What the next launch should look like; tests change it to make bad launches.
    tamper: dict = field(default_factory=dict)

    def start(self) -> "TestPlatform":
        self.port = free_port()
        self.url = f"http://{self.host}:{self.port}"
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                platform._handle(self, "GET")

            def do_POST(self):
                platform._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # What the tool's admin enters -------------------------------------------------

    @property
    def registration_fields(self) -> dict:
        return {
            "name": "Test LMS",
            "issuer": self.url,
            "client_id": self.client_id,
            "auth_login_url": f"{self.url}/auth",
            "auth_token_url": f"{self.url}/token",
            "key_set_url": f"{self.url}/jwks",
            "deployment_ids": self.deployment_id,
        }

    def registration(self) -> Registration:
        return (
            Registration()
            .set_iss(self.url)
            .set_client_id(self.client_id)
            .set_deployment_id(self.deployment_id)
            .set_oidc_login_url(f"{self.tool_url}/lti/login/")
            .set_launch_url(f"{self.tool_url}/lti/launch/")
            .set_deeplink_launch_url(f"{self.tool_url}/lti/launch/")
            .set_tool_key_set_url(f"{self.tool_url}/lti/jwks/")
            .set_platform_private_key(self.private_key)
            .set_platform_public_key(public_pem(self.private_key))
        )

    # The browser's first step: the LMS sends it to the tool's login initiation -------

    def login_initiation_url(self, *, user: User, message: str) -> str:
        """``message`` is ``deep-link`` or a link id; it travels as lti_message_hint."""
        self.users[user.sub] = user
        login = _Login(None, self._conf())
        login.set_lti_message_hint(hint=message)
        return login.initiate_login(user.sub)

    # The platform's endpoints -----------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        query = dict(parse_qsl(parts.query))
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        if self.down and parts.path != "/jwks":
            return self._send(handler, 503, {"error": "down for maintenance"})
        route = (method, parts.path.rstrip("/"))
        try:
            if route == ("GET", "/jwks"):
                return self._send(handler, 200, {"keys": self.registration().get_jwks()})
            if route == ("GET", "/auth"):
                return self._auth(handler, query)
            if route == ("POST", "/token"):
                return self._token(handler, dict(parse_qsl(body.decode())))
            if route == ("POST", "/deep-link-return"):
                return self._deep_link_return(handler, dict(parse_qsl(body.decode())))
            if route == ("GET", "/course"):
                return self._course_page(handler, query)
            if route == ("GET", "/memberships"):
                return self._memberships(handler)
            if method == "POST" and parts.path.startswith("/lineitems/"):
                return self._score(handler, parts.path, body)
        except Exception as error:  # shown to the test, which fails on it
            return self._send(handler, 400, {"error": repr(error)})
        return self._send(handler, 404, {"error": "no such endpoint"})

    def _send(self, handler, status: int, payload, content_type="application/json") -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _conf(self) -> _Conf:
        return _Conf(registration=self.registration())

    def _auth(self, handler, query: dict) -> None:
        """The OIDC authentication response: an auto-posting form with the id token."""
        user = self.users[query["login_hint"]]
        launch = _Launch(_Request({"get_data": query, "form_data": {}}), self._conf())
        hint = query.get("lti_message_hint", "")
        launch.set_user_data(
            user.sub,
            user.roles,
            full_name=f"{user.given_name} {user.family_name}".strip() or None,
            email_address=user.email or None,
        )
        launch.set_launch_context_claim(self.context_id, context_title="Service basics 101")
        launch.set_nrps(f"{self.url}/memberships")
        if hint == "deep-link":
            launch.set_dl(f"{self.url}/deep-link-return", accept_types={"ltiResourceLink"})
        else:
            link = self.links[hint]
            launch.set_resource_link_claim(link.id, title=link.title)
            launch.set_custom_parameters_claim(link.custom)
            if link.lineitem_id:
                launch.set_ags(
                    lineitems_url=f"{self.url}/lineitems",
                    lineitem_url=f"{self.url}/lineitems/{link.lineitem_id}",
                    allow_creating_lineitems=False,
                )
        if self.tamper.get("expiration") is not None:
            launch.set_id_token_expiration(self.tamper["expiration"])
        extra = {}
        if user.given_name:
            extra["given_name"] = user.given_name
            extra["family_name"] = user.family_name
        extra.update(self.tamper.get("claims", {}))
        launch.set_extra_claims(extra)
        data = launch.lti_launch()
        id_token = data["id_token"]
        if self.tamper.get("id_token"):
            id_token = self.tamper["id_token"](id_token)
        self.last_launch = {"id_token": id_token, "state": data["state"]}
        html = (
            f'<form id="auto" method="post" action="{data["launch_url"]}">'
            f'<input type="hidden" name="id_token" value="{id_token}">'
            f'<input type="hidden" name="state" value="{data["state"]}">'
            "</form><script>document.getElementById('auto').submit()</script>"
        ).encode()
        self._send(handler, 200, html, "text/html; charset=utf-8")

    def _course_page(self, handler, query: dict) -> None:
        """The LMS course page: Kohtaamo in an iframe, and the platform's storage.

        ``storage=1`` offers LTI Platform Storage: the page answers lti.put_data and
        lti.get_data postMessages from the tool's frame (LTI Client Side postMessages).
        """
        user = self.users[query["sub"]]
        login = self.login_initiation_url(user=user, message=query["link"])
        if query.get("storage") == "1":
            login += "&lti_storage_target=_parent"
        tool_origin = self.tool_url
        html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Service basics 101</title></head><body><h1>Service basics 101</h1>
<iframe name="kohtaamo" title="Kohtaamo" src="{escape(login)}" width="900" height="600"></iframe>
<script>
const store = {{}};
window.addEventListener("message", function (event) {{
  const m = event.data || {{}};
  if (event.origin !== {json.dumps(tool_origin)}) return;
  if (m.subject === "lti.put_data") {{
    store[m.key] = m.value;
    event.source.postMessage({{subject: "lti.put_data.response", message_id: m.message_id,
      key: m.key, value: m.value}}, event.origin);
  }} else if (m.subject === "lti.get_data") {{
    event.source.postMessage({{subject: "lti.get_data.response", message_id: m.message_id,
      key: m.key, value: store[m.key]}}, event.origin);
  }}
}});
</script></body></html>"""
        self._send(handler, 200, html.encode(), "text/html; charset=utf-8")

    def _token(self, handler, form: dict) -> None:
        token = self._conf()
        token.get_registration()
        self._send(handler, 200, token.get_access_token(form))

    def _authorised(self, handler, scope: str) -> bool:
        header = handler.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return False
        conf = self._conf()
        conf.get_registration()
        return conf.validate_token(header.removeprefix("Bearer "), allowed_scopes=[scope])

    def _deep_link_return(self, handler, form: dict) -> None:
        conf = self._conf()
        conf.get_registration()
        items = conf.validate_deeplinking_resp(form)
        placed = []
        for item in items:
            lineitem_id = None
            if item.get("lineItem"):
                lineitem_id = uuid.uuid4().hex[:8]
                self.lineitems[lineitem_id] = {**item["lineItem"], "id": lineitem_id}
            link = Link(
                id=uuid.uuid4().hex[:8],
                title=item.get("title", ""),
                custom=item.get("custom", {}),
                lineitem_id=lineitem_id,
            )
            self.links[link.id] = link
            placed.append(link.id)
        self._send(handler, 200, f"<p>Placed {', '.join(placed)}</p>".encode(), "text/html")

    def _score(self, handler, path: str, body: bytes) -> None:
        if not self._authorised(handler, SCORE_SCOPE):
            return self._send(handler, 401, {"error": "bad token"})
        lineitem_id = path.strip("/").split("/")[1]
        if lineitem_id not in self.lineitems or not path.rstrip("/").endswith("/scores"):
            return self._send(handler, 404, {"error": "no such line item"})
        self.scores.append({"lineitem": lineitem_id, **json.loads(body)})
        self._send(handler, 200, {})

    def _memberships(self, handler) -> None:
        if not self._authorised(handler, NRPS_SCOPE):
            return self._send(handler, 401, {"error": "bad token"})
        members = [
            {
                "status": "Active",
                "user_id": user.sub,
                "roles": user.roles,
                "given_name": user.given_name,
                "family_name": user.family_name,
                "email": user.email,
            }
            for user in self.users.values()
        ]
        self._send(
            handler,
            200,
            {
                "id": f"{self.url}/memberships",
                "context": {"id": self.context_id},
                "members": members,
            },
            "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
        )
