"""The SCIM 2.0 service provider (RFC 7644) at /scim/v2/, for the company directory.

Plain Django views, not DRF: SCIM has its own media type, error body and bearer
tokens, and none of the site's session or CSRF rules apply to a directory client.
scim2-models parses, validates, patches and serialises; these views authorise,
call one service and answer. Every refusal is a SCIM Error and changes nothing.
"""

import json
import logging

from django.db import transaction
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from scim2_models import (
    Context,
    Error,
    Group,
    InvalidFilterException,
    InvalidSyntaxException,
    InvalidValueException,
    ListResponse,
    NotFoundException,
    PatchOp,
    PreconditionFailedException,
    ResponseParameters,
    SCIMException,
    User,
)

from people.models import Team
from people.models import User as Person

from . import resources, services

logger = logging.getLogger(__name__)


def scim_response(payload: dict | None, status: int = 200, headers: dict | None = None):
    body = b"" if payload is None else json.dumps(payload, default=str).encode()
    response = HttpResponse(body, status=status, content_type=resources.SCIM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def error_response(status: int, detail: str, scim_type: str | None = None, headers=None):
    error = Error(status=status, scim_type=scim_type, detail=detail)
    return scim_response(error.model_dump(), status=status, headers=headers)


@csrf_exempt
def not_found(request, *args, **kwargs):
    return error_response(404, "No such SCIM endpoint.")


@method_decorator(csrf_exempt, name="dispatch")
class ScimView(View):
    """Bearer-token check, JSON body parsing and SCIM error bodies for every endpoint."""

    http_method_names = ["get", "post", "put", "patch", "delete"]

    def dispatch(self, request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            return self.unauthorised("A bearer token is required.")
        if services.scim_token_check(raw=raw.strip()) is None:
            return self.unauthorised("The bearer token is not valid.")
        self.base = request.build_absolute_uri("/scim/v2").rstrip("/")
        if request.method.lower() not in self.http_method_names or not hasattr(
            self, request.method.lower()
        ):
            return error_response(405, f"{request.method} is not supported here.")
        try:
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        except SCIMException as exc:
            error = exc.to_error()
            return scim_response(error.model_dump(), status=error.status or 400)
        except ValidationError as exc:
            errors = Error.from_validation_errors(exc)
            error = errors[0] if errors else Error(status=400, detail=str(exc))
            return scim_response(error.model_dump(), status=400)
        except services.Conflict as exc:
            return error_response(409, str(exc), "uniqueness")

    def unauthorised(self, detail: str):
        return error_response(401, detail, headers={"WWW-Authenticate": 'Bearer realm="scim"'})

    def body(self) -> dict:
        try:
            data = json.loads(self.request.body or b"{}")
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidSyntaxException(detail="The body is not valid JSON.") from exc
        if not isinstance(data, dict):
            raise InvalidSyntaxException(detail="The body must be a JSON object.")
        return data

    def parameters(self, model, attributes=None, excluded=None) -> ResponseParameters:
        if attributes is None and excluded is None:
            attributes = self.request.GET.get("attributes")
            excluded = self.request.GET.get("excludedAttributes")
        return ResponseParameters[model].model_validate(
            {"attributes": attributes, "excludedAttributes": excluded}
        )

    def page(self, start, count) -> tuple[int, int]:
        try:
            start = max(int(start), 1)
            count = int(count)
        except (TypeError, ValueError) as exc:
            raise InvalidValueException(detail="startIndex and count must be numbers.") from exc
        return start, min(max(count, 0), resources.MAX_PAGE)

    def check_precondition(self, obj) -> None:
        expected = self.request.headers.get("If-Match")
        if expected and expected != "*" and expected != resources.version_of(obj):
            raise PreconditionFailedException(detail="The resource has changed since it was read.")

    def one(self, resource, status: int = 200, context=Context.RESOURCE_QUERY_RESPONSE):
        payload = resource.model_dump(
            scim_ctx=context, response_parameters=self.parameters(type(resource))
        )
        headers = {"ETag": resource.meta.version, "Location": resource.meta.location}
        if (
            context == Context.RESOURCE_QUERY_RESPONSE
            and self.request.headers.get("If-None-Match") == resource.meta.version
        ):
            return scim_response(None, status=304, headers=headers)
        return scim_response(payload, status=status, headers=headers)

    def listing(self, model, queryset, to_resource, attr_map, search: dict | None = None):
        """One page of resources, from query parameters or a POSTed SearchRequest."""
        if search is None:
            query = self.request.GET
            expression = query.get("filter")
            start, count = self.page(query.get("startIndex", 1), query.get("count", 100))
            parameters = self.parameters(
                model, query.get("attributes"), query.get("excludedAttributes")
            )
        else:
            expression = search.get("filter")
            start, count = self.page(search.get("startIndex", 1), search.get("count", 100))
            parameters = self.parameters(
                model, search.get("attributes"), search.get("excludedAttributes")
            )
        if expression:
            try:
                queryset = queryset.filter(resources.filter_query(str(expression), attr_map))
            except (resources.FilterError, ValueError) as exc:
                raise InvalidFilterException(detail=str(exc)) from exc
        queryset = queryset.distinct().order_by("pk")
        try:
            total = queryset.count()
            page = list(queryset[start - 1 : start - 1 + count]) if count else []
        except (ValueError, TypeError) as exc:
            detail = "A value in the filter has the wrong type."
            raise InvalidFilterException(detail=detail) from exc
        listing = ListResponse[model](
            total_results=total,
            start_index=start,
            items_per_page=len(page),
            resources=[to_resource(obj, self.base) for obj in page],
        )
        return scim_response(
            listing.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=parameters)
        )

    def search_body(self) -> dict:
        body = self.body()
        if SEARCH_REQUEST not in (body.get("schemas") or []):
            raise InvalidSyntaxException(detail=f"A search must name the {SEARCH_REQUEST} schema.")
        return body


SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"


def _user_data(resource: User) -> dict:
    emails = resource.emails or []
    primary = next((e for e in emails if e.primary), emails[0] if emails else None)
    return {
        "user_name": resource.user_name,
        "external_id": resource.external_id,
        "given_name": resource.name.given_name if resource.name else None,
        "family_name": resource.name.family_name if resource.name else None,
        "email": primary.value if primary else None,
        "active": resource.active,
        "preferred_language": resource.preferred_language or resource.locale,
    }


class UsersView(ScimView):
    def queryset(self):
        return Person.objects.filter(deprovisioned_at__isnull=True)

    def person(self, user_id: str) -> Person:
        person = self.queryset().filter(pk=int(user_id)).first() if user_id.isdigit() else None
        if person is None:
            raise NotFoundException(detail=f"User {user_id} not found.")
        return person

    def get(self, request, user_id: str | None = None):
        if user_id is None:
            return self.listing(
                User, self.queryset(), resources.user_resource, resources.USER_FILTERS
            )
        return self.one(resources.user_resource(self.person(user_id), self.base))

    def post(self, request, user_id: str | None = None):
        if user_id == ".search":
            return self.listing(
                User,
                self.queryset(),
                resources.user_resource,
                resources.USER_FILTERS,
                search=self.search_body(),
            )
        if user_id is not None:
            return error_response(405, "POST a new User to /Users.")
        resource = User.model_validate(self.body(), scim_ctx=Context.RESOURCE_CREATION_REQUEST)
        person = services.scim_user_write(user=None, data=_user_data(resource))
        return self.one(
            resources.user_resource(person, self.base),
            status=201,
            context=Context.RESOURCE_CREATION_RESPONSE,
        )

    def put(self, request, user_id: str | None = None):
        person = self.person(user_id or "")
        self.check_precondition(person)
        resource = User.model_validate(self.body(), scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
        person = services.scim_user_write(user=person, data=_user_data(resource))
        return self.one(
            resources.user_resource(person, self.base),
            context=Context.RESOURCE_REPLACEMENT_RESPONSE,
        )

    def patch(self, request, user_id: str | None = None):
        person = self.person(user_id or "")
        self.check_precondition(person)
        operations = PatchOp[User].model_validate(
            self.body(), scim_ctx=Context.RESOURCE_PATCH_REQUEST
        )
        resource = resources.user_resource(person, self.base)
        if operations.patch(resource):
            person = services.scim_user_write(user=person, data=_user_data(resource))
            resource = resources.user_resource(person, self.base)
        return self.one(resource, context=Context.RESOURCE_PATCH_RESPONSE)

    def delete(self, request, user_id: str | None = None):
        person = self.person(user_id or "")
        self.check_precondition(person)
        services.scim_user_delete(user=person)
        return scim_response(None, status=204)


def _member_ids(resource: Group) -> list[int]:
    ids = []
    for member in resource.members or []:
        value = str(member.value or "")
        if member.type not in (None, "User") or not value.isdigit():
            raise InvalidValueException(detail=f"Member {value} is not a User of this service.")
        ids.append(int(value))
    known = set(
        Person.objects.filter(pk__in=ids, deprovisioned_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    missing = [i for i in ids if i not in known]
    if missing:
        raise InvalidValueException(detail=f"No User with id {missing[0]}.")
    return ids


class GroupsView(ScimView):
    def queryset(self):
        return Team.objects.filter(deprovisioned_at__isnull=True)

    def team(self, group_id: str) -> Team:
        team = self.queryset().filter(pk=int(group_id)).first() if group_id.isdigit() else None
        if team is None:
            raise NotFoundException(detail=f"Group {group_id} not found.")
        return team

    def get(self, request, group_id: str | None = None):
        if group_id is None:
            return self.listing(
                Group, self.queryset(), resources.group_resource, resources.GROUP_FILTERS
            )
        return self.one(resources.group_resource(self.team(group_id), self.base))

    def _write(self, team, resource: Group):
        return services.scim_group_write(
            team=team,
            name=resource.display_name,
            external_id=resource.external_id,
            member_ids=_member_ids(resource),
        )

    def post(self, request, group_id: str | None = None):
        if group_id == ".search":
            return self.listing(
                Group,
                self.queryset(),
                resources.group_resource,
                resources.GROUP_FILTERS,
                search=self.search_body(),
            )
        if group_id is not None:
            return error_response(405, "POST a new Group to /Groups.")
        resource = Group.model_validate(self.body(), scim_ctx=Context.RESOURCE_CREATION_REQUEST)
        team = self._write(None, resource)
        return self.one(
            resources.group_resource(team, self.base),
            status=201,
            context=Context.RESOURCE_CREATION_RESPONSE,
        )

    def put(self, request, group_id: str | None = None):
        team = self.team(group_id or "")
        self.check_precondition(team)
        resource = Group.model_validate(self.body(), scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
        team = self._write(team, resource)
        return self.one(
            resources.group_resource(team, self.base),
            context=Context.RESOURCE_REPLACEMENT_RESPONSE,
        )

    def patch(self, request, group_id: str | None = None):
        team = self.team(group_id or "")
        self.check_precondition(team)
        operations = PatchOp[Group].model_validate(
            self.body(), scim_ctx=Context.RESOURCE_PATCH_REQUEST
        )
        resource = resources.group_resource(team, self.base)
        if operations.patch(resource):
            if not resource.display_name:
                raise InvalidValueException(detail="A Group needs a displayName.")
            team = self._write(team, resource)
            team.refresh_from_db()
            resource = resources.group_resource(team, self.base)
        return self.one(resource, context=Context.RESOURCE_PATCH_RESPONSE)

    def delete(self, request, group_id: str | None = None):
        team = self.team(group_id or "")
        self.check_precondition(team)
        services.scim_group_delete(team=team)
        return scim_response(None, status=204)


class RootSearchView(ScimView):
    """``POST /.search``: Users and Groups that match, Users first (RFC 7644 §3.4.3)."""

    def post(self, request):
        search = self.search_body()
        expression = search.get("filter")
        start, count = self.page(search.get("startIndex", 1), search.get("count", 100))
        kinds = (
            (User, UsersView().queryset(), resources.user_resource, resources.USER_FILTERS),
            (Group, GroupsView().queryset(), resources.group_resource, resources.GROUP_FILTERS),
        )
        matched, problems = [], []
        for model, queryset, to_resource, attr_map in kinds:
            if expression:
                try:
                    queryset = queryset.filter(resources.filter_query(str(expression), attr_map))
                except (resources.FilterError, ValueError) as exc:
                    problems.append(str(exc))
                    continue
            matched.append((model, queryset.distinct().order_by("pk"), to_resource))
        if not matched:
            raise InvalidFilterException(detail=problems[0])
        total = sum(queryset.count() for _model, queryset, _to in matched)
        found, skip = [], start - 1
        for model, queryset, to_resource in matched:
            size = queryset.count()
            if skip >= size:
                skip -= size
                continue
            for obj in queryset[skip : skip + count - len(found)]:
                found.append((model, to_resource(obj, self.base)))
            skip = 0
            if len(found) >= count:
                break
        payload = ListResponse[User | Group](
            total_results=total, start_index=start, items_per_page=len(found)
        ).model_dump(scim_ctx=Context.SEARCH_RESPONSE)
        payload["Resources"] = [
            resource.model_dump(
                scim_ctx=Context.SEARCH_RESPONSE,
                response_parameters=self.parameters(
                    model, search.get("attributes"), search.get("excludedAttributes")
                ),
            )
            for model, resource in found
        ]
        return scim_response(payload)


class ServiceProviderConfigView(ScimView):
    def get(self, request):
        config = resources.service_provider_config(self.base)
        return scim_response(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


class ResourceTypesView(ScimView):
    def get(self, request, name: str | None = None):
        types = resources.resource_types(self.base)
        if name is None:
            listing = ListResponse[type(types[0])](
                total_results=len(types), start_index=1, items_per_page=len(types), resources=types
            )
            return scim_response(listing.model_dump(scim_ctx=Context.SEARCH_RESPONSE))
        for resource_type in types:
            if resource_type.id == name or resource_type.name == name:
                return scim_response(
                    resource_type.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
                )
        raise NotFoundException(detail=f"ResourceType {name} not found.")


class SchemasView(ScimView):
    def get(self, request, schema_id: str | None = None):
        schemas = resources.schemas(self.base)
        if schema_id is None:
            listing = ListResponse[type(schemas[0])](
                total_results=len(schemas),
                start_index=1,
                items_per_page=len(schemas),
                resources=schemas,
            )
            return scim_response(listing.model_dump(scim_ctx=Context.SEARCH_RESPONSE))
        for schema in schemas:
            if schema.id == schema_id:
                return scim_response(schema.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
        raise NotFoundException(detail=f"Schema {schema_id} not found.")
