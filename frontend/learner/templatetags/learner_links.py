"""Links between the pages of the three kinds of users, and small display helpers."""

from django import template
from django.urls import NoReverseMatch, reverse

from people import permissions
from people import selectors as people_selectors
from people.models import Role
from roleplay.models import ParticipantRole

register = template.Library()


@register.simple_tag
def room_url(session_id: int) -> str:
    """The live room of a session (the coach pages own it), or "" while it is missing."""
    try:
        return reverse("coach:room", args=[session_id])
    except NoReverseMatch:
        return ""


@register.simple_tag
def session_room_url(session) -> str:
    """Where a participant enters ``session``: the review room for a recording review,
    the practice room for a solo practice, else the live room."""
    names = {"review": "coach:review-room", "solo": "learner:practice-room"}
    try:
        return reverse(names.get(session.kind, "coach:room"), args=[session.pk])
    except NoReverseMatch:
        return ""


@register.simple_tag
def coach_home_url() -> str:
    for name in ("coach:home", "coach:index", "coach:scenarios"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


@register.filter
def participant_role(value: str) -> str:
    """A participant role in words: ``{{ session.my_role|participant_role }}``."""
    try:
        return ParticipantRole(value).label
    except ValueError:
        return value


@register.simple_tag(takes_context=True)
def my_roles(context) -> dict:
    """What the signed-in person does in Kohtaamo: ``{% my_roles as roles %}``."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {}
    memberships = list(people_selectors.memberships_of(user=user))
    roles = {membership.role for membership in memberships}
    return {
        "learner": Role.LEARNER in roles,
        "coach": Role.COACH in roles,
        "manager": Role.MANAGER in roles,
        "led_teams": [m.team for m in memberships if m.role in permissions.LEAD_ROLES],
    }
