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


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_laptop_defaults_start_without_any_configuration():
    result = run_manage("check")
    assert result.returncode == 0, result.stderr
