"""Shared test fixtures: API clients that authenticate for real, a real Celery worker process,
and the markers that need PostgreSQL or Redis."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import TransactionTestCase
from kombu.exceptions import ChannelError
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from core.management.commands.prepare_data_dir import prepare_data_dir

REQUIRE_SERVICES = os.environ.get("P2P_REQUIRE_SERVICES") == "1"


def pytest_configure(config):
    """The test $DATA_DIR's folders (the SQLite test database's, the broker's, the upload spool):
    settings import creates nothing."""
    prepare_data_dir()


def pytest_runtest_setup(item):
    """Tests that need a real service skip, saying why, when it is not configured; with
    P2P_REQUIRE_SERVICES=1 (the CI run against PostgreSQL + Redis) they fail instead, so a run
    can never pass without having run them."""
    missing = []
    if item.get_closest_marker("postgres") and not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        missing.append("PostgreSQL (set DATABASE_URL=postgres://...): row locks and concurrent transactions")
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        missing.append("Redis (set REDIS_URL=redis://...)")
    if missing:
        message = "needs " + "; ".join(missing)
        if REQUIRE_SERVICES:
            pytest.fail(message + " but P2P_REQUIRE_SERVICES=1", pytrace=False)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def browser_client() -> APIClient:
    """A client that enforces CSRF exactly as a browser meets it."""
    return APIClient(enforce_csrf_checks=True)


def bearer_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def client_for():
    return bearer_client


def race(count: int, action) -> list:
    """Run action(index) in `count` threads released together, each on its own database
    connection; return their results in index order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int):
        try:
            barrier.wait()
            results[index] = action(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def mails_since(start: float) -> list[str]:
    """The messages Django's file mail backend wrote since `start` (a time.time())."""
    folder = Path(settings.EMAIL_FILE_PATH)
    if not folder.exists():
        return []
    return [path.read_text(errors="replace") for path in sorted(folder.iterdir()) if path.stat().st_mtime >= start]


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.1, message: str = "condition"):
    """Poll until predicate() is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _wait_until_worker_idle(app, timeout: float = 60.0) -> None:
    """Until the broker queue is empty and the worker has no active or reserved task."""

    def idle() -> bool:
        with app.connection_for_write() as conn:
            try:
                if conn.default_channel.queue_declare(app.conf.task_default_queue, passive=True).message_count:
                    return False
            except ChannelError:  # Redis: a queue never used (or drained and removed) does not exist
                pass
        inspect = app.control.inspect(timeout=5, limit=1)
        replies = [inspect.active(), inspect.reserved()]
        return all(reply is not None and not any(reply.values()) for reply in replies)

    wait_for(idle, timeout=timeout, interval=0.2, message="the Celery worker to finish its tasks before the flush")


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real `celery worker` process (prefork pool, 2 children) on the configured broker and the
    test database. Tests that use it must commit their data (django_db(transaction=True))."""
    from config.celery import app

    with django_db_blocker.unblock():
        db_url = _database_url()
    app.control.purge()
    log_path = Path(settings.DATA_DIR) / "test-worker.log"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": db_url}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=2",
                "--loglevel=INFO",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=settings.BACKEND_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(
            lambda: "ready." in log_path.read_text() or process.poll() is not None,
            timeout=60,
            message="the Celery worker to start",
        )
        if process.poll() is not None:
            raise RuntimeError("Celery worker exited:\n" + log_path.read_text()[-3000:])
        process.args_env = env  # for other processes that must share the test database
        flush = TransactionTestCase._fixture_teardown

        def flush_when_worker_idle(test_case):
            _wait_until_worker_idle(app)
            flush(test_case)

        # On PostgreSQL a task still running holds locks that a transactional test's flush (TRUNCATE)
        # waits on forever. SQLite's flush (DELETE) does not deadlock, and polling the embedded
        # broker's control queue there only adds traffic to kombu's filesystem transport.
        with pytest.MonkeyPatch.context() as patch:
            if connection.vendor == "postgresql":
                patch.setattr(TransactionTestCase, "_fixture_teardown", flush_when_worker_idle)
            yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        connection.close()


@pytest.fixture
def worker_log():
    return Path(settings.DATA_DIR) / "test-worker.log"
