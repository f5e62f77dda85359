"""Editors keep milestones in Wagtail: the snippet editor compiles the criteria."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from progress.models import Milestone, MilestoneTrigger

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.invalid", "pw-123456")
    client.force_login(admin)
    return client


def test_the_milestone_editor_opens(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_progress_milestone:add"))
    assert response.status_code == 200
    assert b"criteria" in response.content


def test_saving_in_the_editor_compiles_rules_and_triggers(admin_client, competencies):
    data = nested_form_data(
        {
            "name": "Empathy in practice",
            "description": "",
            "competency": competencies["empathy"].pk,
            "match": "all",
            "sort_order": 0,
            "criteria": streamfield(
                [
                    ("quiz_passed", {"competency": competencies["empathy"].pk, "min_percent": 80}),
                    ("signed_off", ""),
                ]
            ),
        }
    )
    response = admin_client.post(reverse("wagtailsnippets_progress_milestone:add"), data)
    assert response.status_code == 302, response.content[:2000]
    milestone = Milestone.objects.get(name="Empathy in practice")
    assert [c["type"] for c in milestone.rules["conditions"]] == ["quiz_passed", "signed_off"]
    assert set(
        MilestoneTrigger.objects.filter(milestone=milestone).values_list("key", flat=True)
    ) == {
        f"quiz:{competencies['empathy'].pk}",
        f"signoff:{milestone.pk}",
    }
