"""Schemathesis hooks for `scripts/fuzz_api.py` (loaded through SCHEMATHESIS_HOOKS in the
schemathesis process, one process per identity; configured by the FUZZ_* variables it sets).

- Authentication: a bearer token of the identity's demo user from POST /api/auth/token/,
  fetched again every few minutes. POST /api/auth/logout/ gets a token of its own, because
  logging out revokes the access token it is sent with and the identity would be signed out
  for the rest of the run.
- PATCH /api/users/{user_id}/ of a demo user (deactivating one, changing its role or password)
  would sign out or demote the identities fuzzed after it (or the admin itself): those requests
  go to a spare user instead.
- Counting: every request schemathesis sends (after_call fires for each one, in every phase) is
  counted per phase and written to FUZZ_COUNT_FILE as JSON.
"""

import atexit
import json
import os
import re
import threading
import urllib.request
from collections import Counter

import schemathesis

BASE = os.environ["FUZZ_BASE"]
EMAIL = os.environ["FUZZ_EMAIL"]
PASSWORD = os.environ["FUZZ_PASSWORD"]
PROTECTED_USERS = {int(value) for value in os.environ.get("FUZZ_PROTECTED_USERS", "").split(",") if value}
SPARE_USER = os.environ.get("FUZZ_SPARE_USER", "")
COUNT_FILE = os.environ["FUZZ_COUNT_FILE"]

_lock = threading.Lock()
_counts: Counter[str] = Counter()


def fetch_token() -> str:
    request = urllib.request.Request(
        f"{BASE}/api/auth/token/",
        method="POST",
        headers={"Content-Type": "application/json"},
        data=json.dumps({"email": EMAIL, "password": PASSWORD}).encode(),
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["access"]


# retry_on=[]: a 401 is an answer to check, not a reason to sign in again and replay the request.
@schemathesis.auth(refresh_interval=300, retry_on=[])
class DemoUserToken:
    def get(self, case, context):
        return fetch_token()

    def set(self, case, data, context):
        if context.operation.method.upper() == "POST" and context.operation.path == "/api/auth/logout/":
            data = fetch_token()
        headers = case.headers if isinstance(case.headers, dict) else {}
        headers["Authorization"] = f"Bearer {data}"
        case.headers = headers


@schemathesis.hook
def before_call(context, case, kwargs):
    operation = case.operation
    if not (operation.method.upper() == "PATCH" and operation.path == "/api/users/{user_id}/" and SPARE_USER):
        return
    parameters = case.path_parameters if isinstance(case.path_parameters, dict) else {}
    value = str(parameters.get("user_id", ""))
    # Django's <int:> converter reads "007" as 7.
    if re.fullmatch(r"[0-9]+", value) and int(value) in PROTECTED_USERS:
        parameters["user_id"] = SPARE_USER
        case.path_parameters = parameters


def _write_counts() -> None:
    with _lock:
        data = dict(_counts)
    with open(COUNT_FILE, "w") as file:
        json.dump(data, file)


@schemathesis.hook
def after_call(context, case, response):
    phase = case.meta.phase.name.value if case.meta is not None else "other"
    with _lock:
        _counts[phase] += 1
        total = sum(_counts.values())
    if total % 100 == 0:
        _write_counts()


atexit.register(_write_counts)
