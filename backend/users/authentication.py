"""JWT from an HttpOnly cookie (browsers) or the Authorization header (other clients).

simplejwt reads only the header and never checks CSRF, and DRF checks CSRF only inside
SessionAuthentication. A cookie is sent by the browser on its own, so every unsafe request
authenticated by cookie must also pass Django's CSRF check: that is what this class adds."""

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import CsrfViewMiddleware
from rest_framework import exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

USER_CACHE_SECONDS = 300


def user_cache_key(user_id) -> str:
    return f"auth-user:{user_id}"


def revoked_access_key(jti) -> str:
    """Cache key of an access token ended by logout before its expiry."""
    return f"access-revoked:{jti}"


def bearer_token(request) -> str | None:
    """The token of a well-formed `Authorization: Bearer` header, if there is one."""
    authentication = CookieJWTAuthentication()
    header = authentication.get_header(request)
    if header is None:
        return None
    try:
        raw = authentication.get_raw_token(header)
    except exceptions.AuthenticationFailed:
        return None
    return raw.decode() if raw else None


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


def enforce_csrf(request) -> None:
    """Raise 403 `csrf_failed` unless an unsafe request carries a valid X-CSRFToken.
    Also used by the login and refresh views, which run unauthenticated."""
    django_request = getattr(request, "_request", request)
    check = _CsrfCheck(lambda req: None)
    check.process_request(django_request)
    reason = check.process_view(django_request, None, (), {})
    if reason:
        raise exceptions.PermissionDenied(f"CSRF check failed: {reason}", code="csrf_failed")


class CookieJWTAuthentication(JWTAuthentication):
    def authenticate(self, request):
        header = self.get_header(request)
        if header is not None:
            return super().authenticate(request)  # bearer clients: no cookie, no CSRF
        raw_token = request.COOKIES.get(settings.JWT_ACCESS_COOKIE)
        if not raw_token:
            return None
        validated_token = self.get_validated_token(raw_token.encode())
        user = self.get_user(validated_token)
        enforce_csrf(request)
        return user, validated_token

    def get_validated_token(self, raw_token):
        """Signature and expiry, then the logout denylist (for cookie and bearer tokens alike)."""
        token = super().get_validated_token(raw_token)
        if cache.get(revoked_access_key(token.get(jwt_settings.JTI_CLAIM))):
            raise InvalidToken("Token has been revoked by a logout.")
        return token

    def get_user(self, validated_token):
        """The token's user, from the cache when possible (saved users are evicted by a
        signal), with the active and password-change checks run on every request."""
        key = user_cache_key(validated_token.get(jwt_settings.USER_ID_CLAIM))
        user = cache.get(key)
        if user is None:
            user = super().get_user(validated_token)
            cache.set(key, user, timeout=USER_CACHE_SECONDS)
            return user
        if not user.is_active:
            raise exceptions.AuthenticationFailed("User is inactive", code="user_inactive")
        if validated_token.get(jwt_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
            raise exceptions.AuthenticationFailed("The user's password has been changed.", code="password_changed")
        return user

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
