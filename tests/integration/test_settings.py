"""Settings come from the environment; no secret key lives in the repo and a default one is refused."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SHOW_KEY = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"


def run(tmp_path, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ACTIONPLAN_SECRET")}
    environ |= {"DJANGO_SETTINGS_MODULE": "actionplan.settings", "ACTIONPLAN_DATA_DIR": str(tmp_path)} | env
    return subprocess.run([sys.executable, "-c", SHOW_KEY], capture_output=True, text=True, env=environ)


def test_first_run_generates_a_private_key_and_reuses_it(tmp_path):
    first, second = run(tmp_path), run(tmp_path)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text().strip()
    assert first.stdout.strip() == second.stdout.strip() == key and len(key) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_key_from_the_environment_or_a_file_wins(tmp_path):
    key = "k" * 40
    assert run(tmp_path, ACTIONPLAN_SECRET_KEY=key).stdout.strip() == key
    (tmp_path / "key.txt").write_text("f" * 40 + "\n")
    assert run(tmp_path, ACTIONPLAN_SECRET_KEY_FILE=str(tmp_path / "key.txt")).stdout.strip() == "f" * 40
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("key", ["change-me", "django-insecure-" + "x" * 40, "short"])
def test_a_default_or_short_key_is_refused(tmp_path, key):
    refused = run(tmp_path, ACTIONPLAN_SECRET_KEY=key)
    assert refused.returncode != 0
    assert "ACTIONPLAN_SECRET_KEY is a default or too short" in refused.stderr
