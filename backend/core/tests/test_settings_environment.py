"""The production settings refuse to start without their services, and importing any settings
module writes nothing: each check runs in a fresh interpreter with a clean environment."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "SECRET_KEY": "x" * 64,
    "ALLOWED_HOSTS": "p2p.example.com",
    "DATABASE_URL": "postgres://p2p@127.0.0.1:5432/p2p",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "SITE_URL": "https://p2p.example.com",
}
# Only what an interpreter needs: none of the caller's DATABASE_URL, REDIS_URL, DATA_DIR...
BASE_ENV = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}


def _import_settings(module: str, env: dict[str, str], data_dir) -> subprocess.CompletedProcess:
    """Import the settings module and set Django up on it, in a new interpreter."""
    return subprocess.run(
        [sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = {module!r}; django.setup()"],
        cwd=settings.BACKEND_DIR,
        capture_output=True,
        text=True,
        env={**BASE_ENV, "DATA_DIR": str(data_dir), **env},
        timeout=120,
    )


SERVICES = {"DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND", "SITE_URL"}


@pytest.mark.parametrize("missing", sorted(SERVICES))
def test_production_settings_refuse_to_start_without_a_service(missing, tmp_path):
    env = {name: value for name, value in PRODUCTION.items() if name != missing}
    result = _import_settings("config.settings.production", env, tmp_path / "data")
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: The production settings need "), last_line
    assert missing in last_line
    assert all(name not in last_line for name in SERVICES - {missing})


def test_production_settings_start_with_their_services(tmp_path):
    result = _import_settings("config.settings.production", PRODUCTION, tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.test"])
def test_importing_the_settings_creates_nothing(module, tmp_path):
    data_dir = tmp_path / "fresh"
    before = sorted(path.name for path in settings.BACKEND_DIR.iterdir())
    result = _import_settings(module, {}, data_dir)
    assert result.returncode == 0, result.stderr
    assert not data_dir.exists(), sorted(str(path) for path in data_dir.rglob("*"))
    assert sorted(path.name for path in settings.BACKEND_DIR.iterdir()) == before


def test_prepare_data_dir_makes_the_folders_and_one_key_that_local_settings_read(tmp_path):
    data_dir = tmp_path / "fresh"
    for _ in range(2):  # idempotent: the second run keeps the key
        result = subprocess.run(
            [sys.executable, "manage.py", "prepare_data_dir"],
            cwd=settings.BACKEND_DIR,
            capture_output=True,
            text=True,
            env={**BASE_ENV, "DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings.local"},
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        if _ == 0:
            key = (data_dir / "secret_key").read_text()
    assert (data_dir / "secret_key").read_text() == key and len(key) >= 50
    assert oct((data_dir / "secret_key").stat().st_mode & 0o777) == "0o600"
    for folder in ("broker/queue", "broker/processed", "broker/control", "tmp/uploads", "static", "media"):
        assert (data_dir / folder).is_dir(), folder
    read = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SECRET_KEY)"],
        cwd=settings.BACKEND_DIR,
        capture_output=True,
        text=True,
        env={**BASE_ENV, "DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings.local"},
        timeout=120,
    )
    assert read.stdout.strip() == key
