"""Editors keep scenarios and rubrics in the Wagtail admin."""

import pytest

from tests.factories import UserFactory
from tests.roleplay.conftest import make_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_an_editor_lists_and_opens_scenarios(admin_client):
    scenario = make_scenario()
    listing = admin_client.get("/admin/snippets/roleplay/scenario/")
    assert listing.status_code == 200
    assert scenario.title in listing.content.decode()
    edit = admin_client.get(f"/admin/snippets/roleplay/scenario/edit/{scenario.pk}/")
    assert edit.status_code == 200
    assert "Recorded" in edit.content.decode()  # the twist, inline


def test_an_editor_opens_a_rubric_with_its_criteria(admin_client):
    rubric = make_scenario().rubric
    edit = admin_client.get(f"/admin/snippets/roleplay/rubric/edit/{rubric.pk}/")
    assert edit.status_code == 200
    assert "Naming the feeling" in edit.content.decode()
