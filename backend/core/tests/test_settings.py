"""The production settings pass Django's deployment checks with no warning, the OpenAPI schema
validates (and is the one the web app's types come from), and the demo seed is idempotent."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from purchases.models import Vendor
from users.models import Department, User


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BACKEND_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_zero_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="p2p.example.com",
        DATABASE_URL="postgres://p2p@127.0.0.1:5432/p2p",  # check --deploy does not connect
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        SITE_URL="https://p2p.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "ALLOWED_HOSTS": "p2p.example.com",
        "DATABASE_URL": "postgres://p2p@127.0.0.1:5432/p2p",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SITE_URL": "https://p2p.example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BACKEND_DIR,
        capture_output=True,
        text=True,
        env={k: v for k, v in {**os.environ, **env}.items() if k != "SECRET_KEY"},
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_openapi_schema_validates_without_warnings(tmp_path):
    result = _manage("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr
    # The web app's types are generated from the committed copy (npm run types; checked there
    # by npm run types:check): it must be this schema.
    committed = (settings.REPO_DIR / "frontend" / "openapi.yaml").read_text()
    assert committed == (tmp_path / "schema.yaml").read_text(), (
        "frontend/openapi.yaml is stale: cd backend && ../.venv/bin/python manage.py spectacular "
        "--file ../frontend/openapi.yaml && cd ../frontend && npm run types"
    )


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_builds_the_org():
    call_command("seed_demo")
    counts = (User.objects.count(), Department.objects.count(), Vendor.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Department.objects.count(), Vendor.objects.count()) == counts
    assert counts[0] == 6 and counts[1] >= 2 and counts[2] >= 3  # one per role, and a second finance user
    requester = User.objects.get(email="requester@example.com")
    approver, finance = requester.manager, requester.manager.manager
    assert (approver.email, approver.approval_limit) == ("approver@example.com", 5000)
    assert (finance.email, finance.role, finance.approval_limit) == ("finance@example.com", "finance", 100000)
    for user in User.objects.all():
        assert user.check_password(settings.DEMO_PASSWORD)
