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


def _approved_order(org, items=(("Laptop", "10", "100.00"),)):
    request = make_request(org.requester, total_items=items, vendor=VendorFactory())
    bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
    bearer_client(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
    return PurchaseOrder.objects.get(purchase_request=request)


def test_simultaneous_change_orders_become_consecutive_revisions():
    """Each change order locks the order: five at once are revisions 2 to 6, none lost, none a
    duplicate revision number (without the lock they all read revision 1)."""
    org = make_org()
    order = _approved_order(org)
    line = order.lines.get()
    clients = [bearer_client(org.procurement) for _ in range(5)]

    def revise(i):
        lines = [{"po_line": line.pk, "description": "Laptop", "quantity": str(5 + i), "unit_price": "100.00"}]
        return clients[i].post(f"/api/purchase-orders/{order.pk}/revisions/", {"lines": lines}, format="json").status_code

    assert race(5, revise) == [201] * 5
    order.refresh_from_db()
    assert order.revision == 6
    assert sorted(order.revisions.values_list("revision", flat=True)) == [2, 3, 4, 5, 6]
    assert order.total == order.lines.get().line_total


def _short_close_against_a_receipt(org) -> None:
    order = _approved_order(org)
    line = order.lines.get()
    # Something received, so the cancel is a short-close.
    bearer_client(org.procurement).post(
        f"/api/purchase-orders/{order.pk}/receipts/", {"lines": [{"po_line": line.pk, "quantity": "1"}]}, format="json"
    )
    clients = [bearer_client(org.procurement) for _ in range(2)]
    calls = [
        lambda: clients[0].post(f"/api/purchase-orders/{order.pk}/cancel/", {"reason": "rest not needed"}, format="json"),
        lambda: clients[1].post(
            f"/api/purchase-orders/{order.pk}/receipts/", {"lines": [{"po_line": line.pk, "quantity": "4"}]}, format="json"
        ),
    ]
    cancel, receipt = race(2, lambda i: calls[i]().status_code)
    assert cancel == 200 and receipt in (201, 409)
    line.refresh_from_db()
    request = PurchaseRequest.objects.get(pk=order.purchase_request_id)
    assert line.received_quantity == (Decimal("5") if receipt == 201 else Decimal("1"))
    assert request.released_total == (line.quantity - line.received_quantity) * line.unit_price


def test_a_short_close_racing_a_receipt_releases_exactly_what_stayed_open():
    """The close and the receipt lock the same order: whichever comes second sees the first, so
    the amount released from the budget is what was still open when the order closed."""
    org = make_org()
    for _ in range(3):
        _short_close_against_a_receipt(org)
