"""Reads the coach's pages need, composed from roleplay's selectors.

Each function costs a fixed number of queries, however many scenarios, people or
events there are: the library and the debrief are tested for it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from wagtail.models import Locale

from people import permissions
from people import selectors as people_selectors
from people.models import Role, Team
from progress.models import Competency
from roleplay import access
from roleplay import selectors as roleplay_selectors
from roleplay.models import Channel, Difficulty, RolePlaySession


def competency_names(competencies) -> dict[str, str]:
    """Names of the given (default-locale) competencies in the active language, by
    slug: one query, where ``competency.localized`` would cost one per competency."""
    keys = {competency.translation_key for competency in competencies}
    names = {competency.slug: competency.name for competency in competencies}
    active = Locale.get_active()
    for competency in Competency.objects.filter(translation_key__in=keys, locale=active):
        names[competency.slug] = competency.name
    return names


@dataclass
class Library:
    """Every scenario in the reader's language, and the competencies they train."""

    scenarios: list
    competencies: list[tuple[str, str]]
    channels: list[tuple[str, str]] = field(default_factory=lambda: list(Channel.choices))
    difficulties: list[tuple[int, str]] = field(default_factory=lambda: list(Difficulty.choices))

    def filtered(
        self, *, channel: str = "", difficulty: int | None = None, competency: str = ""
    ) -> list:
        """The scenarios that match every given filter; an empty filter matches all."""
        return [
            scenario
            for scenario in self.scenarios
            if (not channel or scenario.channel == channel)
            and (not difficulty or scenario.difficulty == difficulty)
            and (not competency or competency in scenario.competency_slugs)
        ]


def scenario_library() -> Library:
    """Scenarios in the reader's language, each with ``competency_names`` in the
    reader's language; three queries however many scenarios there are."""
    scenarios = list(roleplay_selectors.scenarios_for_active_language())
    competencies = {c.slug: c for s in scenarios for c in s.competencies.all()}
    names = competency_names(competencies.values())
    for scenario in scenarios:
        scenario.competency_slugs = [c.slug for c in scenario.competencies.all()]
        scenario.competency_names = [names[slug] for slug in scenario.competency_slugs]
    options = sorted(((slug, names[slug]) for slug in competencies), key=lambda o: o[1])
    return Library(scenarios=scenarios, competencies=options)


def coached_teams(user) -> list[Team]:
    """The teams the user coaches, each with ``members`` (name order): the people who
    can take a role in a session of that team."""
    teams = list(Team.objects.filter(pk__in=permissions.coached_team_ids(user)).order_by("name"))
    members = defaultdict(list)
    for membership in people_selectors.active_members_of(teams=teams):
        members[membership.team_id].append(membership)
    for team in teams:
        team.members = members[team.pk]
        team.learners = [m for m in team.members if m.role == Role.LEARNER]
    return teams


def coach_sessions(*, user) -> list[RolePlaySession]:
    """Sessions the user takes part in, newest first (with ``my_role``)."""
    return list(roleplay_selectors.sessions_of(user=user).select_related("recording")[:20])


def room_participant(*, session: RolePlaySession, user):
    """The user's own participant row in a session fetched with its people, or None:
    only participants can connect to the room, and only while they are in its team."""
    for participant in session.participants.all():
        if participant.user_id == user.pk:
            role_in_team = permissions.role_in(user, session.team_id)
            return participant if access.viewer_now(participant, role_in_team) else None
    return None


def debrief_page(*, session: RolePlaySession, viewer) -> dict[str, Any]:
    """The debrief as the viewer may read it, with every score placed after the last
    transcript line its rater had seen (``at_seq``)."""
    data = roleplay_selectors.debrief(session=session, viewer=viewer)
    names = {criterion["id"]: criterion["name"] for criterion in data["criteria"]}
    lines = [dict(line, scores=[]) for line in data["transcript"] if line["kind"] != "score"]
    before = []
    for score in data["timeline"]:
        score = dict(score, criterion_name=names.get(score["criterion"], ""))
        anchor = None
        for line in lines:
            if line["seq"] <= (score["at_seq"] or 0):
                anchor = line
            else:
                break
        (anchor["scores"] if anchor else before).append(score)
    data["lines"] = lines
    data["scores_before"] = before
    return data
