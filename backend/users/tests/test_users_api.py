import pytest

from conftest import bearer_client
from core.models import AuditEvent
from users.models import Role, User
from users.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.APPROVER, Role.PROCUREMENT, Role.FINANCE])
def test_non_admins_may_not_list_or_create_users(role):
    client = bearer_client(UserFactory(role=role))
    assert client.get("/api/users/").status_code == 403
    response = client.post("/api/users/", {"email": "x@example.com", "role": "admin", "password": "a-long-password"})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not User.objects.filter(email="x@example.com").exists()


def test_admin_creates_lists_and_updates_users_with_audit():
    admin = UserFactory(role=Role.ADMIN)
    department = DepartmentFactory()
    client = bearer_client(admin)
    response = client.post(
        "/api/users/",
        {
            "email": "New.Person@Example.com",
            "full_name": "New Person",
            "role": "approver",
            "department": department.pk,
            "manager": admin.pk,
            "spending_limit": "1500.00",
            "approval_limit": "2500.50",
            "password": "a-long-password",
        },
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["email"] == "new.person@example.com"
    assert created["approval_limit"] == "2500.50"
    assert created["department"] == {"id": department.pk, "code": department.code, "name": department.name}
    assert "password" not in created

    listing = client.get("/api/users/?search=new.person").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == created["id"]
    assert client.get("/api/users/?role=approver&page_size=100").json()["count"] == 1

    response = client.patch(f"/api/users/{created['id']}/", {"is_active": False, "approval_limit": "10.00"})
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    events = AuditEvent.objects.filter(object_type="users.user", object_id=str(created["id"])).order_by("id")
    assert [event.action for event in events] == ["user.create", "user.update"]
    assert events[1].before["approval_limit"] == "2500.50" and events[1].after["approval_limit"] == "10.00"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"email": "not-an-email", "role": "requester", "password": "a-long-password"}, "email"),
        ({"email": "a@example.com", "role": "king", "password": "a-long-password"}, "role"),
        ({"email": "a@example.com", "role": "requester", "password": "short"}, "password"),
        (
            {"email": "a@example.com", "role": "requester", "password": "a-long-password", "spending_limit": "-1"},
            "spending_limit",
        ),
        (
            {"email": "a@example.com", "role": "requester", "password": "a-long-password", "spending_limit": "1.001"},
            "spending_limit",
        ),
        ({"email": "a@example.com", "role": "requester", "password": "a-long-password", "is_superuser": True}, "is_superuser"),
        ({"email": "a@example.com", "role": "requester", "password": "a-long-password", "department": 999999}, "department"),
    ],
)
def test_invalid_user_input_is_400_on_the_right_field(payload, field):
    client = bearer_client(UserFactory(role=Role.ADMIN))
    response = client.post("/api/users/", payload)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error" and field in body["fields"]
    assert not User.objects.filter(email="a@example.com").exists()


def test_duplicate_email_in_any_case_is_refused():
    existing = UserFactory(email="taken@example.com")
    client = bearer_client(UserFactory(role=Role.ADMIN))
    response = client.post("/api/users/", {"email": "TAKEN@example.com", "role": "requester", "password": "a-long-password"})
    assert response.status_code == 400 and "email" in response.json()["fields"]
    assert User.objects.filter(email__iexact=existing.email).count() == 1


def test_a_manager_loop_is_refused_and_nothing_changes():
    boss = UserFactory()
    report = UserFactory(manager=boss)
    client = bearer_client(UserFactory(role=Role.ADMIN))
    response = client.patch(f"/api/users/{boss.pk}/", {"manager": report.pk})
    assert response.status_code == 400 and "manager" in response.json()["fields"]
    boss.refresh_from_db()
    assert boss.manager is None
    assert not AuditEvent.objects.filter(action="user.update").exists()


def test_unknown_user_is_404_with_envelope():
    client = bearer_client(UserFactory(role=Role.ADMIN))
    response = client.get("/api/users/987654/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


WEAK_PASSWORDS = [
    pytest.param("password", id="common"),
    pytest.param("12345678", id="numeric"),
    pytest.param("pat.doe@example.com", id="same-as-email"),
]


@pytest.mark.parametrize("password", WEAK_PASSWORDS)
def test_a_weak_password_is_refused_on_create(password):
    client = bearer_client(UserFactory(role=Role.ADMIN))
    response = client.post("/api/users/", {"email": "pat.doe@example.com", "role": "requester", "password": password})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error" and list(body["fields"]) == ["password"]
    assert not User.objects.filter(email="pat.doe@example.com").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


@pytest.mark.parametrize("password", WEAK_PASSWORDS)
def test_a_weak_password_is_refused_on_update_and_nothing_changes(password):
    user = UserFactory(email="pat.doe@example.com", full_name="Pat Doe")
    hashed = user.password
    client = bearer_client(UserFactory(role=Role.ADMIN))
    response = client.patch(f"/api/users/{user.pk}/", {"password": password, "full_name": "Changed"})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["password"]
    user.refresh_from_db()
    assert user.password == hashed and user.full_name == "Pat Doe"
    assert not AuditEvent.objects.filter(action="user.update").exists()


def test_a_password_like_the_new_email_of_the_same_request_is_refused():
    """The similarity check compares with the email being saved, not only the stored one."""
    user = UserFactory()
    client = bearer_client(UserFactory(role=Role.ADMIN))
    response = client.patch(f"/api/users/{user.pk}/", {"email": "quentin@blackwood.example", "password": "quentin@blackwood"})
    assert response.status_code == 400 and "password" in response.json()["fields"]
    user.refresh_from_db()
    assert user.email != "quentin@blackwood.example"


def test_a_strong_password_is_accepted():
    client = bearer_client(UserFactory(role=Role.ADMIN))
    payload = {"email": "pat.doe@example.com", "role": "requester", "password": "Vivid-Otter-Lantern-42"}
    response = client.post("/api/users/", payload)
    assert response.status_code == 201, response.json()
    assert User.objects.get(email="pat.doe@example.com").check_password("Vivid-Otter-Lantern-42")
    response = client.patch(f"/api/users/{response.json()['id']}/", {"password": "Amber-Falcon-Meadow-17"})
    assert response.status_code == 200
    assert User.objects.get(email="pat.doe@example.com").check_password("Amber-Falcon-Meadow-17")
