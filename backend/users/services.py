import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework import status
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch, get_md5_hash_password

from core.exceptions import ApplicationError
from core.services import audit_record, model_snapshot

from .models import Department, User

logger = logging.getLogger(__name__)

USER_AUDIT_FIELDS = [
    "email",
    "full_name",
    "role",
    "department",
    "manager",
    "spending_limit",
    "approval_limit",
    "is_active",
]


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def _session_expired() -> ApplicationError:
    return ApplicationError("token_not_valid", "Your session is not valid or has expired. Sign in again.", status_code=401)


def _failure_key(email: str, client: str | None) -> str:
    return f"login-failures:{email.strip().lower()}:{client or '-'}"


def auth_login(*, email: str, password: str, client: str | None) -> tuple[User, TokenPair]:
    """Check the credentials and issue a token pair. Repeated failures for one email from one
    client address are refused with 429 for a while (brute-force protection)."""
    key = _failure_key(email, client)
    failures = cache.get(key, 0)
    if failures >= settings.LOGIN_MAX_FAILURES:
        raise ApplicationError(
            "too_many_attempts",
            "Too many failed sign-in attempts. Try again later.",
            status_code=status.HTTP_429_TOO_MANY_REQUESTS,
        )
    user = authenticate(username=email.strip().lower(), password=password)
    if user is None:
        cache.set(key, failures + 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        logger.info("login failed for %s from %s (%d)", email, client, failures + 1)
        raise ApplicationError("invalid_credentials", "Email or password is incorrect.", status_code=401)
    cache.delete(key)
    update_last_login(User, user)
    return user, _issue_tokens(user)


def _issue_tokens(user: User) -> TokenPair:
    refresh = RefreshToken.for_user(user)  # records the OutstandingToken
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def _consume_refresh(raw: str) -> User:
    """Validate a refresh token and blacklist it in one step. The blacklist row is unique per
    token, so when the same token arrives several times at once exactly one insert wins and the
    others are refused: a refresh token is single-use even under concurrency."""
    try:
        token = RefreshToken(raw)  # type: ignore[arg-type]  # signature, expiry, blacklist; the stubs omit str
    except TokenError as exc:
        raise _session_expired() from exc
    user = User.objects.filter(pk=token.payload.get("user_id", 0)).first()
    if user is None or not user.is_active:
        raise _session_expired()
    if token.payload.get(jwt_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
        raise _session_expired()  # the password changed since this token was issued
    jti = token.payload["jti"]
    try:
        with transaction.atomic():
            outstanding, _ = OutstandingToken.objects.get_or_create(
                jti=jti,
                defaults={"user": user, "token": raw, "expires_at": datetime_from_epoch(token.payload["exp"])},
            )
            BlacklistedToken.objects.create(token=outstanding)
    except IntegrityError as exc:
        logger.warning("refresh token reuse refused for user %s", user.pk)
        raise _session_expired() from exc
    return user


def auth_refresh(*, refresh: str) -> tuple[User, TokenPair]:
    user = _consume_refresh(refresh)
    return user, _issue_tokens(user)


def auth_logout(*, refresh: str | None) -> None:
    """Blacklist the refresh token if there is a valid one; logging out always succeeds."""
    if not refresh:
        return
    try:
        RefreshToken(refresh).blacklist()  # type: ignore[arg-type]  # the stubs omit str
    except TokenError:
        return
    except IntegrityError:
        return  # already blacklisted by a concurrent logout


DEPARTMENT_AUDIT_FIELDS = ["name", "code", "annual_budget", "manager"]


@transaction.atomic
def department_create(*, actor: User, **fields) -> Department:
    department = Department(**fields)
    department.full_clean()
    department.save()
    audit_record(
        actor=actor, action="department.create", instance=department, after=model_snapshot(department, DEPARTMENT_AUDIT_FIELDS)
    )
    return department


@transaction.atomic
def department_update(*, actor: User, department: Department, **fields) -> Department:
    department = Department.objects.select_for_update().get(pk=department.pk)
    before = model_snapshot(department, DEPARTMENT_AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(department, name, value)
    department.full_clean()
    department.save()
    after = model_snapshot(department, DEPARTMENT_AUDIT_FIELDS)
    audit_record(actor=actor, action="department.update", instance=department, before=before, after=after)
    return department


def _set_password(user: User, password: str) -> None:
    """Apply AUTH_PASSWORD_VALIDATORS before hashing; the user's other fields are set first so
    the similarity check compares the password with the email and name being saved."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)


@transaction.atomic
def user_create(*, actor: User, password: str, **fields) -> User:
    user = User(**fields)
    _set_password(user, password)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action="user.create", instance=user, after=model_snapshot(user, USER_AUDIT_FIELDS))
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **fields) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    before = model_snapshot(user, USER_AUDIT_FIELDS)
    password = fields.pop("password", None)
    for name, value in fields.items():
        setattr(user, name, value)
    if password:
        _set_password(user, password)  # also revokes the user's tokens (CHECK_REVOKE_TOKEN)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action="user.update", instance=user, before=before, after=model_snapshot(user, USER_AUDIT_FIELDS))
    return user
