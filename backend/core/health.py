"""Checks of the services the product needs: database, cache and broker."""

import logging
import uuid

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value it was given")
    cache.delete(key)


def _check_broker() -> None:
    url = settings.CELERY_BROKER_URL
    options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    options.pop("visibility_timeout", None)
    # The project's Celery app (the project package loads it before Django starts); core does not
    # import the project.
    with current_app.connection_for_write(url, transport_options=options, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        _ = conn.default_channel  # the filesystem transport checks its folders here


CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}


def health_report() -> tuple[bool, dict[str, str]]:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency means "down"
            logger.warning("health check %s failed: %s", name, exc)
            results[name] = "unavailable"
    return all(value == "ok" for value in results.values()), results
