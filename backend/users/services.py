import logging
import math
import time
import uuid
from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.state import token_backend
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch, get_md5_hash_password

from core.exceptions import ApplicationError
from core.services import audit_record, model_snapshot

from .authentication import revoked_access_key
from .models import Department, User
from .signals import user_deactivated
from .throttling import check_login_allowed, record_login_failure, record_login_success

logger = logging.getLogger(__name__)

# The refresh-token claim naming the sign-in a token descends from (its family).
FAMILY_CLAIM = "fam"

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


def auth_login(*, email: str, password: str, client: str | None) -> tuple[User, TokenPair]:
    """Check the credentials and issue a token pair. Failed sign-ins slow down further attempts
    for the account and, past a higher bar, for the address (429, see users/throttling.py)."""
    check_login_allowed(email=email, client=client)
    user = authenticate(username=email.strip().lower(), password=password)
    if user is None:
        failures = record_login_failure(email=email, client=client)
        logger.info("login failed for %s from %s (%d)", email, client, failures)
        raise ApplicationError("invalid_credentials", "Email or password is incorrect.", status_code=401)
    record_login_success(email=email)
    update_last_login(User, user)
    return user, _issue_tokens(user)


def _issue_tokens(user: User, *, family: str | None = None) -> TokenPair:
    """A sign-in starts a new family; a rotation passes its family on."""
    refresh = RefreshToken.for_user(user)  # records the OutstandingToken
    refresh[FAMILY_CLAIM] = family or uuid.uuid4().hex
    raw = str(refresh)
    # for_user stored the token before it had the claim; the family revocation reads it there.
    OutstandingToken.objects.filter(jti=refresh[jwt_settings.JTI_CLAIM]).update(token=raw)
    return TokenPair(access=str(refresh.access_token), refresh=raw)


class _RefreshReused(Exception):
    """A genuine refresh token presented after it was used (or while it is being used)."""

    def __init__(self, user_id, family: str | None):
        super().__init__(user_id, family)
        self.user_id = user_id
        self.family = family


def _reuse_of(raw: str) -> _RefreshReused | None:
    """Whether a token that failed validation is one of ours, unexpired, that is blacklisted."""
    try:
        payload = token_backend.decode(raw)  # type: ignore[arg-type]  # signature and expiry; the stubs omit str
    except TokenBackendError:
        return None
    if payload.get(jwt_settings.TOKEN_TYPE_CLAIM) != "refresh":
        return None
    if not BlacklistedToken.objects.filter(token__jti=payload.get(jwt_settings.JTI_CLAIM)).exists():
        return None
    return _RefreshReused(payload.get(jwt_settings.USER_ID_CLAIM), payload.get(FAMILY_CLAIM))


def _revoke_family(reuse: _RefreshReused) -> None:
    """Blacklist the live tokens of the reused token's family: whoever holds a copy, the owner
    or the thief, must sign in again. Only the user's live tokens are read, a handful."""
    live = OutstandingToken.objects.none()
    if reuse.family:  # tokens issued before families existed have none
        live = OutstandingToken.objects.filter(
            user_id=reuse.user_id, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
        )
    revoked = [
        BlacklistedToken(token=outstanding)
        for outstanding in live
        if token_backend.decode(outstanding.token, verify=False).get(FAMILY_CLAIM) == reuse.family  # type: ignore[arg-type]
    ]
    BlacklistedToken.objects.bulk_create(revoked, ignore_conflicts=True)
    logger.warning("refresh token reuse for user %s: %d token(s) of its sign-in revoked", reuse.user_id, len(revoked))


def _consume_refresh(raw: str) -> tuple[User, str | None]:
    """Validate a refresh token and blacklist it in one step; answer its user and family. The
    blacklist row is unique per token, so when the same token arrives several times at once
    exactly one insert wins and the others are reuses: a refresh token is single-use even under
    concurrency."""
    try:
        token = RefreshToken(raw)  # type: ignore[arg-type]  # signature, expiry, blacklist; the stubs omit str
    except TokenError as exc:
        reuse = _reuse_of(raw)
        if reuse is not None:
            raise reuse from exc
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
        raise _RefreshReused(user.pk, token.get(FAMILY_CLAIM)) from exc
    return user, token.get(FAMILY_CLAIM)


def auth_refresh(*, refresh: str) -> tuple[User, TokenPair]:
    """Rotate a refresh token. A second use of one means two parties hold it: it is refused and
    its whole family revoked. The old token's blacklisting commits with its successor, so a
    concurrent second use, which waits for that commit, revokes the successor too."""
    try:
        with transaction.atomic():
            user, family = _consume_refresh(refresh)
            return user, _issue_tokens(user, family=family)
    except _RefreshReused as reuse:
        _revoke_family(reuse)
        raise _session_expired() from reuse


def auth_logout(*, refresh: str | None, access: str | None) -> None:
    """Blacklist the refresh token and deny the access token for the rest of its lifetime (it
    would otherwise work until it expires), when they are valid; logging out always succeeds."""
    if access:
        try:
            token = AccessToken(access)  # type: ignore[arg-type]  # the stubs omit str
        except TokenError:
            pass
        else:
            remaining = math.ceil(token["exp"] - time.time())
            cache.set(revoked_access_key(token[jwt_settings.JTI_CLAIM]), True, timeout=max(remaining, 1))
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
    if before["is_active"] and not user.is_active:
        user_deactivated.send(sender=User, user=user, actor=actor)
    return user
