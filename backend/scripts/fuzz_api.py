"""Property-based fuzzing of the whole API from its OpenAPI schema (schemathesis): every
operation, as an admin and as a requester, must never answer 5xx. Starts its own server on a
fresh embedded-default data directory and stops it. `make fuzz`."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def main() -> int:
    examples = os.environ.get("FUZZ_EXAMPLES", "15")
    data_dir = Path(tempfile.mkdtemp(prefix="p2p-fuzz-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATA_DIR=str(data_dir), LOGIN_THROTTLE_RATE="10000/min")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=BACKEND, env=env, check=True)
    subprocess.run([*manage, "seed_demo"], cwd=BACKEND, env=env, check=True, stdout=subprocess.DEVNULL)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server_log = open(data_dir / "server.log", "w")  # noqa: SIM115 - the child process writes it until the end of the test
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BACKEND,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    failed = False
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/api/health/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        for email in ("admin@example.com", "requester@example.com"):
            request = urllib.request.Request(
                f"{base}/api/auth/token/",
                method="POST",
                headers={"Content-Type": "application/json"},
                data=json.dumps({"email": email, "password": os.environ.get("DEMO_PASSWORD", "demo-pass-123")}).encode(),
            )
            token = json.load(urllib.request.urlopen(request))["access"]
            print(f"== fuzzing as {email}", flush=True)
            result = subprocess.run(
                [
                    str(BIN / "schemathesis"),
                    "run",
                    f"{base}/api/schema/?format=json",
                    "--checks",
                    "not_a_server_error",
                    "-H",
                    f"Authorization: Bearer {token}",
                    "--max-examples",
                    examples,
                    "--workers",
                    "1",
                    "--seed",
                    "20261124",
                    "--no-color",
                ],
                cwd=data_dir,
            )
            failed |= result.returncode != 0
    finally:
        server.terminate()
        server.wait(timeout=20)
        server_log.close()
    errors = (data_dir / "server.log").read_text().count('" 500 ')
    print(f"server answered 500 {errors} time(s)")
    if not failed and not errors:
        shutil.rmtree(data_dir)
    return 1 if failed or errors else 0


if __name__ == "__main__":
    sys.exit(main())
