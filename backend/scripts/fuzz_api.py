"""Property-based fuzzing of the whole API from its OpenAPI schema (schemathesis 4): every
operation, as several demo identities, through the examples, coverage, fuzzing and stateful
phases, must never answer 5xx and every documented response must match the schema. Starts its
own server (Gunicorn with threads) on a fresh embedded-default data directory and stops it.
`make fuzz`.

Environment: FUZZ_EXAMPLES (max examples per operation and phase, default 15), FUZZ_IDENTITIES
(comma-separated roles, default requester,approver,procurement,finance,admin), FUZZ_CHECKS,
FUZZ_MIN_REQUESTS (fail below this many requests sent in total, default 5000), FUZZ_SEED.

The stateful phase has no links in the served schema: schemathesis infers them (its
"dependency-analysis" algorithm reads ids in response bodies and path parameters; the
"location-headers" one learns from Location headers seen in the earlier phases)."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOOKS = Path(__file__).resolve().with_name("fuzz_hooks.py")
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-pass-123")
PHASES = "examples,coverage,fuzzing,stateful"
DEFAULT_CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"
DEFAULT_IDENTITIES = "requester,approver,procurement,finance,admin"
SPARE_EMAIL = "fuzz-spare@example.com"

# For the fuzz server only: schemathesis signs in with made-up and demo emails many times from
# one address, which the login throttle and the per-email failure lock-out would answer with
# 429 and then lock the demo users out of the script's own sign-ins; tokens outlive the run;
# uploads stay queued (no worker), so the open-documents quota would turn every later upload
# into a 429 and the upload path would go untested.
SERVER_ENV = {
    "LOGIN_THROTTLE_RATE": "1000000/min",
    "LOGIN_MAX_FAILURES": "1000000",
    "JWT_ACCESS_MINUTES": "120",
    "DOCUMENT_MAX_OPEN_PER_USER": "1000000",
    "DOCUMENT_UPLOADS_PER_HOUR": "1000000",
}


def api(base: str, method: str, path: str, token: str | None = None, body: dict | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base}{path}", method=method, headers=headers, data=data)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def token_for(base: str, email: str) -> str:
    return api(base, "POST", "/api/auth/token/", body={"email": email, "password": PASSWORD})["access"]


def prepare_users(base: str) -> tuple[list[int], int]:
    """The demo users' ids (schemathesis must not deactivate or demote them) and a spare user's
    id that gets those PATCH requests instead."""
    admin = token_for(base, "admin@example.com")
    users = api(base, "GET", "/api/users/?page_size=100", token=admin)["results"]
    protected = [user["id"] for user in users if user["email"].endswith("@example.com")]
    spare = api(
        base,
        "POST",
        "/api/users/",
        token=admin,
        body={"email": SPARE_EMAIL, "full_name": "Fuzz Spare", "role": "requester", "password": "spare-Pass-7391"},
    )
    return protected, spare["id"]


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (the Gunicorn master and its workers), SIGKILL if
    it has not stopped after 20 s."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def summarize(report: Path) -> list[str]:
    if not report.is_file():
        return ["no JSON report written"]
    data = json.loads(report.read_text())
    phases = ", ".join(f"{name} {phase['status']}" for name, phase in (data["phases"] or {}).items())
    lines = [f"phases: {phases}"]
    lines += [
        f"{group['title']} ({group['code']}) x{group['count']}: {', '.join(group['operations'])}" for group in data["failures"]
    ]
    lines += [f"error: {group['title']} x{group['count']}" for group in data["errors"]]
    return lines


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally below
    examples = os.environ.get("FUZZ_EXAMPLES", "15")
    checks = os.environ.get("FUZZ_CHECKS", DEFAULT_CHECKS)
    roles = [role.strip() for role in os.environ.get("FUZZ_IDENTITIES", DEFAULT_IDENTITIES).split(",") if role.strip()]
    min_requests = int(os.environ.get("FUZZ_MIN_REQUESTS", "5000"))
    seed = os.environ.get("FUZZ_SEED", "20261124")
    data_dir = Path(tempfile.mkdtemp(prefix="p2p-fuzz-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATA_DIR=str(data_dir), **SERVER_ENV)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=BACKEND, env=env, check=True)
    subprocess.run([*manage, "seed_demo"], cwd=BACKEND, env=env, check=True, stdout=subprocess.DEVNULL)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server_log = open(data_dir / "server.log", "w")  # noqa: SIM115 - the child process writes it until the end of the test
    # Gunicorn, 2 workers x 4 threads (runserver stalls ~40 ms on every keep-alive request:
    # no TCP_NODELAY). Its own session, so a Ctrl-C reaches this script, which stops it.
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--graceful-timeout",
            "10",
            "--access-logfile",
            "-",
            "--access-logformat",
            '"%(r)s" %(s)s %(b)s',
        ],
        cwd=BACKEND,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    failed = False
    sent: dict[str, dict[str, int]] = {}
    findings: dict[str, list[str]] = {}
    started = time.monotonic()
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/api/health/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        protected, spare = prepare_users(base)
        for role in roles:
            email = f"{role}@example.com"
            count_file = data_dir / f"requests-{role}.json"
            report = data_dir / f"report-{role}.json"
            print(f"== fuzzing as {email}", flush=True)
            role_started = time.monotonic()
            result = subprocess.run(
                [
                    str(BIN / "schemathesis"),
                    "run",
                    f"{base}/api/schema/?format=json",
                    "--phases",
                    PHASES,
                    "--checks",
                    checks,
                    "--max-examples",
                    examples,
                    "--workers",
                    "1",
                    "--seed",
                    seed,
                    "--generation-database",
                    "none",
                    "--report",
                    "json",
                    "--report-json-path",
                    str(report),
                    "--no-color",
                ],
                cwd=data_dir,
                env={
                    **os.environ,
                    "SCHEMATHESIS_HOOKS": str(HOOKS),
                    "FUZZ_BASE": base,
                    "FUZZ_EMAIL": email,
                    "FUZZ_PASSWORD": PASSWORD,
                    "FUZZ_PROTECTED_USERS": ",".join(map(str, protected)),
                    "FUZZ_SPARE_USER": str(spare),
                    "FUZZ_COUNT_FILE": str(count_file),
                },
            )
            failed |= result.returncode != 0
            sent[role] = json.loads(count_file.read_text()) if count_file.is_file() else {}
            findings[role] = summarize(report)
            print(f"== {email}: {sum(sent[role].values())} requests in {time.monotonic() - role_started:.0f} s", flush=True)
    finally:
        stop(server)
        server_log.close()
    log = (data_dir / "server.log").read_text()
    errors = len(re.findall(r'" 5\d\d ', log))
    total = sum(sum(phases.values()) for phases in sent.values())
    print(f"\n== fuzz summary ({time.monotonic() - started:.0f} s, phases {PHASES}, checks {checks})")
    for role, phases in sent.items():
        by_phase = ", ".join(f"{phase} {count}" for phase, count in sorted(phases.items()))
        print(f"{role}: {sum(phases.values())} requests ({by_phase})")
        for line in findings.get(role, []):
            print(f"  {line}" if line.startswith("phases: ") else f"  FAILED {line}")
    print(f"total: {total} requests sent by schemathesis (minimum {min_requests})")
    print(f"server answered 5xx {errors} time(s)")
    too_few = total < min_requests
    if too_few:
        print(f"FAILED: fewer than FUZZ_MIN_REQUESTS={min_requests} requests were sent")
    if failed or errors or too_few:
        print(f"kept {data_dir} (server.log, report-*.json)")
        return 1
    shutil.rmtree(data_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
