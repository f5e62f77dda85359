"""Where a person lands after signing in: their own work, not a generic front page.

``LOGIN_REDIRECT_URL`` names the view below, so every way of signing in (the login
form, single sign-on) ends on the same start. A ``next`` parameter still wins.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse

from courses import selectors as course_selectors
from people import selectors as people_selectors
from people.models import Role


def landing_url(*, user, request=None) -> str:
    """A coach's sessions; a manager's team dashboard (the overview when they manage several);
    a learner's course with its next lesson (their path when they have several); the
    CMS for an editor; the front page for anyone else."""
    memberships = list(people_selectors.memberships_of(user=user))
    roles = {membership.role for membership in memberships}
    if Role.COACH in roles:
        return reverse("coach:home")
    managed = [m.team for m in memberships if m.role == Role.MANAGER]
    if len(managed) == 1:
        return reverse("manager:dashboard", args=[managed[0].pk])
    if managed:
        return reverse("manager:overview")
    if Role.LEARNER in roles:
        courses = course_selectors.my_courses(learner=user, request=request)
        if len(courses) == 1 and courses[0].ref.url:
            return courses[0].ref.url
        return reverse("learner:home")
    if user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return "/"


@login_required
def start(request):
    """Send the signed-in person to their own start page."""
    return redirect(landing_url(user=request.user, request=request))
