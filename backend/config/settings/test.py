"""Tests: the embedded default, or PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set."""

from .base import *  # noqa: F403
from .base import DATA_DIR, DATABASES

SECRET_KEY = "test-only-secret-key-not-for-any-deployment-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a real Celery worker process sees the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test_db.sqlite3")}

# Tests do not run collectstatic: serve static files without the manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
