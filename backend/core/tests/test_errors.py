import pytest

from conftest import bearer_client
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_unknown_api_path_is_json_404(api_client):
    response = api_client.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"code": "not_found", "detail": "Not found."}


def test_wrong_method_is_405_envelope():
    response = bearer_client(UserFactory()).delete("/api/auth/me/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_unsupported_media_type_is_415_envelope(api_client):
    response = api_client.post("/api/auth/token/", "email=a", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_invalid_page_is_404_envelope():
    client = bearer_client(UserFactory(role="admin"))
    response = client.get("/api/users/?page=999")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get("/api/users/?page=abc").status_code == 404


def test_page_size_is_capped_at_100():
    admin = UserFactory(role="admin")
    UserFactory.create_batch(105)
    body = bearer_client(admin).get("/api/users/?page_size=1000").json()
    assert body["count"] == 106 and len(body["results"]) == 100 and body["next"]


def test_every_response_has_a_request_id(api_client):
    response = api_client.get("/api/health/", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    assert len(api_client.get("/api/health/", HTTP_X_REQUEST_ID="bad id\r\n")["X-Request-ID"]) == 16


def test_schema_and_docs_are_served(api_client):
    schema = api_client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/auth/login/", "/api/users/", "/api/tasks/{task_id}/", "/api/health/"} <= set(paths)
    docs = api_client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("get", "/api/audit-events/?actor=18446744073709551617", None),
        ("get", "/api/purchase-requests/?department=18446744073709551617", None),
        ("get", "/api/purchase-requests/18446744073709551617/", None),
        ("get", "/api/users/?department=99999999999999999999", None),
        ("post", "/api/purchase-orders/", {"purchase_request": 18446744073709551617, "vendor": 18446744073709551617}),
        (
            "post",
            "/api/purchase-requests/",
            {
                "title": "t",
                "currency": "USD",
                "vendor": 18446744073709551617,
                "items": [{"description": "d", "quantity": "1", "unit_price": "1"}],
            },
        ),
        ("get", "/api/reports/spending/?department=18446744073709551617", None),
    ],
)
def test_ids_too_large_for_the_database_are_client_errors_not_500(method, path, body):
    # Found by schemathesis: an id beyond BIGINT overflowed in the database driver.
    client = bearer_client(UserFactory(role="admin"))
    response = getattr(client, method)(path, body) if body else getattr(client, method)(path)
    assert 400 <= response.status_code < 500, response.content
    assert "code" in response.json()
