"""Integration test: the web server of `make run` (Gunicorn, started with the very arguments
run_stack uses) keeps answering while slow clients trickle request bodies at it. Starts Gunicorn
as a subprocess on a free port; takes about 20 seconds."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from core.management.commands.run_stack import gunicorn_command

pytestmark = pytest.mark.integration

SLOW_CLIENTS = 20
ATTACK_SECONDS = 15
HEALTH_TIMEOUT = 3  # "within a few seconds"
BODY_LENGTH = 100_000  # declared; the slow clients never send that much


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health(base: str) -> tuple[int | None, float, str]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"{base}/api/health/", timeout=HEALTH_TIMEOUT) as response:
            return response.status, time.monotonic() - started, ""
    except urllib.error.HTTPError as exc:
        return exc.code, time.monotonic() - started, ""
    except OSError as exc:  # refused, reset, timed out
        return None, time.monotonic() - started, repr(exc)


class SlowClients:
    """`count` connections that each send a request's headers, then its body a few bytes per
    second (never all of it). A connection the server closes is opened again at once, as an
    attacker would."""

    HEADERS = (
        "POST /api/auth/logout/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {BODY_LENGTH}\r\n\r\n"
    ).encode()

    def __init__(self, port: int, count: int):
        self.port = port
        self.sockets: list[socket.socket | None] = [None] * count
        self.stopping = threading.Event()
        self.reconnects = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _open(self) -> socket.socket | None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=2)
            sock.sendall(self.HEADERS + b'{"refresh": "')
            return sock
        except OSError:
            return None

    def _run(self):
        while not self.stopping.is_set():
            for index, sock in enumerate(self.sockets):
                if sock is None:
                    self.sockets[index] = self._open()
                    continue
                try:
                    sock.sendall(b"a")
                except OSError:
                    sock.close()
                    self.reconnects += 1
                    self.sockets[index] = self._open()
            self.stopping.wait(0.3)  # about 3 bytes a second on each connection

    def __enter__(self):
        for index in range(len(self.sockets)):
            self.sockets[index] = self._open()
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        self.thread.join(timeout=5)
        for sock in self.sockets:
            if sock is not None:
                sock.close()


@pytest.fixture
def gunicorn_server(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="config.settings.local")
    subprocess.run(
        [sys.executable, "manage.py", "prepare_data_dir"], cwd=settings.BACKEND_DIR, env=env, check=True, capture_output=True
    )
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            gunicorn_command(host="127.0.0.1", port=port),
            cwd=settings.BACKEND_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while _health(base)[0] != 200:
            assert process.poll() is None, log_path.read_text()[-3000:]
            assert time.monotonic() < deadline, "Gunicorn did not serve /api/health/: " + log_path.read_text()[-3000:]
            time.sleep(0.3)
        yield base, port, log_path
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_health_answers_while_slow_clients_trickle_bodies(gunicorn_server):
    base, port, log_path = gunicorn_server
    failures = []
    checks = 0
    with SlowClients(port, SLOW_CLIENTS) as attack:
        time.sleep(1)  # every slow connection has reached a worker
        assert sum(sock is not None for sock in attack.sockets) == SLOW_CLIENTS
        end = time.monotonic() + ATTACK_SECONDS
        while time.monotonic() < end:
            status, took, error = _health(base)
            checks += 1
            if status != 200:
                failures.append(f"t={ATTACK_SECONDS - (end - time.monotonic()):.1f}s status={status} after {took:.1f}s {error}")
            time.sleep(0.5)
    assert not failures, f"{len(failures)} of {checks} health checks failed: {failures[:5]}"
    assert checks >= 10
