"""Configuration comes from the environment and is safe in production."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(DJANGO_SETTINGS_MODULE="cms.settings.base", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**overrides):
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "kohtaamo.example.com",
        **overrides,
    }


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = run_manage("check", DEBUG="false", ALLOWED_HOSTS="kohtaamo.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_site_without_debug_set_runs_as_production_and_needs_a_secret_key():
    # The operator set the host name but neither DEBUG nor SECRET_KEY: the published
    # laptop key must not be used.
    result = run_manage("check", ALLOWED_HOSTS="kohtaamo.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert "DEBUG=true" in result.stderr


def test_production_settings_are_used_when_debug_is_not_set():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kohtaamo.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["False", "True"]


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_the_laptop_demo_starts_with_debug_alone():
    result = run_manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr
