"""Request bodies beyond the parsing limits are the client's error: 400 (malformed, too deep, too
many fields or files) or 413 (too large), in the error envelope, never a 500 or an HTML page.
Anonymous callers reach the parsers on the sign-in endpoints, so those are tested unauthenticated."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from rest_framework.test import APIClient

from conftest import bearer_client
from core import views as core_views
from core.parsers import MAX_JSON_DEPTH
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = ["/api/auth/logout/", "/api/auth/refresh/"]
AUTHENTICATED = "/api/purchase-requests/"
ENDPOINTS = [*ANONYMOUS, AUTHENTICATED]


def _client(path: str) -> APIClient:
    return bearer_client(UserFactory()) if path == AUTHENTICATED else APIClient()


def _nested(depth: int) -> str:
    return '{"refresh": ' + "[" * depth + "]" * depth + "}"


def _json_post(path: str, raw: str):
    return _client(path).generic("POST", path, raw.encode(), content_type="application/json")


def _assert_envelope(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"code", "detail"} and body["detail"], body
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nested_too_deep_is_400(path, depth):
    _assert_envelope(_json_post(path, _nested(depth)), 400, "parse_error")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_json_nested_deeper_than_the_limit_but_parseable_is_400(path):
    # Shallow enough for json itself, deep enough to exhaust the stack later (a serializer, the
    # idempotency hash, the renderer): refused by the parser, MAX_JSON_DEPTH levels at most.
    body = _assert_envelope(_json_post(path, _nested(MAX_JSON_DEPTH)), 400, "parse_error")
    assert "deep" in body["detail"]
    at_the_limit = _json_post(path, _nested(MAX_JSON_DEPTH - 1))
    assert at_the_limit.status_code in (400, 401, 403) and at_the_limit.json()["code"] != "parse_error"


@pytest.mark.parametrize("path", ENDPOINTS)
def test_malformed_json_is_400(path):
    _assert_envelope(_json_post(path, '{"refresh": '), 400, "parse_error")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_json_body_over_the_memory_limit_is_413(path):
    raw = json.dumps({"refresh": "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    _assert_envelope(_json_post(path, raw), 413, "request_too_large")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_multipart_field_over_the_memory_limit_is_413(path):
    data = {"refresh": "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    _assert_envelope(_client(path).post(path, data, format="multipart"), 413, "request_too_large")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_multipart_with_too_many_files_is_400(path):
    count = settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1
    data = {f"file{i}": SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(count)}
    _assert_envelope(_client(path).post(path, data, format="multipart"), 400, "too_many_files")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_multipart_with_too_many_fields_is_400(path):
    data = {f"field{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    _assert_envelope(_client(path).post(path, data, format="multipart"), 400, "too_many_fields")


def test_bodies_within_the_limits_still_work():
    client = APIClient()
    assert client.post("/api/auth/refresh/", {"refresh": "x"}).json()["code"] == "token_not_valid"
    response = client.post("/api/auth/refresh/", {"refresh": "x", "file": SimpleUploadedFile("a.txt", b"x")}, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "validation_error"


# --- Django's own error handlers under /api/ ------------------------------------------


def test_a_bad_host_under_api_is_a_json_400():
    # DisallowedHost is raised by Django before any view: handler400 answers.
    response = APIClient().get("/api/health/", HTTP_HOST="evil.example")
    _assert_envelope(response, 400, "bad_request")


@pytest.mark.parametrize(
    "handler, status",
    [(core_views.bad_request, 400), (core_views.permission_denied, 403), (core_views.not_found, 404)],
)
def test_django_error_handlers_answer_json_under_api(handler, status):
    response = handler(RequestFactory().get("/api/anything/"), Exception("boom"))
    assert response.status_code == status and response["Content-Type"].startswith("application/json")
    assert set(json.loads(response.content)) == {"code", "detail"}
    assert not handler(RequestFactory().get("/somewhere/"), Exception("boom"))["Content-Type"].startswith("application/json")


def test_django_server_error_handler_answers_json_under_api():
    response = core_views.server_error(RequestFactory().get("/api/anything/"))
    assert response.status_code == 500 and json.loads(response.content)["code"] == "server_error"


def test_urls_use_the_json_handlers():
    from config import urls

    assert urls.handler400 is core_views.bad_request and urls.handler403 is core_views.permission_denied
    assert urls.handler404 is core_views.not_found and urls.handler500 is core_views.server_error
