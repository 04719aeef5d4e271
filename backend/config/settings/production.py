"""Production: no defaults for secrets or services, HTTPS only, secure cookies. Fails loudly, at
start, when a required variable is missing, instead of falling back to the embedded default
(SQLite, the filesystem broker, mail written to files)."""

import os

from django.core.exceptions import ImproperlyConfigured

_REQUIRED = {
    "DATABASE_URL": "the PostgreSQL database (postgres://user:password@host:5432/name); "
    "without it the server would run on a local SQLite file",
    "REDIS_URL": "the Redis server (redis://host:6379/0), the Celery broker, cache and session store; "
    "without it tasks would queue in local files that other hosts never see",
    "SITE_URL": "the address users open the app at (https://p2p.example.com), which every e-mail links to; "
    "without it the links would point at localhost",
    "EMAIL_BACKEND": "how mail is sent (django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST...); "
    "without it mail would be written to files nobody reads",
}
_missing = [name for name in _REQUIRED if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured(
        "The production settings need "
        + ", ".join(_missing)
        + ": "
        + "; ".join(f"{name} is {_REQUIRED[name]}" for name in _missing)
        + "."
    )

from .base import *  # noqa: E402,F403
from .base import env  # noqa: E402

SECRET_KEY = env.str("SECRET_KEY")  # required: ImproperlyConfigured when absent
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DEBUG = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^api/health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
JWT_COOKIE_SECURE = True
