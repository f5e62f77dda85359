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
