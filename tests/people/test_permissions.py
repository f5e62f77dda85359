from people import permissions


def test_roles_are_answered_per_team(make_member, team, django_user_model):
    coach = make_member(team, "coach")
    manager = make_member(team, "manager")
    learner = make_member(team, "learner")
    outsider = django_user_model.objects.create(username="outsider")

    assert permissions.is_coach_of(coach, team)
    assert not permissions.is_coach_of(learner, team)
    assert permissions.manages(manager, team)
    assert not permissions.manages(coach, team)
    assert permissions.is_member_of(learner, team)
    assert not permissions.is_member_of(outsider, team)
    assert permissions.leads_learner(coach, learner)
    assert permissions.leads_learner(manager, learner)
    assert not permissions.leads_learner(learner, coach)
    assert not permissions.leads_learner(outsider, learner)


def test_leading_one_team_gives_nothing_in_another(make_member, team):
    from tests.factories import TeamFactory

    other = TeamFactory()
    coach = make_member(team, "coach")
    stranger = make_member(other, "learner")
    assert not permissions.leads_learner(coach, stranger)
    assert permissions.coached_team_ids(coach) == [team.pk]
    assert permissions.managed_team_ids(coach) == []


def test_a_manager_leads_a_learner_but_only_a_coach_coaches_them(make_member, team):
    coach = make_member(team, "coach")
    manager = make_member(team, "manager")
    learner = make_member(team, "learner")
    peer = make_member(team, "learner")

    assert permissions.coaches_learner(coach, learner)
    assert not permissions.coaches_learner(manager, learner)
    assert not permissions.coaches_learner(peer, learner)
    assert permissions.roles_over(manager, learner) == {"manager"}
    assert permissions.roles_over(peer, learner) == {"learner"}


def test_learners_led_by_a_coach_are_the_learners_of_their_teams_only(make_member, team):
    from tests.factories import TeamFactory

    coach = make_member(team, "coach")
    learner = make_member(team, "learner")
    make_member(team, "manager")
    stranger = make_member(TeamFactory(), "learner")

    led = {row["user_id"] for row in permissions.learners_led_by(coach)}
    assert led == {learner.pk}
    assert stranger.pk not in led
    assert list(permissions.learners_led_by(learner)) == []


def test_a_visitor_who_is_not_signed_in_leads_nobody(make_member, team):
    from django.contrib.auth.models import AnonymousUser

    learner = make_member(team, "learner")
    assert not permissions.leads_learner(AnonymousUser(), learner)
    assert not permissions.coaches_learner(AnonymousUser(), learner)
    assert permissions.roles_over(AnonymousUser(), learner) == set()
