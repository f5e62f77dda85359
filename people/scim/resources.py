"""People and teams as SCIM resources (RFC 7643), built with scim2-models.

Only what Kohtaamo keeps is published in /Schemas: a directory (and the checker)
then sends what we store and reads back what it sent. Attributes we do not keep
(displayName, phone numbers, addresses …) are accepted and ignored on input.
"""

from django.conf import settings
from django.db.models import Q
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser
from scim2_filter_parser.transpilers.django_q_object import Transpiler, attr_map_with_lower_keys
from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Email,
    ETag,
    Filter,
    Group,
    GroupMember,
    GroupMembership,
    Meta,
    Name,
    Patch,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    Sort,
    User,
)

from people.models import Team
from people.models import User as Person

SCIM_CONTENT_TYPE = "application/scim+json"
MAX_PAGE = 200

# What a User keeps: top-level attribute → the sub-attributes kept (None: all of them).
USER_ATTRIBUTES = {
    "userName": None,
    "name": {"givenName", "familyName"},
    "emails": {"value"},
    "active": None,
    "groups": None,
}

GROUP_ATTRIBUTES = {"displayName": None, "members": {"value", "$ref", "type"}}

USER_FILTERS = attr_map_with_lower_keys(
    {
        ("id", None, None): "pk",
        ("userName", None, None): "username",
        ("externalId", None, None): "external_id",
        ("active", None, None): "is_active",
        ("emails", None, None): "email",
        ("emails", "value", None): "email",
        ("name", "givenName", None): "first_name",
        ("name", "familyName", None): "last_name",
        ("meta", "created", None): "date_joined",
        ("meta", "lastModified", None): "updated_at",
    }
)
GROUP_FILTERS = attr_map_with_lower_keys(
    {
        ("id", None, None): "pk",
        ("displayName", None, None): "name",
        ("externalId", None, None): "external_id",
        ("members", None, None): "memberships__user_id",
        ("members", "value", None): "memberships__user_id",
        ("meta", "created", None): "created_at",
        ("meta", "lastModified", None): "updated_at",
    }
)


class FilterError(ValueError):
    """A filter that names an attribute we cannot search, or that does not parse."""


class _StrictTranspiler(Transpiler):
    # The library drops a comparison on an unknown attribute, which would widen the
    # result to everyone; an unknown attribute is the client's error instead.
    def visit_AttrPath(self, node):
        mapped = super().visit_AttrPath(node)
        if mapped is None:
            raise FilterError(f"Filtering on {node.attr_name} is not supported.")
        return mapped


def filter_query(expression: str, attr_map) -> Q:
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(expression))
        query = _StrictTranspiler(attr_map).transpile(tree)
    except FilterError:
        raise
    except Exception as exc:  # the parser raises several kinds, all a bad filter
        raise FilterError(f"The filter could not be read: {exc}") from exc
    if query is None:
        raise FilterError("The filter could not be read.")
    return query


def version_of(obj) -> str:
    return f'W/"{int(obj.updated_at.timestamp() * 1_000_000)}"'


def _meta(resource_type: str, obj, *, created, base: str) -> Meta:
    """The ``meta`` of a User (a person) or a Group (a team): where it lives, when it
    was made and changed, and its version for ``If-Match``."""
    return Meta(
        resource_type=resource_type,
        created=created,
        last_modified=obj.updated_at,
        location=f"{base}/{resource_type}s/{obj.pk}",
        version=version_of(obj),
    )


def user_resource(person: Person, base: str) -> User:
    """A person as a SCIM User, with the teams they are in as read-only groups."""
    memberships = person.memberships.select_related("team").order_by("team__name")
    resource = User(
        id=str(person.pk),
        external_id=person.external_id or None,
        user_name=person.username,
        name=Name(given_name=person.first_name or None, family_name=person.last_name or None)
        if person.first_name or person.last_name
        else None,
        active=person.is_active,
        groups=[
            GroupMembership(
                value=str(m.team_id), display=m.team.name, ref=f"{base}/Groups/{m.team_id}"
            )
            for m in memberships
        ]
        or None,
        meta=_meta("User", person, created=person.date_joined, base=base),
    )
    if person.email:
        # Stored addresses passed Django's check when saved; scim2-models' stricter
        # one (no reserved domains) must not make a person unreadable or unpatchable.
        resource.emails = [Email.model_construct(value=person.email)]
    return resource


def group_resource(team: Team, base: str) -> Group:
    """A team as a SCIM Group: its active members, whatever their role."""
    memberships = team.memberships.filter(user__is_active=True)
    return Group(
        id=str(team.pk),
        external_id=team.external_id or None,
        display_name=team.name,
        members=[
            GroupMember(value=str(m.user_id), ref=f"{base}/Users/{m.user_id}", type="User")
            for m in memberships.order_by("user_id")
        ]
        or None,
        meta=_meta("Group", team, created=team.created_at, base=base),
    )


def _trim(schema: Schema, keep: dict) -> Schema:
    attributes = []
    for attribute in schema.attributes or []:
        if attribute.name not in keep:
            continue
        subs = keep[attribute.name]
        if subs is not None and attribute.sub_attributes:
            attribute.sub_attributes = [a for a in attribute.sub_attributes if a.name in subs]
        attributes.append(attribute)
    schema.attributes = attributes
    return schema


def schemas(base: str) -> list[Schema]:
    user = _trim(User.to_schema(), USER_ATTRIBUTES)
    group = _trim(Group.to_schema(), GROUP_ATTRIBUTES)
    for schema in (user, group):
        schema.meta = Meta(resource_type="Schema", location=f"{base}/Schemas/{schema.id}")
    return [user, group]


def resource_types(base: str) -> list[ResourceType]:
    types = []
    for model, name in ((User, "User"), (Group, "Group")):
        resource_type = ResourceType.from_resource(model)
        resource_type.meta = Meta(
            resource_type="ResourceType", location=f"{base}/ResourceTypes/{name}"
        )
        types.append(resource_type)
    return types


def service_provider_config(base: str) -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=f"{settings.SITE_URL.rstrip('/')}/docs/operations",
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_PAGE),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=True),
        authentication_schemes=[
            AuthenticationScheme(
                type="oauthbearertoken",
                name="Bearer token",
                description="A token made with `manage.py scim_token create NAME`.",
                primary=True,
            )
        ],
        meta=Meta(resource_type="ServiceProviderConfig", location=f"{base}/ServiceProviderConfig"),
    )
