from decimal import Decimal

import pytest

from conftest import bearer_client
from core.models import AuditEvent
from purchases.models import ApprovalStep, PurchaseOrder, PurchaseRequest
from purchases.tests.factories import VendorFactory, make_org, make_request
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/purchase-requests/"


def submit(user, request):
    return bearer_client(user).post(f"{URL}{request.pk}/submit/")


def chain(request):
    return [(step.approver_id, step.status) for step in request.approval_steps.order_by("sequence")]


def test_spending_limit_exceeded_names_limit_and_total():
    org = make_org()
    org.requester.spending_limit = Decimal("1000.00")
    org.requester.save()
    request = make_request(org.requester, total_items=(("Server", "1", "1000.01"),))
    response = submit(org.requester, request)
    assert response.status_code == 400
    assert response.json()["code"] == "spending_limit_exceeded"
    assert response.json()["fields"] == {"limit": "1000.00", "total": "1000.01"}
    request.refresh_from_db()
    assert request.status == "DRAFT" and not request.approval_steps.exists()


def test_budget_counts_pending_and_approved_requests():
    org = make_org(budget=Decimal("5000.00"))
    first = make_request(org.requester, total_items=(("A", "1", "3000.00"),))
    assert submit(org.requester, first).status_code == 200
    second = make_request(org.requester, total_items=(("B", "1", "2000.01"),))
    response = submit(org.requester, second)
    assert response.status_code == 400 and response.json()["code"] == "budget_exceeded"
    assert response.json()["fields"]["remaining"] == "2000.00"
    # A rejected request gives its budget back.
    bearer_client(org.approver).post(f"{URL}{first.pk}/reject/", {"comment": "Not this quarter"})
    assert submit(org.requester, second).status_code == 200


def test_small_request_needs_only_the_manager():
    org = make_org()
    request = make_request(org.requester, total_items=(("Keyboard", "10", "50.00"),))
    assert submit(org.requester, request).json()["status"] == "PENDING_APPROVAL"
    assert chain(request) == [(org.approver.pk, "PENDING")]
    assert AuditEvent.objects.filter(action="purchase_request.submit", object_id=str(request.pk)).exists()


def test_large_request_walks_up_to_a_manager_whose_limit_covers_it():
    org = make_org()
    request = make_request(org.requester, total_items=(("Servers", "4", "5000.00"),))
    body = submit(org.requester, request).json()
    assert [step["approver"]["id"] for step in body["approval_steps"]] == [org.approver.pk, org.finance.pk]
    assert [step["status"] for step in body["approval_steps"]] == ["PENDING", "QUEUED"]


def test_when_the_line_runs_out_a_finance_user_closes_the_chain():
    department_manager = UserFactory(role=Role.APPROVER, approval_limit=Decimal("1000.00"))
    requester = UserFactory(spending_limit=Decimal("90000"), manager=None)
    requester.department.manager = department_manager
    requester.department.save()
    big_finance = UserFactory(role=Role.FINANCE, approval_limit=Decimal("80000.00"))
    UserFactory(role=Role.FINANCE, approval_limit=Decimal("500.00"))  # too small
    request = make_request(requester, total_items=(("Fleet", "1", "70000.00"),))
    assert submit(requester, request).status_code == 200
    assert chain(request) == [(department_manager.pk, "PENDING"), (big_finance.pk, "QUEUED")]


def test_nobody_approves_their_own_request():
    org = make_org()
    # The approver raises a request: their own manager (finance) approves it, never themself.
    request = make_request(org.approver, total_items=(("Book", "1", "40.00"),))
    org.approver.spending_limit = Decimal("100")
    org.approver.save()
    assert submit(org.approver, request).status_code == 200
    assert chain(request) == [(org.finance.pk, "PENDING")]
    # A finance user who manages the department and has no manager: the chain skips them and
    # another finance user closes it.
    other_finance = UserFactory(role=Role.FINANCE, approval_limit=Decimal("100000"))
    org.finance.spending_limit = Decimal("100")
    org.finance.save()
    org.department.manager = org.finance
    org.department.save()
    own = make_request(org.finance, total_items=(("Pen", "1", "10.00"),))
    assert submit(org.finance, own).status_code == 200
    assert chain(own) == [(other_finance.pk, "PENDING")]


def test_no_approver_with_a_high_enough_limit_is_400_and_nothing_changes():
    org = make_org()
    org.finance.approval_limit = Decimal("10000.00")
    org.finance.save()
    request = make_request(org.requester, total_items=(("Truck", "1", "40000.00"),))
    response = submit(org.requester, request)
    assert response.status_code == 400 and response.json()["code"] == "no_approver_available"
    request.refresh_from_db()
    assert request.status == "DRAFT" and not ApprovalStep.objects.exists()


def test_sequential_approvals_then_po_created_in_the_same_transaction_when_a_vendor_is_named():
    org = make_org()
    vendor = VendorFactory()
    request = make_request(org.requester, total_items=(("Servers", "2", "5000.00"),), vendor=vendor)
    submit(org.requester, request)
    # Finance is second: acting before the approver is not their turn.
    response = bearer_client(org.finance).post(f"{URL}{request.pk}/approve/")
    assert response.status_code == 409 and response.json()["code"] == "not_your_turn"
    inbox = bearer_client(org.approver).get("/api/approvals/").json()
    assert [row["purchase_request"]["id"] for row in inbox["results"]] == [request.pk]
    assert (
        bearer_client(org.approver).post(f"{URL}{request.pk}/approve/", {"comment": "OK"}).json()["status"] == "PENDING_APPROVAL"
    )
    assert bearer_client(org.approver).get("/api/approvals/").json()["count"] == 0
    assert bearer_client(org.finance).get("/api/approvals/").json()["count"] == 1
    again = bearer_client(org.approver).post(f"{URL}{request.pk}/approve/")
    assert again.status_code == 409 and again.json()["code"] == "already_decided"
    body = bearer_client(org.finance).post(f"{URL}{request.pk}/approve/").json()
    assert body["status"] == "APPROVED"
    order = PurchaseOrder.objects.get(purchase_request=request)
    assert body["purchase_order"] == {"id": order.pk, "number": order.number, "status": "ISSUED"}
    assert [(line.description, line.quantity, line.line_total) for line in order.lines.all()] == [
        ("Servers", Decimal("2.000"), Decimal("10000.00"))
    ]
    assert order.total == Decimal("10000.00") and order.vendor == vendor


def test_approval_without_vendor_leaves_the_po_to_procurement():
    org = make_org()
    request = make_request(org.requester)
    submit(org.requester, request)
    bearer_client(org.approver).post(f"{URL}{request.pk}/approve/")
    request.refresh_from_db()
    assert request.status == "APPROVED" and not PurchaseOrder.objects.exists()


def test_reject_needs_a_comment_and_skips_the_rest_of_the_chain():
    org = make_org()
    request = make_request(org.requester, total_items=(("Servers", "2", "5000.00"),))
    submit(org.requester, request)
    client = bearer_client(org.approver)
    for body in ({}, {"comment": ""}, {"comment": "   "}):
        response = client.post(f"{URL}{request.pk}/reject/", body)
        assert response.status_code == 400 and "comment" in response.json()["fields"]
    assert client.post(f"{URL}{request.pk}/reject/", {"comment": "Too expensive"}).json()["status"] == "REJECTED"
    assert chain(request) == [(org.approver.pk, "REJECTED"), (org.finance.pk, "SKIPPED")]
    event = AuditEvent.objects.get(action="purchase_request.reject")
    assert event.after["comment"] == "Too expensive" and event.actor == org.approver


def test_wrong_user_and_wrong_state_are_refused_with_the_data_unchanged():
    org = make_org()
    request = make_request(org.requester)
    # Not submitted yet: approving a draft is a state conflict.
    assert bearer_client(org.approver).post(f"{URL}{request.pk}/approve/").status_code in (404, 409)
    submit(org.requester, request)
    procurement = bearer_client(org.procurement).post(f"{URL}{request.pk}/approve/")
    assert procurement.status_code == 403 and procurement.json()["code"] == "not_current_approver"
    assert bearer_client(org.requester).post(f"{URL}{request.pk}/approve/").status_code == 403
    assert bearer_client(org.requester).post(f"{URL}{request.pk}/cancel/").json()["status"] == "CANCELLED"
    response = bearer_client(org.approver).post(f"{URL}{request.pk}/approve/")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert chain(request) == [(org.approver.pk, "SKIPPED")]
    assert bearer_client(org.requester).post(f"{URL}{request.pk}/cancel/").status_code == 409
    assert bearer_client(org.requester).post(f"{URL}{request.pk}/submit/").status_code == 409
    assert PurchaseRequest.objects.get(pk=request.pk).status == "CANCELLED"


def test_unknown_field_in_approve_body_is_400():
    org = make_org()
    request = make_request(org.requester)
    submit(org.requester, request)
    response = bearer_client(org.approver).post(f"{URL}{request.pk}/approve/", {"comment": "ok", "approved": True})
    assert response.status_code == 400
    assert PurchaseRequest.objects.get(pk=request.pk).status == "PENDING_APPROVAL"


def test_history_shows_the_requests_and_its_orders_audit_trail_to_those_who_see_it():
    org = make_org()
    request = make_request(org.requester, vendor=VendorFactory())
    submit(org.requester, request)
    bearer_client(org.approver).post(f"{URL}{request.pk}/approve/", {"comment": "Go"})
    history = bearer_client(org.requester).get(f"{URL}{request.pk}/history/").json()
    assert [event["action"] for event in history["results"]] == [
        "purchase_request.create",
        "purchase_request.submit",
        "purchase_request.approve",
        "purchase_order.create",
    ]
    assert history["results"][2]["after"]["comment"] == "Go"
    assert bearer_client(UserFactory()).get(f"{URL}{request.pk}/history/").status_code == 404
