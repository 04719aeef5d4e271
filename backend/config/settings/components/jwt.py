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

# Sign-in throttling (users/throttling.py): only failed sign-ins count.
# Per account: from the LOGIN_MAX_FAILURES-th failure on, the next attempt waits LOGIN_DELAY_SECONDS,
# doubled per further failure up to LOGIN_MAX_DELAY_SECONDS; the failures are forgotten
# LOGIN_FAILURE_WINDOW_SECONDS after the last delay ends, or at a successful sign-in.
LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", default=5)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=900)
LOGIN_DELAY_SECONDS = env.int("LOGIN_DELAY_SECONDS", default=30)
LOGIN_MAX_DELAY_SECONDS = env.int("LOGIN_MAX_DELAY_SECONDS", default=900)
# Per client address, whatever the accounts: this many failures in a fixed window, then 429 to
# the end of the window.
LOGIN_ADDRESS_MAX_FAILURES = env.int("LOGIN_ADDRESS_MAX_FAILURES", default=100)
LOGIN_ADDRESS_WINDOW_SECONDS = env.int("LOGIN_ADDRESS_WINDOW_SECONDS", default=600)
