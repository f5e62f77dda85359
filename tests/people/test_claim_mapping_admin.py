"""An administrator edits the claim-to-team mapping in the Wagtail admin."""

import pytest

from people.models import ClaimMapping, Role
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_an_admin_maps_a_group_claim_to_a_team_and_role(admin_client):
    team = TeamFactory(name="Aurora")
    listing = admin_client.get("/admin/snippets/people/claimmapping/")
    assert listing.status_code == 200
    response = admin_client.post(
        "/admin/snippets/people/claimmapping/add/",
        {"claim": "groups", "value": "aurora-coaches", "team": team.pk, "role": Role.COACH},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = ClaimMapping.objects.get()
    assert (rule.claim, rule.value, rule.team, rule.role) == (
        "groups",
        "aurora-coaches",
        team,
        Role.COACH,
    )
    assert (
        "aurora-coaches"
        in admin_client.get("/admin/snippets/people/claimmapping/?q=aurora").content.decode()
    )


def test_a_learner_cannot_edit_the_mapping(client):
    client.force_login(UserFactory(username="plain"))
    response = client.get("/admin/snippets/people/claimmapping/")
    assert response.status_code in (302, 403)
    assert not ClaimMapping.objects.exists()
