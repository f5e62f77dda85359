"""The demo accounts share a published password: seed_demo refuses a production site."""

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from people.models import User

ROOT = Path(__file__).resolve().parents[2]


def test_seed_demo_refuses_a_site_without_debug_and_creates_nobody(tmp_path):
    database = tmp_path / "production.sqlite3"
    sqlite3.connect(database).close()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.base",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kohtaamo.example.com",
        DATABASE_URL=f"sqlite:///{database}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Refusing to seed the demo: DEBUG is off" in result.stderr
    assert "--force" in result.stderr
    with sqlite3.connect(database) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == []


@pytest.mark.django_db
@override_settings(SEED_DEMO_ALLOWED=False)
def test_seed_demo_with_force_seeds_a_site_without_debug():
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not User.objects.filter(username="coach").exists()
    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert User.objects.filter(username="coach").exists()
