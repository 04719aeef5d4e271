from datetime import timedelta
from decimal import Decimal

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from conftest import bearer_client, race
from users.models import Role
from users.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN, REFRESH, LOGOUT, ME, TOKEN, CSRF = (
    "/api/auth/login/",
    "/api/auth/refresh/",
    "/api/auth/logout/",
    "/api/auth/me/",
    "/api/auth/token/",
    "/api/auth/csrf/",
)


def csrf_token(client: APIClient) -> str:
    client.get(CSRF)
    return client.cookies["csrftoken"].value


def login(client: APIClient, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"email": email, "password": password}, HTTP_X_CSRFTOKEN=csrf_token(client))


@pytest.mark.parametrize(
    ("role", "approval_limit", "has", "lacks"),
    [
        (Role.REQUESTER, "0.00", {"purchase_request.create"}, {"approval.act", "report.view", "user.manage"}),
        (Role.REQUESTER, "500.00", {"approval.act"}, {"report.view"}),  # a manager with a limit gets steps
        (Role.PROCUREMENT, "0.00", {"purchase_order.manage", "vendor.manage", "report.view"}, {"approval.act"}),
    ],
)
def test_me_lists_what_the_user_may_do(role, approval_limit, has, lacks):
    user = UserFactory(role=role, approval_limit=Decimal(approval_limit))
    permissions = set(bearer_client(user).get(ME).json()["permissions"])
    assert has <= permissions and not (lacks & permissions)


def test_cookie_login_sets_httponly_cookies_and_returns_profile(browser_client):
    user = UserFactory(role=Role.APPROVER)
    response = login(browser_client, user.email.upper())
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == user.email and body["role"] == "approver"
    assert "approval.act" in body["permissions"]
    assert set(body) >= {"id", "full_name", "department", "spending_limit", "approval_limit", "permissions"}
    access, refresh = response.cookies["access_token"], response.cookies["refresh_token"]
    assert access["httponly"] and refresh["httponly"]
    assert access["samesite"] == "Lax" and refresh["path"] == "/api/auth/"
    assert "access" not in body and "refresh" not in body  # never in the body for browsers
    assert browser_client.get(ME).json()["email"] == user.email


def test_login_without_csrf_token_is_refused(browser_client):
    user = UserFactory()
    response = browser_client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert "access_token" not in response.cookies


def test_wrong_password_is_401_invalid_credentials(browser_client):
    user = UserFactory()
    response = login(browser_client, user.email, "wrong-password")
    assert response.status_code == 401
    assert response.json() == {"code": "invalid_credentials", "detail": "Email or password is incorrect."}


def test_repeated_failures_are_throttled_even_for_the_right_password(settings, api_client):
    settings.LOGIN_MAX_FAILURES = 3
    user = UserFactory()
    for _ in range(3):
        assert api_client.post(TOKEN, {"email": user.email, "password": "nope"}).status_code == 401
    response = api_client.post(TOKEN, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert response.json()["code"] == "login_throttled"


def test_cookie_authenticated_unsafe_request_needs_csrf_header(browser_client):
    admin = UserFactory(role=Role.ADMIN)
    assert login(browser_client, admin.email).status_code == 200
    payload = {"email": "new@example.com", "role": "requester", "password": "a-long-password"}
    response = browser_client.post("/api/users/", payload)
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    response = browser_client.post("/api/users/", payload, HTTP_X_CSRFTOKEN=browser_client.cookies["csrftoken"].value)
    assert response.status_code == 201


def test_bearer_clients_get_tokens_in_body_and_need_no_csrf():
    admin = UserFactory(role=Role.ADMIN)
    client = APIClient(enforce_csrf_checks=True)
    tokens = client.post(TOKEN, {"email": admin.email, "password": PASSWORD}).json()
    assert set(tokens) == {"access", "refresh"}
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    response = client.post("/api/users/", {"email": "b@example.com", "role": "requester", "password": "a-long-password"})
    assert response.status_code == 201


def test_expired_and_tampered_access_tokens_are_401(api_client):
    user = UserFactory()
    expired = AccessToken.for_user(user)
    expired.set_exp(lifetime=-timedelta(seconds=5))
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {expired}")
    response = api_client.get(ME)
    assert response.status_code == 401 and response.json()["code"] == "token_not_valid"

    good = str(AccessToken.for_user(user))
    header, payload, signature = good.split(".")
    tampered = f"{header}.{payload}.{signature[::-1]}"
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tampered}")
    assert api_client.get(ME).status_code == 401
    api_client.credentials()
    api_client.cookies["access_token"] = tampered
    assert api_client.get(ME).status_code == 401


def test_unauthenticated_request_is_401_with_envelope(api_client):
    response = api_client.get(ME)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_refresh_rotates_and_a_reused_refresh_token_is_refused(browser_client):
    user = UserFactory()
    login(browser_client, user.email)
    old_refresh = browser_client.cookies["refresh_token"].value
    token = browser_client.cookies["csrftoken"].value
    response = browser_client.post(REFRESH, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    new_refresh = response.cookies["refresh_token"].value
    assert new_refresh != old_refresh

    replay = APIClient()
    replay.cookies["refresh_token"] = old_refresh
    response = replay.post(REFRESH, {"refresh": old_refresh})
    assert response.status_code == 401 and response.json()["code"] == "token_not_valid"


def obtain(email: str) -> dict:
    return APIClient().post(TOKEN, {"email": email, "password": PASSWORD}).json()


def refresh_with(refresh: str):
    return APIClient().post(REFRESH, {"refresh": refresh})


def test_a_reused_refresh_token_revokes_every_token_of_its_sign_in():
    user = UserFactory()
    token_a = obtain(user.email)["refresh"]
    elsewhere = obtain(user.email)["refresh"]  # another sign-in of the same user
    token_b = refresh_with(token_a).json()["refresh"]
    token_c = refresh_with(token_b).json()["refresh"]

    response = refresh_with(token_a)  # A again: someone else holds a copy
    assert response.status_code == 401 and response.json()["code"] == "token_not_valid"
    assert refresh_with(token_c).status_code == 401
    assert refresh_with(token_b).status_code == 401
    assert refresh_with(elsewhere).status_code == 200


def test_a_reused_cookie_refresh_token_ends_the_browser_session(browser_client):
    user = UserFactory()
    login(browser_client, user.email)
    thiefs = refresh_with(browser_client.cookies["refresh_token"].value).json()["refresh"]  # a copy, used first
    response = browser_client.post(REFRESH, HTTP_X_CSRFTOKEN=browser_client.cookies["csrftoken"].value)
    assert response.status_code == 401  # the owner's refresh is the second use
    assert refresh_with(thiefs).status_code == 401
    assert refresh_with(obtain(user.email)["refresh"]).status_code == 200  # signing in again works


def test_cookie_refresh_needs_csrf(browser_client):
    user = UserFactory()
    login(browser_client, user.email)
    response = browser_client.post(REFRESH)
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"


def test_logout_blacklists_and_clears_cookies(browser_client):
    user = UserFactory()
    login(browser_client, user.email)
    refresh = browser_client.cookies["refresh_token"].value
    response = browser_client.post(LOGOUT, HTTP_X_CSRFTOKEN=browser_client.cookies["csrftoken"].value)
    assert response.status_code == 204
    assert response.cookies["access_token"].value == "" and response.cookies["refresh_token"].value == ""
    assert APIClient().post(REFRESH, {"refresh": refresh}).status_code == 401


def test_logout_ends_the_bearer_access_token_at_once():
    user = UserFactory()
    tokens = obtain(user.email)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert client.get(ME).status_code == 200
    assert client.post(LOGOUT, {"refresh": tokens["refresh"]}).status_code == 204
    response = client.get(ME)
    assert response.status_code == 401 and response.json()["code"] == "token_not_valid"
    assert bearer_client(user).get(ME).status_code == 200  # other sessions are untouched


def test_logout_ends_the_cookie_access_token_at_once(browser_client):
    user = UserFactory()
    login(browser_client, user.email)
    access = browser_client.cookies["access_token"].value
    assert browser_client.post(LOGOUT, HTTP_X_CSRFTOKEN=browser_client.cookies["csrftoken"].value).status_code == 204
    replay = APIClient()
    replay.cookies["access_token"] = access  # a copy of the cookie the browser just dropped
    assert replay.get(ME).status_code == 401
    replay.cookies.clear()
    replay.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    assert replay.get(ME).status_code == 401


def test_deactivated_user_loses_access_and_refresh():
    user = UserFactory()
    refresh = RefreshToken.for_user(user)
    client = bearer_client(user)
    user.is_active = False
    user.save()
    assert client.get(ME).status_code == 401
    assert APIClient().post(REFRESH, {"refresh": str(refresh)}).status_code == 401


def test_password_change_revokes_existing_tokens():
    user = UserFactory()
    refresh = RefreshToken.for_user(user)
    client = bearer_client(user)
    user.set_password("a-brand-new-password")
    user.save()
    assert client.get(ME).status_code == 401
    assert APIClient().post(REFRESH, {"refresh": str(refresh)}).status_code == 401


@pytest.mark.parametrize(
    "body, content_type",
    [("{not json", "application/json"), ('{"email": "a@example.com", "password": "x", "extra": 1}', "application/json")],
)
def test_malformed_json_and_unknown_fields_are_400(api_client, body, content_type):
    response = api_client.post(TOKEN, body, content_type=content_type)
    assert response.status_code == 400
    assert response.json()["code"] in {"parse_error", "validation_error"}


def test_unknown_field_is_named(api_client):
    response = api_client.post(TOKEN, {"email": "a@example.com", "password": "x", "pasword": "y"})
    assert response.status_code == 400
    assert response.json()["fields"] == {"pasword": ["Unknown field."]}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_refresh_token_sent_eight_times_at_once_gives_one_new_pair():
    user = UserFactory()
    refresh = str(RefreshToken.for_user(user))
    statuses = race(8, lambda index: APIClient().post(REFRESH, {"refresh": refresh}).status_code)
    assert sorted(statuses) == [200] + [401] * 7
