"""Races against PostgreSQL with real threads, each on its own connection, released together."""

from decimal import Decimal

import pytest

from conftest import bearer_client, race
from core.models import AuditEvent
from purchases.models import ApprovalStep, PurchaseOrder, PurchaseRequest
from purchases.tests.factories import VendorFactory, make_org, make_request

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("with_vendor", [True, False])
def test_twenty_simultaneous_approvals_give_one_approval_and_at_most_one_po(with_vendor):
    org = make_org()
    request = make_request(org.requester, vendor=VendorFactory() if with_vendor else None)
    bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
    clients = [bearer_client(org.approver) for _ in range(20)]
    statuses = race(20, lambda i: clients[i].post(f"/api/purchase-requests/{request.pk}/approve/").status_code)
    assert sorted(statuses) == [200] + [409] * 19
    assert ApprovalStep.objects.filter(purchase_request=request, status="APPROVED").count() == 1
    assert AuditEvent.objects.filter(action="purchase_request.approve", object_id=str(request.pk)).count() == 1
    assert PurchaseOrder.objects.filter(purchase_request=request).count() == (1 if with_vendor else 0)
    assert PurchaseRequest.objects.get(pk=request.pk).status == "APPROVED"


def test_two_submits_that_together_exceed_the_budget_cannot_both_pass():
    org = make_org(budget=Decimal("10000.00"))
    requests = [make_request(org.requester, total_items=(("Item", "1", "6000.00"),)) for _ in range(2)]
    # approval limit high enough that one step suffices
    clients = [bearer_client(org.requester) for _ in range(2)]
    statuses = race(2, lambda i: clients[i].post(f"/api/purchase-requests/{requests[i].pk}/submit/").status_code)
    assert sorted(statuses) == [200, 400]
    assert PurchaseRequest.objects.filter(status="PENDING_APPROVAL").count() == 1


def test_concurrent_creates_get_unique_consecutive_numbers():
    org = make_org()
    body = {"title": "Pens", "currency": "USD", "items": [{"description": "Pen", "quantity": "1", "unit_price": "1.00"}]}
    clients = [bearer_client(org.requester) for _ in range(10)]
    responses = race(10, lambda i: clients[i].post("/api/purchase-requests/", body))
    assert [response.status_code for response in responses] == [201] * 10
    numbers = sorted(response.json()["number"] for response in responses)
    assert len(set(numbers)) == 10
    assert [int(number[-6:]) for number in numbers] == list(range(1, 11))


def test_the_same_idempotency_key_sent_concurrently_creates_once():
    org = make_org()
    body = {"title": "Pens", "currency": "USD", "items": [{"description": "Pen", "quantity": "1", "unit_price": "1.00"}]}
    clients = [bearer_client(org.requester) for _ in range(6)]
    responses = race(6, lambda i: clients[i].post("/api/purchase-requests/", body, HTTP_IDEMPOTENCY_KEY="same-key"))
    assert {response.status_code for response in responses} == {201}
    assert len({response.json()["id"] for response in responses}) == 1
    assert PurchaseRequest.objects.count() == 1


def test_two_procurement_users_creating_the_po_at_once_get_one_po():
    org = make_org()
    request = make_request(org.requester)
    bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
    bearer_client(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
    vendor = VendorFactory()
    clients = [bearer_client(org.procurement) for _ in range(5)]
    statuses = race(
        5, lambda i: clients[i].post("/api/purchase-orders/", {"purchase_request": request.pk, "vendor": vendor.pk}).status_code
    )
    assert sorted(statuses) == [201] + [409] * 4
    assert PurchaseOrder.objects.count() == 1


def test_two_people_delegating_to_each_other_at_once_cannot_make_a_loop():
    from datetime import timedelta

    from django.utils import timezone

    from purchases.models import Delegation
    from users.models import Role
    from users.tests.factories import UserFactory

    today = timezone.localdate()
    for _ in range(5):  # each round a fresh pair, released together
        org = make_org()
        other = UserFactory(role=Role.APPROVER, department=org.department, approval_limit=Decimal("5000.00"))
        pair = [(org.approver, other), (other, org.approver)]
        clients = [bearer_client(delegator) for delegator, _ in pair]
        body = {"starts_on": today.isoformat(), "ends_on": (today + timedelta(days=3)).isoformat()}

        def post(i, clients=clients, pair=pair, body=body):
            return clients[i].post("/api/delegations/", {**body, "delegate": pair[i][1].pk}, format="json").status_code

        statuses = race(2, post)
        assert sorted(statuses) == [201, 400]
        assert Delegation.objects.filter(delegator__in=[org.approver, other]).count() == 1
