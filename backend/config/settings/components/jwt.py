"""simplejwt: short-lived access tokens, single-use rotating refresh tokens, in cookies."""

from datetime import timedelta

from ..environment import env

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "CHECK_USER_IS_ACTIVE": True,
    # A password change revokes every token issued before it (checked on access and refresh).
    "CHECK_REVOKE_TOKEN": True,
}

# Cookie names and flags for the browser flow (API.md). Production turns on Secure.
JWT_ACCESS_COOKIE = "access_token"
JWT_REFRESH_COOKIE = "refresh_token"
JWT_COOKIE_SECURE = env.bool("JWT_COOKIE_SECURE", default=False)
JWT_COOKIE_SAMESITE = "Lax"
# The refresh cookie is only ever sent to the auth endpoints.
JWT_REFRESH_COOKIE_PATH = "/api/auth/"

# Login failures per (email, client address) before 429, and the window they count in.
LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", default=5)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=900)
