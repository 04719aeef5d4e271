"""The dashboard's recent activity says what happened and who caused it."""

import pytest

from conftest import bearer_client
from core.models import AuditEvent
from purchases.tests.factories import VendorFactory, make_org, make_request
from reports.selectors import activity_summary

pytestmark = pytest.mark.django_db

URL = "/api/dashboard/stats/"
PR_URL, PO_URL = "/api/purchase-requests/", "/api/purchase-orders/"


def _feed(user) -> list[tuple[str, str]]:
    """(object_repr, summary), oldest first."""
    events = bearer_client(user).get(URL).json()["recent_activity"]
    return [(event["object_repr"], event["summary"]) for event in reversed(events)]


def _submit_and_approve(org, request):
    assert bearer_client(org.requester).post(f"{PR_URL}{request.pk}/submit/").status_code == 200
    assert bearer_client(org.approver).post(f"{PR_URL}{request.pk}/approve/").status_code == 200


def test_an_automatic_order_and_its_goods_receipts_read_as_what_happened():
    org = make_org()
    request = make_request(org.requester, vendor=VendorFactory(), total_items=(("Laptop", "2", "1200.00"),))
    _submit_and_approve(org, request)
    request.refresh_from_db()
    order = request.purchase_order
    line = order.lines.get()
    receipts = f"{PO_URL}{order.pk}/receipts/"
    assert bearer_client(org.procurement).post(receipts, {"lines": [{"po_line": line.pk, "quantity": "1"}]}).status_code == 201
    assert bearer_client(org.requester).post(receipts, {"lines": [{"po_line": line.pk, "quantity": "1"}]}).status_code == 201

    pr, po = str(request), order.number
    assert _feed(org.procurement) == [
        (pr, f"Created by {org.requester.email}"),
        (pr, f"Submitted for approval by {org.requester.email}"),
        (pr, f"Approved by {org.approver.email}"),
        (po, f"PO issued automatically on approval by {org.approver.email}"),
        (po, f"Goods partly received by {org.procurement.email}"),
        (po, f"Goods received by {org.requester.email}"),
    ]


def test_an_order_procurement_issues_later_is_not_automatic():
    org = make_org()
    request = make_request(org.requester, total_items=(("Desk", "1", "300.00"),))  # no vendor: no order on approval
    _submit_and_approve(org, request)
    body = {"purchase_request": request.pk, "vendor": VendorFactory().pk}
    assert bearer_client(org.procurement).post(PO_URL, body).status_code == 201

    assert _feed(org.procurement)[-3:] == [
        (str(request), f"Approved by {org.approver.email}"),
        (str(request), f"Vendor set by the order by {org.procurement.email}"),
        (request.purchase_order.number, f"PO issued by {org.procurement.email}"),
    ]


def test_steps_on_the_way_up_the_system_and_unknown_actions_have_a_sentence_too():
    org = make_org()
    request = make_request(org.requester)

    def event(action, actor, after=None):
        return AuditEvent(action=action, actor=actor, after=after, object_type="purchases.purchaserequest")

    assert (
        activity_summary(event("purchase_request.approve", org.approver, {"status": "PENDING_APPROVAL", "step": 1}))
        == f"Approved by {org.approver.email} at step 1, on to the next approver"
    )
    assert activity_summary(event("purchase_request.step_reassign", None, {"step": 2, "approver": "x@example.com"})) == (
        "Approval step 2 reassigned to x@example.com automatically"
    )
    assert activity_summary(event("purchase_order.close", None)) == "PO closed automatically"
    assert activity_summary(event("purchase_request.reject", org.finance)) == f"Rejected by {org.finance.email}"
    assert activity_summary(event("purchase_request.frozen_for_audit", org.finance)) == (
        f"Frozen for audit by {org.finance.email}"
    )
    assert request  # the events above need no rows


def event(action, actor, after=None):
    return AuditEvent(action=action, actor=actor, after=after, object_type="purchases.purchaserequest")


def test_a_delegate_decision_a_revise_a_copy_and_a_comment_read_as_what_happened():
    org = make_org()
    assert (
        activity_summary(event("purchase_request.revise", org.requester)) == f"Revised back to a draft by {org.requester.email}"
    )
    assert activity_summary(event("comment.create", org.approver)) == f"Commented on by {org.approver.email}"
    copy = event("purchase_request.duplicate", org.approver, after={"copied_from": "PR-2026-000007"})
    assert activity_summary(copy) == f"Created as a copy of PR-2026-000007 by {org.approver.email}"
    behalf = event("purchase_request.approve", org.finance, after={"status": "APPROVED", "on_behalf_of": org.approver.email})
    assert activity_summary(behalf) == f"Approved by {org.finance.email} on behalf of {org.approver.email}"
