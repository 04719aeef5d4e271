"""Requests that used to get stuck or fail: a cancelled draft, an approver who left, a vendor
deactivated while the request waited."""

from decimal import Decimal

import pytest

from conftest import bearer_client
from core.models import AuditEvent
from purchases.models import PurchaseOrder, PurchaseRequest
from purchases.tests.factories import VendorFactory, make_org, make_request
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/purchase-requests/"


def post(user, request, action, body=None):
    return bearer_client(user).post(f"{URL}{request.pk}/{action}/", body or {}, format="json")


def test_a_draft_is_cancelled_cleanly():
    """It used to be a 500: the submitted-time constraint refused a CANCELLED row never submitted."""
    org = make_org()
    request = make_request(org.requester)
    response = post(org.requester, request, "cancel")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "CANCELLED" and response.json()["submitted_at"] is None
    assert AuditEvent.objects.filter(action="purchase_request.cancel", object_id=str(request.pk)).exists()


def test_an_admin_reassigns_the_current_step_and_the_new_approver_decides():
    org = make_org()
    request = make_request(org.requester, total_items=(("Desk", "1", "900.00"),))
    assert post(org.requester, request, "submit").status_code == 200
    other = UserFactory(role=Role.APPROVER, approval_limit=Decimal("5000.00"))
    admin = UserFactory(role=Role.ADMIN)

    assert post(org.approver, request, "reassign", {"approver": other.pk}).status_code == 403
    response = post(admin, request, "reassign", {"approver": other.pk, "reason": "On leave"})
    assert response.status_code == 200, response.json()
    assert [step["approver"]["id"] for step in response.json()["approval_steps"]] == [other.pk]
    event = AuditEvent.objects.get(action="purchase_request.step_reassign")
    assert event.before["approver"] == org.approver.email and event.after["reason"] == "On leave"
    assert post(org.approver, request, "approve").status_code == 404  # no longer theirs to see
    assert post(other, request, "approve").status_code == 200
    request.refresh_from_db()
    assert request.status == PurchaseRequest.Status.APPROVED


@pytest.mark.parametrize("who", ["requester", "inactive", "no_limit"])
def test_a_step_is_never_reassigned_to_someone_who_may_not_approve_it(who):
    org = make_org()
    request = make_request(org.requester)
    assert post(org.requester, request, "submit").status_code == 200
    target = {
        "requester": org.requester,
        "inactive": UserFactory(role=Role.APPROVER, approval_limit=Decimal("9000.00"), is_active=False),
        "no_limit": UserFactory(role=Role.APPROVER, approval_limit=Decimal("0.00")),
    }[who]
    response = post(UserFactory(role=Role.ADMIN), request, "reassign", {"approver": target.pk})
    assert response.status_code == 400 and "approver" in response.json()["fields"]
    assert list(request.approval_steps.values_list("approver_id", flat=True)) == [org.approver.pk]


def test_a_request_whose_vendor_was_deactivated_is_approved_without_an_order():
    """Every approval used to answer 400 vendor_inactive, keeping the amount committed forever."""
    org = make_org()
    vendor = VendorFactory()
    request = make_request(org.requester, vendor=vendor, total_items=(("Desk", "1", "900.00"),))
    assert post(org.requester, request, "submit").status_code == 200
    vendor.is_active = False
    vendor.save()
    response = post(org.approver, request, "approve")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "APPROVED" and response.json()["purchase_order"] is None
    assert not PurchaseOrder.objects.exists()
    # Procurement then issues the order to an active vendor.
    replacement = VendorFactory()
    created = bearer_client(org.procurement).post(
        "/api/purchase-orders/", {"purchase_request": request.pk, "vendor": replacement.pk}, format="json"
    )
    assert created.status_code == 201, created.json()


def test_deactivating_an_approver_hands_their_waiting_steps_up_the_line():
    """Their requests used to stay PENDING forever, with the amount committed in the budget."""
    org = make_org()
    request = make_request(org.requester, total_items=(("Desk", "1", "900.00"),))
    assert post(org.requester, request, "submit").status_code == 200
    admin = UserFactory(role=Role.ADMIN)
    response = bearer_client(admin).patch(f"/api/users/{org.approver.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200, response.json()
    step = request.approval_steps.get()
    assert (step.approver_id, step.status) == (org.finance.pk, "PENDING")  # the approver's manager
    event = AuditEvent.objects.get(action="purchase_request.step_reassign")
    assert event.actor_id == admin.pk and "was deactivated" in event.after["reason"]
    assert post(org.finance, request, "approve").status_code == 200


def test_requests_that_together_pass_the_spending_limit_are_flagged_as_a_possible_split():
    org = make_org()
    org.requester.spending_limit = Decimal("1000.00")
    org.requester.save()
    vendor = VendorFactory(name="Acme Office")
    first = make_request(org.requester, vendor=vendor, total_items=(("Chairs", "1", "600.00"),))
    other_vendor = make_request(org.requester, vendor=VendorFactory(), total_items=(("Desk", "1", "900.00"),))
    second = make_request(org.requester, vendor=vendor, total_items=(("Chairs", "1", "600.00"),))
    for request in (first, other_vendor):
        assert post(org.requester, request, "submit").json()["flags"] == []
    flagged = post(org.requester, second, "submit").json()["flags"]
    assert flagged == [
        f"Possible split purchase: with {first.number} (Acme Office, last 14 days) the requester asks for "
        "1200.00 USD, above their spending limit of 1000.00."
    ]
    event = AuditEvent.objects.get(action="purchase_request.split_suspected")
    assert event.object_id == str(second.pk) and event.after["flags"] == flagged
    # The approver sees it on the request and in the e-mail asking for the approval.
    assert bearer_client(org.approver).get(f"{URL}{second.pk}/").json()["flags"] == flagged
    from django.core import mail

    from purchases.notifications import approval_step_notify

    approval_step_notify(step_id=second.approval_steps.get().pk)
    assert f"Warning: {flagged[0]}" in mail.outbox[-1].body
