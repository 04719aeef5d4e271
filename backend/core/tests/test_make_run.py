"""`make run` on the embedded default, as a user starts it: fresh data directory, no services.
It must serve the health check, let the demo users log in by cookie and by bearer token, run a
real worker, serve the built web app, and stop every process it started on Ctrl-C."""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings

from conftest import wait_for


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    found = {int(line) for line in out.split()}
    for child in list(found):
        found |= _children(child)
    return found


@pytest.fixture
def running_product(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATA_DIR=str(tmp_path / "data"), PORT=str(port), HOST="127.0.0.1")
    log = open(tmp_path / "run.log", "w")  # noqa: SIM115 - the child process writes it until the end of the test
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=settings.REPO_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def healthy():
        try:
            with urllib.request.urlopen(f"{base}/api/health/", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return process.poll() is not None

    try:
        wait_for(healthy, timeout=180, interval=0.5, message="make run to serve /api/health/")
        assert process.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
        yield base, process, tmp_path / "run.log"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_make_run_serves_the_product_and_ctrl_c_stops_everything(running_product):
    base, process, log_path = running_product
    output = log_path.read_text()
    assert f"{base}/" in output and "requester@example.com" in output

    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/api/auth/csrf/")
    csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    login = urllib.request.Request(
        f"{base}/api/auth/login/",
        method="POST",
        data=json.dumps({"email": "requester@example.com", "password": settings.DEMO_PASSWORD}).encode(),
        headers={"Content-Type": "application/json", "X-CSRFToken": csrf, "Referer": base},
    )
    assert json.load(opener.open(login))["role"] == "requester"
    assert json.load(opener.open(f"{base}/api/auth/me/"))["email"] == "requester@example.com"

    token_request = urllib.request.Request(
        f"{base}/api/auth/token/",
        method="POST",
        data=json.dumps({"email": "admin@example.com", "password": settings.DEMO_PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    access = json.load(urllib.request.urlopen(token_request))["access"]
    users = urllib.request.Request(f"{base}/api/users/", headers={"Authorization": f"Bearer {access}"})
    assert json.load(urllib.request.urlopen(users))["count"] == 6  # one per role, and a second finance user

    # The web app, built by make run, on the same URL: index.html for a client route, and its
    # hashed script pre-compressed and cached for good.
    with urllib.request.urlopen(f"{base}/purchase-requests/7") as page:
        html = page.read().decode()
        assert page.headers["Cache-Control"] == "no-cache" and '<div id="root">' in html
    script = re.search(r'<script type="module" crossorigin src="(/assets/[^"]+\.js)"', html).group(1)
    with urllib.request.urlopen(urllib.request.Request(f"{base}{script}", headers={"Accept-Encoding": "gzip"})) as js:
        assert js.headers["Content-Encoding"] == "gzip" and "immutable" in js.headers["Cache-Control"]

    children = _children(process.pid)
    assert len(children) >= 5  # make -> manage.py run_stack -> gunicorn, worker, beat (+ their children)
    wait_for(lambda: "ready." in log_path.read_text(), timeout=60, message="the Celery worker to be ready")
    wait_for(lambda: "beat: Starting" in log_path.read_text(), timeout=60, message="Celery beat to start")

    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    process.wait(timeout=60)
    time.sleep(0.5)
    alive = [
        pid for pid in children if os.path.exists(f"/proc/{pid}") and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
    ]
    assert alive == [], f"processes left running: {alive}"
