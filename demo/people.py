"""Demo people: three teams and an editor. Every password is ``kohtaamo-demo``.

"Tiimi Uusi" is the new team: no sessions, no courses, and a learner (``learner5``)
with no progress at all, so that every empty state has someone who sees it.
"""

import functools

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from people.models import Role, Team, User

DEMO_PASSWORD = "kohtaamo-demo"

TEAMS = {
    "Asiakaspalvelu Aurora": [
        ("coach", "Kaisa", "Laine", Role.COACH, "fi"),
        ("manager", "Mikko", "Virtanen", Role.MANAGER, "fi"),
        ("learner", "Aino", "Korhonen", Role.LEARNER, "fi"),
        ("learner2", "Eero", "Mäkinen", Role.LEARNER, "en"),
        ("learner3", "Sanna", "Nieminen", Role.LEARNER, "fi"),
    ],
    "Myymälä Kajo": [
        ("coach2", "Jussi", "Heikkinen", Role.COACH, "fi"),
        ("manager2", "Liisa", "Koskinen", Role.MANAGER, "en"),
        ("learner4", "Oskari", "Järvinen", Role.LEARNER, "en"),
    ],
    "Tiimi Uusi": [
        ("coach3", "Tuuli", "Rantanen", Role.COACH, "fi"),
        # Mikko leads two teams: he has the head-of-service overview.
        ("manager", "Mikko", "Virtanen", Role.MANAGER, "fi"),
        ("learner5", "Ville", "Salo", Role.LEARNER, "en"),
    ],
}
EDITOR = ("editor", "Elina", "Lehtonen", "fi")


def _user(username, first_name, last_name, language, **extra) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "language": language,
            "email": f"{username}@demo.kohtaamo.invalid",
            **extra,
        },
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


@functools.cache
def _demo_password_hash() -> str:
    # One slow hash for all demo accounts: they share the password anyway.
    return make_password(DEMO_PASSWORD)


def seed() -> dict[str, Team]:
    teams = {}
    for team_name, people in TEAMS.items():
        team, _ = Team.objects.get_or_create(name=team_name)
        teams[team_name] = team
        for username, first_name, last_name, role, language in people:
            user = _user(username, first_name, last_name, language)
            team.memberships.update_or_create(user=user, defaults={"role": role})
    username, first_name, last_name, language = EDITOR
    editor = _user(username, first_name, last_name, language)
    editor.groups.add(Group.objects.get(name="Editors"))
    return teams
