"""Sign-in throttling, in the cache. Only failed sign-ins count, so the colleagues of an office
that signs in through one address never slow each other down:

- per account, from the LOGIN_MAX_FAILURES-th failure on, the next attempt must wait a delay that
  doubles with each further failure up to a cap: guessing one password from many addresses is
  slowed, and someone failing on purpose keeps a colleague out for at most the cap;
- per client address, a much higher bar of failures in a fixed window, whatever the accounts:
  one machine guessing many accounts.

Attempts refused with 429 are not checked and do not count."""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.exceptions import Throttled


def clock() -> float:
    """The current time, for the delays (tests replace it; the cache expires entries on its own)."""
    return time.time()


def _account(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _failures_key(email: str) -> str:
    return f"login-failures:account:{_account(email)}"


def _wait_until_key(email: str) -> str:
    return f"login-wait-until:account:{_account(email)}"


def _address_window(client: str, now: float) -> tuple[str, float]:
    """The key counting the address's failures in the current window, and when it ends."""
    window = settings.LOGIN_ADDRESS_WINDOW_SECONDS
    index = int(now // window)
    return f"login-failures:address:{client}:{index}", (index + 1) * window


def _count(key: str, timeout: float) -> int:
    """Add one to a counter; atomic where the cache is (Redis)."""
    cache.add(key, 0, timeout=math.ceil(timeout))
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=math.ceil(timeout))
        return 1
    cache.touch(key, math.ceil(timeout))  # incr keeps the TTL on Redis, not on every backend
    return count


def check_login_allowed(*, email: str, client: str | None) -> None:
    """Raise 429 `login_throttled` with Retry-After while the account or the address must wait."""
    now = clock()
    waits = [cache.get(_wait_until_key(email), now) - now]
    if client:  # an unknown address is no address: the account limit still applies
        key, window_end = _address_window(client, now)
        if cache.get(key, 0) >= settings.LOGIN_ADDRESS_MAX_FAILURES:
            waits.append(window_end - now)
    wait = max(waits)
    if wait > 0:
        raise Throttled(wait=wait, detail="Too many failed sign-in attempts. Try again later.", code="login_throttled")


def record_login_failure(*, email: str, client: str | None) -> int:
    """Count a failed sign-in; answer the account's failures so far."""
    now = clock()
    if client:
        key, window_end = _address_window(client, now)
        _count(key, window_end - now)
    threshold, window = settings.LOGIN_MAX_FAILURES, settings.LOGIN_FAILURE_WINDOW_SECONDS
    failures = _count(_failures_key(email), window)
    if failures >= threshold:
        doublings = min(failures - threshold, 32)
        delay = min(settings.LOGIN_DELAY_SECONDS * 2**doublings, settings.LOGIN_MAX_DELAY_SECONDS)
        cache.set(_wait_until_key(email), now + delay, timeout=math.ceil(delay))
        # The failures are forgotten a window after the delay ends (or on a successful sign-in).
        cache.touch(_failures_key(email), math.ceil(delay + window))
    return failures


def record_login_success(*, email: str) -> None:
    """The account's owner is back: forget its failures. The address's are kept, so that one
    valid account cannot wipe the record of an address guessing others."""
    cache.delete_many([_failures_key(email), _wait_until_key(email)])
