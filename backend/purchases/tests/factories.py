from dataclasses import dataclass
from decimal import Decimal

import factory

from purchases.models import Vendor
from purchases.services import purchase_request_create
from users.models import Department, Role, User
from users.tests.factories import DepartmentFactory, UserFactory


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    name = factory.Sequence(lambda n: f"Vendor {n}")
    email = factory.Sequence(lambda n: f"sales{n}@vendor.example.com")
    currency = "USD"


@dataclass
class Org:
    department: Department
    requester: User
    approver: User
    finance: User
    procurement: User


def make_org(budget: Decimal = Decimal("100000.00")) -> Org:
    """requester -> approver (limit 5,000) -> finance (limit 100,000), as in the demo."""
    department = DepartmentFactory(annual_budget=budget)
    finance = UserFactory(role=Role.FINANCE, department=department, approval_limit=Decimal("100000.00"))
    approver = UserFactory(role=Role.APPROVER, department=department, approval_limit=Decimal("5000.00"), manager=finance)
    requester = UserFactory(role=Role.REQUESTER, department=department, spending_limit=Decimal("50000.00"), manager=approver)
    procurement = UserFactory(role=Role.PROCUREMENT, department=department)
    department.manager = approver
    department.save()
    return Org(department, requester, approver, finance, procurement)


def make_request(requester: User, *, total_items=(("Laptop", "2", "1200.00"),), vendor=None, currency="USD"):
    return purchase_request_create(
        requester=requester,
        title="Team equipment",
        currency=currency,
        vendor=vendor,
        items=[{"description": d, "quantity": Decimal(q), "unit_price": Decimal(p)} for d, q, p in total_items],
    )
