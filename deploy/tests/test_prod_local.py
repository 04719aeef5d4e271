"""End-to-end and fault tests through the Nginx gateway of `make prod-local`: the production
settings, two Gunicorn instances, two Celery workers, beat, PostgreSQL and its own Redis.

Needs a PostgreSQL server (DATABASE_URL names one; the test makes its own database on it) and
nginx. Run by `.ci/run` (`make test-prod-local`)."""

import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "backend"))

from documents.tests.invoices import invoice_pdf, sample_invoices, scan  # noqa: E402

PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-pass-123")
RETRYABLE = {502, 503, 504}
TLS = ssl._create_unverified_context()  # prod-local's own self-signed certificate


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _requirements() -> str | None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return "needs a PostgreSQL server: set DATABASE_URL=postgres://..."
    if not Path("/usr/sbin/nginx").exists():
        return "needs nginx (apt-get install nginx-light; make prod-local installs it)"
    return None


@pytest.fixture(scope="module")
def prod_local(tmp_path_factory):
    missing = _requirements()
    if missing:
        if os.environ.get("P2P_REQUIRE_SERVICES") == "1":
            pytest.fail(missing + " but P2P_REQUIRE_SERVICES=1", pytrace=False)
        pytest.skip(missing)
    server = urlsplit(os.environ["DATABASE_URL"])
    database = "p2p_prod_local_test"
    admin_url = f"postgres://{server.netloc}/postgres"
    for sql in (f"DROP DATABASE IF EXISTS {database} WITH (FORCE)", f"CREATE DATABASE {database}"):
        subprocess.run(["psql", admin_url, "-c", sql], check=True, capture_output=True)
    state = tmp_path_factory.mktemp("prod-local")
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "DATA_DIR"}}
    env.update(
        DATABASE_URL=f"postgres://{server.netloc}/{database}",
        PROD_LOCAL_DIR=str(state),
        PROD_PORT=str(port),
        HOST="127.0.0.1",
        CELERY_VISIBILITY_TIMEOUT="30",
        CELERY_UNACKED_RESTORE_INTERVAL="5",
    )
    log = open(state / "make.log", "wb")  # noqa: SIM115 - the child process writes it until the end of the test
    process = subprocess.Popen(
        ["make", "--no-print-directory", "prod-local"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while not (state / "ready").exists():
            assert process.poll() is None, (state / "make.log").read_text()[-4000:]
            assert time.monotonic() < deadline, "prod-local did not become ready"
            time.sleep(1)
        yield {"base": f"https://127.0.0.1:{port}", "state": state, "process": process, "port": port}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


class Browser:
    """A cookie-and-CSRF client, as the SPA behaves."""

    def __init__(self, base: str):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), urllib.request.HTTPSHandler(context=TLS)
        )

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.jar if cookie.name == name), None)

    def request(self, method: str, path: str, body=None, headers: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {"Origin": self.base, "Referer": self.base + "/", **(headers or {})}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        if method not in ("GET", "HEAD") and self.cookie("csrftoken"):
            all_headers.setdefault("X-CSRFToken", self.cookie("csrftoken"))
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=all_headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def json(self, method: str, path: str, body=None, headers=None):
        status, _, content = self.request(method, path, body, headers)
        return status, (json.loads(content) if content else None)

    def upload(self, path: str, filename: str, content: bytes, fields: dict):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.base + path,
            data=body,
            method="POST",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Origin": self.base,
                "Referer": self.base + "/",
                "X-CSRFToken": self.cookie("csrftoken") or "",
            },
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def follow_task(self, task_id: str, timeout: float = 120) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, state = self.json("GET", f"/api/tasks/{task_id}/")
            if status == 200 and state["state"] in {"SUCCESS", "FAILURE"}:
                return state
            time.sleep(0.5)
        raise AssertionError(f"task {task_id} did not finish")

    def login(self, email: str) -> dict:
        self.request("GET", "/api/auth/csrf/")
        status, profile = self.json("POST", "/api/auth/login/", {"email": email, "password": PASSWORD})
        assert status == 200, profile
        return profile


def test_purchase_flow_through_the_gateway_with_production_settings(prod_local):
    base = prod_local["base"]
    requester = Browser(base)
    assert requester.login("requester@example.com")["role"] == "requester"
    # Cookies are Secure + HttpOnly in production.
    cookies = {cookie.name: cookie for cookie in requester.jar}
    assert cookies["access_token"].secure and cookies["access_token"].has_nonstandard_attr("HttpOnly")
    status, vendors = requester.json("GET", "/api/vendors/?search=globex")
    vendor = vendors["results"][0]["id"]
    status, created = requester.json(
        "POST",
        "/api/purchase-requests/",
        {
            "title": "Gateway test",
            "currency": "USD",
            "vendor": vendor,
            "items": [{"description": "Switch", "quantity": "2", "unit_price": "350.00"}],
        },
    )
    assert status == 201, created
    status, submitted = requester.json("POST", f"/api/purchase-requests/{created['id']}/submit/")
    assert status == 200 and submitted["status"] == "PENDING_APPROVAL"

    approver = Browser(base)
    approver.login("approver@example.com")
    status, approved = approver.json("POST", f"/api/purchase-requests/{created['id']}/approve/", {"comment": "ok"})
    assert status == 200 and approved["status"] == "APPROVED", approved
    order = approved["purchase_order"]
    status, headers, pdf = requester.request("GET", f"/api/purchase-orders/{order['id']}/pdf/")
    assert status == 200 and pdf.startswith(b"%PDF-") and headers["Content-Type"] == "application/pdf"

    # An invoice: upload -> 202 -> the task runs on a worker -> fields; then the file comes
    # back through the gateway's authorised X-Accel-Redirect, and only to those allowed.
    invoice = invoice_pdf(sample_invoices()[1])
    status, accepted = requester.upload(
        "/api/documents/upload/", "invoice.pdf", invoice, {"purchase_request": str(created["id"])}
    )
    assert status == 202, accepted
    state = requester.follow_task(accepted["task_id"])
    assert state["state"] == "SUCCESS", state
    status, document = requester.json("GET", f"/api/documents/{accepted['document_id']}/")
    assert document["status"] == "COMPLETED" and document["extracted_data"]["invoice_number"] == "INV 88213"
    status, headers, content = requester.request("GET", f"/api/documents/{accepted['document_id']}/download/")
    assert status == 200 and content == invoice and "X-Accel-Redirect" not in headers
    assert headers["Content-Disposition"].startswith('attachment; filename="invoice.pdf"')
    stranger = Browser(base)
    stranger.login("procurement@example.com")  # sees all purchasing: allowed
    assert stranger.request("GET", f"/api/documents/{accepted['document_id']}/download/")[0] == 200
    other = Browser(base)
    other.login("approver@example.com")  # an approver on this request: allowed
    assert other.request("GET", f"/api/documents/{accepted['document_id']}/download/")[0] == 200
    admin_made = _requester_of_other_department(base)
    assert admin_made.request("GET", f"/api/documents/{accepted['document_id']}/download/")[0] == 404
    # The media folder is never served directly.
    status, _, _ = requester.request("GET", "/protected-media/" + "documents/")
    assert status == 404

    # Without the CSRF header a cookie-authenticated write is refused at the gateway too.
    status, _, body = requester.request("POST", "/api/purchase-requests/", {"title": "x"}, headers={"X-CSRFToken": "missing"})
    assert status == 403 and json.loads(body)["code"] == "csrf_failed"


def _requester_of_other_department(base: str) -> "Browser":
    """A second requester in another department, made by the admin through the API."""
    admin = Browser(base)
    admin.login("admin@example.com")
    status, departments = admin.json("GET", "/api/departments/?page_size=100")
    other = next(d for d in departments["results"] if d["code"] == "OPS")
    email = f"outsider-{uuid.uuid4().hex[:6]}@example.com"
    status, _ = admin.json(
        "POST", "/api/users/", {"email": email, "role": "requester", "department": other["id"], "password": PASSWORD}
    )
    assert status == 201
    outsider = Browser(base)
    outsider.login(email)
    return outsider


def test_security_headers_and_loopback_only(prod_local):
    browser = Browser(prod_local["base"])
    for path in ("/api/health/", "/api/docs/"):
        status, headers, _ = browser.request("GET", path)
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert list(headers).count("Strict-Transport-Security") == 1  # one source: the gateway
    # Plain HTTP is redirected to HTTPS elsewhere; here nothing of ours listens beyond loopback.
    pids = [int(path.read_text()) for path in (prod_local["state"] / "pids").glob("*.pid")]
    listening = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True).stdout.splitlines()
    ours = [line for line in listening if any(f"pid={pid}," in line for pid in pids)]
    assert ours, "no listening sockets found for prod-local processes"
    for line in ours:
        local = line.split()[3]
        assert local.startswith(("127.0.0.1:", "[::1]:")), line


def test_the_gateway_serves_the_web_app(prod_local):
    """make test-prod-local builds the SPA first: Nginx answers index.html for client routes
    (revalidated, with the CSP), and the hashed assets compressed and cached for a year."""
    browser = Browser(prod_local["base"])
    status, headers, body = browser.request("GET", "/purchase-requests/12")
    assert status == 200 and b'<div id="root">' in body
    assert headers["Cache-Control"] == "no-cache" and "script-src 'self'" in headers["Content-Security-Policy"]
    script = re.search(rb'src="(/assets/[^"]+\.js)"', body).group(1).decode()
    status, headers, _ = browser.request("GET", script, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert browser.request("GET", "/assets/missing-0000000.js")[0] == 404  # never index.html for an asset


def test_compose_prod_publishes_only_the_gateway():
    compose = yaml.safe_load((REPO / "deploy" / "docker-compose.prod.yml").read_text())
    published = {name: service.get("ports") for name, service in compose["services"].items() if service.get("ports")}
    assert list(published) == ["gateway"], published
    for name in ("db", "redis"):
        assert "ports" not in compose["services"][name]
        assert "healthcheck" in compose["services"][name]
    for name, service in compose["services"].items():
        assert service.get("restart") in {"unless-stopped", "always"}, name
    assert compose["networks"]["backend"].get("internal") is True


def test_killed_web_and_worker_processes_lose_nothing(prod_local):
    """While requests stream in, one Gunicorn instance and one worker die by SIGKILL. Every
    request succeeds or fails with a retryable status; creates retried with their
    Idempotency-Key are never duplicated; the killed processes come back."""
    base, state = prod_local["base"], prod_local["state"]
    client = Browser(base)
    client.login("requester@example.com")
    outcomes: list[int] = []
    created: dict[str, int] = {}
    stop = threading.Event()

    def stream():
        while not stop.is_set():
            key = uuid.uuid4().hex
            body = {
                "title": f"Fault {key[:6]}",
                "currency": "USD",
                "items": [{"description": "Cable", "quantity": "1", "unit_price": "5.00"}],
            }
            for _ in range(10):  # a client retries a retryable failure with the same key
                status, response = client.json("POST", "/api/purchase-requests/", body, headers={"Idempotency-Key": key})
                outcomes.append(status)
                if status == 201:
                    created[key] = response["id"]
                    break
                assert status in RETRYABLE, (status, response)
                time.sleep(0.3)
            status, _ = client.json("GET", "/api/purchase-requests/?page_size=5")
            outcomes.append(status)
            assert status == 200 or status in RETRYABLE

    # A scanned invoice is being OCR'd when its worker dies.
    status, accepted = client.upload("/api/documents/upload/", "scan.png", scan(invoice_pdf(sample_invoices()[0])), {})
    assert status == 202, accepted
    deadline = time.monotonic() + 60
    running_on = None
    while running_on is None and time.monotonic() < deadline:
        for name in ("worker1", "worker2"):
            if accepted["task_id"] in (state / "logs" / f"{name}.log").read_text(errors="replace"):
                running_on = name
        time.sleep(0.2)
    assert running_on, "no worker took the document task"

    thread = threading.Thread(target=stream)
    thread.start()
    time.sleep(1)
    web_pid = int((state / "pids" / "web1.pid").read_text())
    worker_pid = int((state / "pids" / f"{running_on}.pid").read_text())
    os.kill(web_pid, signal.SIGKILL)
    os.kill(worker_pid, signal.SIGKILL)
    time.sleep(8)
    stop.set()
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert set(outcomes) <= {200, 201} | RETRYABLE, outcomes
    assert outcomes.count(201) >= 5
    # Each key created exactly one request, and every request that exists was answered.
    status, mine = client.json("GET", "/api/purchase-requests/?search=Fault&page_size=1")
    assert mine["count"] == len(created) == len(set(created.values()))
    print(
        f"{len(outcomes)} requests: {outcomes.count(201)} created, {outcomes.count(200)} lists, "
        f"{sum(status in RETRYABLE for status in outcomes)} retryable failures"
    )
    # The supervisor restarted both, and the document task was redelivered and completed.
    assert int((state / "pids" / "web1.pid").read_text()) != web_pid
    assert int((state / "pids" / f"{running_on}.pid").read_text()) != worker_pid
    assert client.follow_task(accepted["task_id"], timeout=180)["state"] == "SUCCESS"
    status, document = client.json("GET", f"/api/documents/{accepted['document_id']}/")
    assert document["status"] == "COMPLETED" and document["extracted_data"]["invoice_number"] == "GH-2026-0193"
    status, listing = client.json("GET", "/api/documents/?page_size=100")
    assert [row["id"] for row in listing["results"]].count(accepted["document_id"]) == 1


def test_redis_restart_recovers_on_its_own(prod_local):
    base, state = prod_local["base"], prod_local["state"]
    client = Browser(base)
    redis_pid = int((state / "pids" / "redis.pid").read_text())
    os.kill(redis_pid, signal.SIGKILL)
    deadline = time.monotonic() + 60
    statuses = []
    while time.monotonic() < deadline:
        status, _, _ = client.request("GET", "/api/health/")
        statuses.append(status)
        if status == 200 and int((state / "pids" / "redis.pid").read_text()) != redis_pid:
            break
        time.sleep(0.5)
    assert statuses[-1] == 200, statuses
    assert set(statuses) <= {200, 503}
    # Work queued after the restart still runs: a submitted request notifies its approver.
    client.login("requester@example.com")
    status, created = client.json(
        "POST",
        "/api/purchase-requests/",
        {
            "title": "After Redis restart",
            "currency": "USD",
            "items": [{"description": "Paper", "quantity": "1", "unit_price": "3.00"}],
        },
    )
    assert status == 201
    client.json("POST", f"/api/purchase-requests/{created['id']}/submit/")
    mail_dir = state / "data" / "mail"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(created["number"] in path.read_text(errors="replace") for path in mail_dir.glob("*.log")):
            break
        time.sleep(1)
    else:
        pytest.fail("the approver's notification was not sent after Redis came back")
