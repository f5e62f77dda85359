"""The LTI 1.3 endpoints: login initiation, launch, deep linking, JWKS, roster sync.

Every launch failure ends on a translated error page (HTTP 400/403) with a log line;
pylti1p3 does the JOSE and the OIDC steps, Kohtaamo checks what it adds on top.
"""

import logging
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit

import jwt
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.contrib.django import DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.contrib.django.launch_data_storage.cache import DjangoCacheDataStorage
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.lineitem import LineItem

from people.models import Role
from roleplay.models import Scenario

from . import claims, keys, selectors, services
from .middleware import SESSION_EMBEDDED
from .models import Platform
from .services import LaunchError
from .signals import SCORE_MAXIMUM
from .tool_config import DatabaseToolConf

logger = logging.getLogger(__name__)


SESSION_LAUNCH = "lti_launch_id"


class LaunchCache(DjangoCacheDataStorage):
    """pylti1p3's cache storage, never keyed by its own session cookie.

    Inside an iframe whose cookies are blocked that cookie never comes back; state and
    nonce are random, the nonce is used once (services.nonce_use), and the launch id
    lives in the Django session only.
    """

    def get_session_cookie_name(self):
        return None


def _storage() -> LaunchCache:
    return LaunchCache(cache_name="default")


STORAGE_STATE = "lti-platform-storage:{state}"
STORAGE_LIFETIME = 300


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def error_page(request, error: LaunchError, status: int = 400):
    logger.warning(
        "lti launch refused: %s (%s) from %s",
        error.code,
        error.detail,
        request.META.get("REMOTE_ADDR"),
    )
    response = render(
        request,
        "lti/error.html",
        {"message": error.message, "code": error.code},
        status=status,
    )
    response.xframe_options_exempt = True
    return response


class KohtaamoLaunch(DjangoMessageLaunch):
    """pylti1p3's launch, each check named so that a refusal says which one failed."""

    STEPS = (
        ("state", "validate_state"),
        ("format", "validate_jwt_format"),
        ("nonce", "validate_nonce"),
        ("issuer", "validate_registration"),
        ("signature", "validate_jwt_signature"),
        ("deployment", "validate_deployment"),
        ("claims", "validate_message"),
    )

    state_checked_by_platform_storage = False

    def validate_state(self):
        if self.state_checked_by_platform_storage:
            # The state was read back from the platform's storage by this browser's
            # frame (storage_launch.html), and its one-time marker consumed above.
            return self
        return super().validate_state()

    def validate(self):
        if self._restored:
            raise LaunchError("session", "restored launch")
        self._validated = True
        try:
            for code, step in self.STEPS:
                try:
                    getattr(self, step)()
                except LtiException as error:
                    if code == "signature" and "expired" in str(error).lower():
                        code = "expired"
                    raise LaunchError(code, str(error)) from error
            self.save_launch_data()
        except Exception:
            self._validated = False
            raise
        return self


def _tool_conf() -> DatabaseToolConf:
    return DatabaseToolConf()


@csrf_exempt
@xframe_options_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def login_initiation(request):
    """OIDC third-party initiated login: send the browser to the platform's auth URL.

    Inside an iframe whose cookies are blocked, pylti1p3's check page offers to open
    the launch in a new window instead, with the message below.
    """
    target = request.POST.get("target_link_uri") or request.GET.get("target_link_uri")
    launch_url = request.build_absolute_uri(reverse("lti:launch"))
    try:
        oidc = DjangoOIDCLogin(request, _tool_conf(), launch_data_storage=_storage())
        oidc.enable_check_cookies(
            main_msg=_(
                "Your browser blocks the cookies Kohtaamo needs inside this page. "
                "Open Kohtaamo in a new window to continue."
            ),
            click_msg=_("Open in a new window"),
            loading_msg=_("Opening Kohtaamo…"),
        )
        if target and not target.startswith(request.build_absolute_uri("/")):
            raise LaunchError("login", f"target_link_uri {target!r} is not Kohtaamo's")
        # Before the cookie check page, so that an unknown LMS hears so at once.
        registration = oidc.validate_oidc_login()
        storage_target = request.GET.get("lti_storage_target") or request.POST.get(
            "lti_storage_target"
        )
        if storage_target:
            return _storage_login(request, oidc, registration, launch_url, storage_target)
        return oidc.redirect(launch_url)
    except LaunchError as error:
        return error_page(request, error)
    except (LtiException, OIDCException) as error:
        code = "issuer" if "registration" in str(error).lower() else "login"
        return error_page(request, LaunchError(code, str(error)))


def _storage_login(request, oidc, registration, launch_url: str, target: str):
    """LTI Platform Storage: keep the state in the platform's window, not in a cookie.

    https://www.imsglobal.org/spec/lti-cs-oidc/v0p1 — the page puts the state in the
    platform's storage by postMessage, then goes on to the platform's auth URL.
    """
    auth_url = oidc.disable_check_cookies().get_redirect_object(launch_url).get_redirect_url()
    state = dict(parse_qsl(urlsplit(auth_url).query))["state"]
    cache.set(STORAGE_STATE.format(state=state), target[:100], STORAGE_LIFETIME)
    config = {
        "step": "login",
        "target": target,
        "origin": _origin(registration.get_auth_login_url()),
        "key": f"kohtaamo-{state}",
        "value": state,
        "next": auth_url,
    }
    # Where the platform cannot answer: the usual login in a new, first-party window.
    query = [(k, v) for k, v in request.GET.items() if k != "lti_storage_target"]
    window = f"{reverse('lti:login')}?{urlencode([*query, ('lti1p3_new_window', '1')])}"
    response = render(
        request, "lti/storage_login.html", {"config": config, "new_window_url": window}
    )
    response.xframe_options_exempt = True
    return response


def _storage_launch_check(request, state: str, platform_origin: str, target: str):
    """The launch came back without the state cookie: read the state from the platform."""
    config = {
        "step": "launch",
        "target": target,
        "origin": platform_origin,
        "key": f"kohtaamo-{state}",
        "value": state,
        "action": reverse("lti:launch"),
        "fields": {
            "id_token": request.POST.get("id_token", ""),
            "state": state,
            "lti_storage_checked": "1",
        },
    }
    response = render(request, "lti/storage_launch.html", {"config": config})
    response.xframe_options_exempt = True
    return response


@csrf_exempt
@xframe_options_exempt
@never_cache
@require_POST
def launch(request):
    """The signed launch: verify it, sign the person in, land them in the content."""
    state = request.POST.get("state", "")
    storage_target = cache.get(STORAGE_STATE.format(state=state)) if state else None
    storage_flow = storage_target is not None
    if storage_flow and request.POST.get("lti_storage_checked") != "1":
        issuer = _unverified_issuer(request.POST.get("id_token", ""))
        platform = Platform.objects.filter(issuer=issuer).first()
        if platform is None:
            return error_page(request, LaunchError("issuer", f"unknown issuer {issuer!r}"))
        return _storage_launch_check(
            request, state, _origin(platform.auth_login_url), storage_target
        )
    try:
        message = KohtaamoLaunch(request, _tool_conf(), launch_data_storage=_storage())
        if storage_flow:
            # One use: the platform's storage vouched for this state once.
            if not cache.delete(STORAGE_STATE.format(state=state)):
                raise LaunchError("state", "platform storage state already used")
            message.state_checked_by_platform_storage = True
        data = message.get_launch_data()
        platform = Platform.objects.get(issuer=data["iss"], client_id=message.get_client_id())
        launched = services.launch_accept(platform=platform, launch_claims=data)
    except LaunchError as error:
        return error_page(request, error)
    except LtiException as error:
        return error_page(request, LaunchError("claims", str(error)))
    except Platform.DoesNotExist:
        return error_page(request, LaunchError("issuer", "no platform row"))
    logger.info(
        "lti launch: platform %s user %s role %s", platform.pk, launched.user.pk, launched.role
    )
    if message.is_deep_link_launch() and launched.role != Role.COACH:
        return error_page(request, LaunchError("claims", "deep link by a learner"), 403)
    destination = _destination(request, message, launched)
    if storage_flow:
        # This frame's cookies may be blocked, so a session set here may never come
        # back: hand over to a new window (first party), or this frame if cookies work.
        return _continue_page(request, launched.user, platform, message, destination)
    _sign_in(request, launched.user, platform, message.get_launch_id())
    return redirect(destination)


def _destination(request, message, launched) -> str:
    if message.is_deep_link_launch():
        return reverse("lti:deep-link")
    if launched.role == Role.COACH:
        if launched.team is not None:
            return reverse("manager:dashboard", kwargs={"team_id": launched.team.pk})
        return reverse("coach:home")
    if launched.target is not None:
        return selectors.target_url(target=launched.target, request=request)
    return reverse("learner:home")


def _sign_in(request, user, platform: Platform, launch_id: str) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_EMBEDDED] = platform.origin
    request.session[SESSION_LAUNCH] = launch_id


CONTINUE_KEY = "lti-continue:{token}"


def _continue_page(request, user, platform: Platform, message, destination: str):
    token = secrets.token_urlsafe(32)
    cache.set(
        CONTINUE_KEY.format(token=token),
        {
            "user": user.pk,
            "platform": platform.pk,
            "launch": message.get_launch_id(),
            "next": destination,
        },
        STORAGE_LIFETIME,
    )
    response = render(
        request,
        "lti/continue.html",
        {
            "config": {
                "step": "continue",
                "continue": reverse("lti:continue", args=[token]),
                # The attributes this site's session cookie would have in this frame.
                "cookie": "SameSite=None; Secure" if request.is_secure() else "SameSite=Lax",
            }
        },
    )
    response.xframe_options_exempt = True
    return response


@xframe_options_exempt
@never_cache
@require_GET
def continue_launch(request, token: str):
    """Finish a verified launch where cookies work: sign in and go to the content (once)."""
    handed = cache.get(CONTINUE_KEY.format(token=token))
    if handed is None or not cache.delete(CONTINUE_KEY.format(token=token)):
        return error_page(request, LaunchError("session", "unknown or used continue token"))
    user = get_user_model().objects.filter(pk=handed["user"], is_active=True).first()
    platform = Platform.objects.filter(pk=handed["platform"]).first()
    if user is None or platform is None:
        return error_page(request, LaunchError("session", "user or platform gone"))
    _sign_in(request, user, platform, handed["launch"])
    return redirect(handed["next"])


def _unverified_issuer(id_token: str) -> str:
    """The issuer a token claims, read only to find where to ask for the state."""
    try:
        return jwt.decode(id_token, options={"verify_signature": False}).get("iss", "")
    except jwt.PyJWTError:
        return ""


def _restored_launch(request) -> KohtaamoLaunch:
    launch_id = request.session.get(SESSION_LAUNCH)
    if not launch_id:
        raise LaunchError("session", "no launch in the session")
    try:
        return KohtaamoLaunch.from_cache(
            launch_id, request, _tool_conf(), launch_data_storage=_storage()
        )
    except LtiException as error:
        raise LaunchError("session", str(error)) from error


def deep_link_resource(target: selectors.Target, launch_url: str) -> DeepLinkResource:
    """An LTI resource link to ``target`` with a line item for its score."""
    lineitem = (
        LineItem()
        .set_label(target.title)
        .set_score_maximum(SCORE_MAXIMUM)
        .set_tag(f"kohtaamo-{target.kind}")
        .set_resource_id(target.param)
    )
    return (
        DeepLinkResource()
        .set_url(launch_url)
        .set_title(target.title)
        .set_custom_params({claims.TARGET_PARAM: target.param})
        .set_lineitem(lineitem)
    )


@login_required
@xframe_options_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def deep_link(request):
    """The instructor picks a course, module, lesson or solo scenario to place in the LMS."""
    try:
        message = _restored_launch(request)
        if not message.is_deep_link_launch():
            raise LaunchError("claims", "not a deep linking launch")
    except LaunchError as error:
        return error_page(request, error)
    targets = selectors.linkable_targets()
    if request.method == "POST":
        chosen = selectors.target_parse(request.POST.get("target", ""))
        if chosen is None:
            return error_page(request, LaunchError("target", request.POST.get("target", "")))
        resource = deep_link_resource(chosen, request.build_absolute_uri(reverse("lti:launch")))
        html = message.get_deep_link().output_response_form([resource])
        response = HttpResponse(html)
        response.xframe_options_exempt = True
        return response
    return render(request, "lti/deep_link.html", {"targets": targets})


@xframe_options_exempt
@login_required
def practice(request, scenario_id: int):
    """A launch on a solo scenario lands here: one button starts the practice."""
    scenario = get_object_or_404(Scenario, pk=scenario_id)
    if not scenario.solo:
        raise Http404
    return render(request, "lti/practice.html", {"scenario": scenario})


@require_GET
def jwks(request):
    """Kohtaamo's public signing keys, for platforms to verify deep links and tokens."""
    response = JsonResponse(keys.public_keyset())
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def roster(request, team_id: int):
    """A coach brings the team in step with the LMS course roster (NRPS)."""
    mappings = selectors.roster_mappings(team_id=team_id)
    if not selectors.may_sync_roster(user=request.user, team_id=team_id):
        raise PermissionDenied
    if not mappings:
        raise Http404
    synced = None
    failed = False
    if request.method == "POST":
        synced = 0
        for mapping in mappings:
            try:
                synced += services.roster_sync(mapping=mapping)
            except Exception as error:  # the LMS refused or is down
                logger.warning("lti roster sync of %s failed: %s", mapping.pk, error)
                failed = True
    return render(
        request,
        "lti/roster.html",
        {"team": mappings[0].team, "mappings": mappings, "synced": synced, "failed": failed},
    )
