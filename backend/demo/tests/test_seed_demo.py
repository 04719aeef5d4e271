"""`make run` seeds on every start: seeding creates what is missing and changes nothing that exists."""

from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Q

from demo.management.commands.seed_demo import DEPARTMENTS, VENDORS
from payments.models import CompanyBankAccount, VendorBankAccount
from purchases.models import Vendor
from users.models import Department, Role, User

pytestmark = pytest.mark.django_db

DEMO_EMAILS = {
    Role.ADMIN: "admin@example.com",
    Role.REQUESTER: "requester@example.com",
    Role.APPROVER: "approver@example.com",
    Role.PROCUREMENT: "procurement@example.com",
    Role.FINANCE: "finance@example.com",
}


def _counts() -> tuple[int, int, int]:
    """The demo rows, by natural key (the test database may hold other tests' committed rows)."""
    emails, codes, vendors = Q(), Q(), Q()
    for email in DEMO_EMAILS.values():
        emails |= Q(email__iexact=email)
    for code, _, _ in DEPARTMENTS:
        codes |= Q(code=code)
    for name, *_ in VENDORS:
        vendors |= Q(name__iexact=name)
    return User.objects.filter(emails).count(), Department.objects.filter(codes).count(), Vendor.objects.filter(vendors).count()


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_a_first_run_creates_one_user_per_role_who_signs_in_with_the_demo_password(client):
    assert _counts() == (0, 0, 0)
    output = _seed()
    assert _counts() == (5, 3, 5)
    assert User.objects.filter(email="controller@example.com", role=Role.FINANCE).exists()  # the second pair of eyes
    # A fresh demo can pay: the company's account, and confirmed accounts for three vendors.
    assert CompanyBankAccount.objects.filter(is_default=True).count() == 1
    assert VendorBankAccount.objects.filter(status="confirmed", vendor__name__in=[name for name, *_ in VENDORS]).count() == 3
    for role, email in DEMO_EMAILS.items():
        user = User.objects.get(email=email)
        assert user.role == role and user.is_active and email in output
        assert client.login(email=email, password=settings.DEMO_PASSWORD), email
    assert User.objects.get(email="admin@example.com").is_superuser


def test_a_second_run_changes_nothing_that_exists():
    _seed()
    requester = User.objects.get(email="requester@example.com")
    requester.set_password("changed-by-its-owner-123")
    requester.full_name = "Rita Renamed"
    requester.save()
    User.objects.filter(email="approver@example.com").update(is_active=False)
    Department.objects.filter(code="ENG").update(name="R&D", annual_budget=Decimal("1.00"), manager=None)
    Vendor.objects.filter(name="Globex Hardware").update(email="new@globex.example.com", currency="EUR")
    counts = _counts()

    output = _seed()

    assert _counts() == counts
    requester.refresh_from_db()
    assert requester.check_password("changed-by-its-owner-123") and not requester.check_password(settings.DEMO_PASSWORD)
    assert requester.full_name == "Rita Renamed"
    assert not User.objects.get(email="approver@example.com").is_active
    eng = Department.objects.get(code="ENG")
    assert (eng.name, eng.annual_budget, eng.manager) == ("R&D", Decimal("1.00"), None)
    globex = Vendor.objects.get(name="Globex Hardware")
    assert (globex.email, globex.currency) == ("new@globex.example.com", "EUR")
    assert "requester@example.com" in output


def test_a_renamed_vendor_or_an_email_in_capitals_is_not_created_twice():
    _seed()
    Vendor.objects.filter(name="Acme Office Supplies").update(name="ACME OFFICE SUPPLIES")
    User.objects.filter(email="finance@example.com").update(email="Finance@Example.com")
    counts = _counts()
    _seed()
    assert _counts() == counts
