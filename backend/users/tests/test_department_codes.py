import pytest
from django.core.exceptions import ValidationError

from conftest import bearer_client
from users.models import Department, Role
from users.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _admin_client():
    return bearer_client(UserFactory(role=Role.ADMIN))


def test_a_department_code_is_unique_whatever_the_case():
    client = _admin_client()
    assert client.post("/api/departments/", {"name": "Engineering", "code": "ENG", "annual_budget": "100.00"}).status_code == 201

    response = client.post("/api/departments/", {"name": "Engineers", "code": "eng", "annual_budget": "100.00"})

    assert response.status_code == 400, response.json()
    assert response.json()["fields"] == {"code": ["A department with this code already exists."]}
    assert Department.objects.filter(code__iexact="eng").count() == 1


def test_renaming_a_code_to_another_departments_in_another_case_is_refused():
    DepartmentFactory(code="OPS")
    other = DepartmentFactory(code="FIN")

    response = _admin_client().patch(f"/api/departments/{other.pk}/", {"code": "Ops"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"code": ["A department with this code already exists."]}
    other.refresh_from_db()
    assert other.code == "FIN"


def test_the_model_refuses_it_too_and_a_department_may_keep_its_own_code():
    department = DepartmentFactory(code="HR")
    department.full_clean()  # itself is no duplicate
    with pytest.raises(ValidationError):
        Department(name="Human resources 2", code="hr", annual_budget=0).full_clean()
