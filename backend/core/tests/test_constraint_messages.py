"""A constraint violation answers 400 with a sentence under the field it guards, never
Django's 'Constraint "..." is violated.' nor a 500, whether full_clean() or (in a race) the
database found it (core/constraints.py)."""

import pytest
from django.db import IntegrityError, transaction
from rest_framework.test import APIRequestFactory

from conftest import bearer_client
from core.constraints import constraint_violation
from core.exceptions import api_exception_handler
from purchases.models import Vendor
from purchases.tests.factories import make_org

pytestmark = pytest.mark.django_db


def test_a_vendor_name_taken_in_another_case_names_the_field():
    client = bearer_client(make_org().procurement)
    assert client.post("/api/vendors/", {"name": "Acme"}).status_code == 201

    response = client.post("/api/vendors/", {"name": "acme"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["fields"] == {"name": ["A vendor with this name already exists."]}
    assert "Constraint" not in str(body) and "__all__" not in body["fields"]
    assert Vendor.objects.count() == 1


def test_the_sentence_comes_from_the_constraint_itself():
    # Vendor's UniqueConstraint(Lower("name")) sets no message: field and sentence are derived.
    assert constraint_violation("vendor_name_unique_ci").field == "name"
    # A check constraint: the field its condition reads.
    quantity = constraint_violation("pr_item_quantity_positive")
    assert quantity.field == "quantity" and quantity.message == "Quantity is not allowed."
    # A message of its own is kept, filed under its field.
    email = constraint_violation("user_email_unique_ci")
    assert (email.field, email.message) == ("email", "A user with this email already exists.")


def test_a_violation_the_database_finds_in_a_race_answers_the_same_400():
    Vendor.objects.create(name="Acme")
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        Vendor.objects.create(name="ACME")  # no full_clean(): as when a concurrent save got first

    request = APIRequestFactory().post("/api/vendors/")
    response = api_exception_handler(raised.value, {"view": None, "request": request})

    assert response.status_code == 400
    assert response.data["fields"] == {"name": ["A vendor with this name already exists."]}
