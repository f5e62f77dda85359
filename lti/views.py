"""The LTI 1.3 endpoints: login initiation, launch, deep linking, JWKS, roster sync.

Every launch failure ends on a translated error page (HTTP 400/403) with a log line;
pylti1p3 does the JOSE and the OIDC steps, Kohtaamo checks what it adds on top.
"""

import logging

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
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
from people.permissions import is_coach_of, manages
from roleplay.models import Scenario

from . import claims, keys, selectors, services
from .middleware import SESSION_EMBEDDED
from .models import ContextTeam, Platform
from .services import LaunchError
from .signals import SCORE_MAXIMUM
from .tool_config import DatabaseToolConf

logger = logging.getLogger(__name__)


SESSION_LAUNCH = "lti_launch_id"


def _storage() -> DjangoCacheDataStorage:
    return DjangoCacheDataStorage(cache_name="default")


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
        oidc.validate_oidc_login()
        return oidc.redirect(launch_url)
    except LaunchError as error:
        return error_page(request, error)
    except (LtiException, OIDCException) as error:
        code = "issuer" if "registration" in str(error).lower() else "login"
        return error_page(request, LaunchError(code, str(error)))


@csrf_exempt
@xframe_options_exempt
@never_cache
@require_POST
def launch(request):
    """The signed launch: verify it, sign the person in, land them in the content."""
    try:
        message = KohtaamoLaunch(request, _tool_conf(), launch_data_storage=_storage())
        data = message.get_launch_data()
        platform = Platform.objects.get(issuer=data["iss"], client_id=message.get_client_id())
        launched = services.launch_accept(platform=platform, launch_claims=data)
    except LaunchError as error:
        return error_page(request, error)
    except LtiException as error:
        return error_page(request, LaunchError("claims", str(error)))
    except Platform.DoesNotExist:
        return error_page(request, LaunchError("issuer", "no platform row"))
    login(request, launched.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_EMBEDDED] = platform.origin
    request.session[SESSION_LAUNCH] = message.get_launch_id()
    logger.info(
        "lti launch: platform %s user %s role %s", platform.pk, launched.user.pk, launched.role
    )
    if message.is_deep_link_launch():
        if launched.role != Role.COACH:
            return error_page(request, LaunchError("claims", "deep link by a learner"), 403)
        return redirect("lti:deep-link")
    if launched.role == Role.COACH:
        if launched.team is not None:
            return redirect("manager:dashboard", team_id=launched.team.pk)
        return redirect("coach:home")
    if launched.target is not None:
        return redirect(selectors.target_url(target=launched.target, request=request))
    return redirect("learner:home")


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
    mappings = list(ContextTeam.objects.select_related("platform", "team").filter(team_id=team_id))
    if not mappings or not (is_coach_of(request.user, team_id) or manages(request.user, team_id)):
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
