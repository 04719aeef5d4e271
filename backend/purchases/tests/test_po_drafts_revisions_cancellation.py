"""Issue 16's purchasing loop through the API: procurement's queue, a PO drafted and completed
within the tolerance, issued, amended (rev 2, the vendor is sent the change), partly received
with a delivery note and a rejected quantity, short-closed; a cancellation that re-issues or
closes the request; returns; the budget, the request and the vendor's mail agree throughout."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from conftest import bearer_client
from core.models import AuditEvent
from notifications.models import Notification
from purchases.models import PurchaseOrder, PurchaseRequest
from purchases.selectors import department_committed
from purchases.tasks import purchase_order_vendor_notify_task
from purchases.tests.factories import VendorFactory, make_org
from purchases.tests.test_orders_and_receipts import approved_request, pdf_text

pytestmark = pytest.mark.django_db

PO_URL, PR_URL, QUEUE_URL = "/api/purchase-orders/", "/api/purchase-requests/", "/api/procurement-queue/"


def vendor_mail() -> bool:
    """Run the vendor's mail task as the worker would (the on-commit send never fires here)."""
    return purchase_order_vendor_notify_task.apply(args=(PurchaseOrder.objects.get().pk,)).get()


def committed(org) -> Decimal:
    return department_committed(department_id=org.department.pk, moment=timezone.now())


def draft(org, request, **extra):
    body = {"purchase_request": request.pk, "vendor": VendorFactory(email="sales@vendor.example").pk, "issue": False, **extra}
    response = bearer_client(org.procurement).post(PO_URL, body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_the_whole_loop_queue_draft_issue_amend_receive_short_close():
    org = make_org()
    request = approved_request(org)  # Laptop 2 x 1200.00, Mouse 10 x 15.50 = 2555.00, no vendor
    procurement = bearer_client(org.procurement)
    assert committed(org) == Decimal("2555.00")

    queue = procurement.get(QUEUE_URL).json()
    assert [(row["number"], row["reason"]) for row in queue["requests"]] == [(request.number, "no_vendor")]
    assert bearer_client(org.requester).get(QUEUE_URL).status_code == 403

    order = draft(org, request)
    assert order["status"] == "DRAFT" and order["issued_at"] is None and order["max_total"] == "2682.75"
    queue = procurement.get(QUEUE_URL).json()
    assert [(row["reason"], row["draft_order"]) for row in queue["requests"]] == [("draft", order["id"])]
    laptop, mouse = order["lines"]

    # Completing the draft: a price within 5 % of the approved total, a delivery date, ship-to, tax.
    delivery = (date.today() + timedelta(days=10)).isoformat()
    lines = [
        {"po_line": laptop["id"], "description": "Laptop", "quantity": "2", "unit_price": "1250.00", "tax_rate": "19"},
        {"po_line": mouse["id"], "description": "Mouse", "quantity": "10", "unit_price": "15.50", "tax_rate": "7"},
    ]
    body = {"lines": lines, "expected_delivery": delivery, "ship_to": "Dock 4\nBerlin", "incoterms": "DAP Berlin"}
    response = procurement.patch(f"{PO_URL}{order['id']}/", body, format="json")
    assert response.status_code == 200, response.json()
    order = response.json()
    assert (order["total"], order["tax_total"], order["expected_delivery"]) == ("2655.00", "485.85", delivery)

    # Beyond the tolerance: refused, and nothing of it is kept.
    over = [{**lines[0], "unit_price": "1320.00"}, lines[1]]
    response = procurement.patch(f"{PO_URL}{order['id']}/", {"lines": over, "notes": "x"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "over_tolerance", response.json()
    assert "2,682.75 USD" in response.json()["detail"]
    assert procurement.get(f"{PO_URL}{order['id']}/").json()["notes"] == ""
    assert vendor_mail() is False  # a draft is never sent

    response = procurement.post(f"{PO_URL}{order['id']}/issue/")
    assert response.status_code == 200 and response.json()["status"] == "ISSUED"
    assert procurement.post(f"{PO_URL}{order['id']}/issue/").status_code == 409
    assert vendor_mail() is True and vendor_mail() is False
    [issued] = mail.outbox
    assert issued.subject.startswith(f"Purchase order {order['number']} from")
    text = pdf_text(issued.attachments[0][1])
    for expected in ("Dock 4", "DAP Berlin", delivery, "Tax 19 % on 2,500.00 USD", "475.00 USD", "3,140.85 USD"):
        assert expected in text, expected
    assert procurement.get(QUEUE_URL).json()["requests"] == []

    # A change order: one more mouse at a new price, a new line; rev 2, sent with the changes.
    lines = [
        lines[0],
        {**lines[1], "quantity": "12", "unit_price": "13.50"},
        {"description": "Dock", "quantity": "1", "unit_price": "20.00"},
    ]
    response = procurement.post(
        f"{PO_URL}{order['id']}/revisions/", {"lines": lines, "note": "As agreed by phone"}, format="json"
    )
    assert response.status_code == 201, response.json()
    order = response.json()
    assert (order["revision"], order["label"], order["total"]) == (2, f"{order['number']} rev 2", "2682.00")
    [revision] = order["revisions"]
    assert revision["changes"] == [
        "Line 2 (Mouse): quantity 10 -> 12, unit price 15.50 USD -> 13.50 USD.",
        "Line 3 added: Dock, 1 x 20.00 USD.",
    ]
    assert vendor_mail() is True
    changed = mail.outbox[-1]
    assert changed.subject.startswith(f"Change to purchase order {order['number']} rev 2")
    assert "quantity 10 -> 12" in changed.body and "As agreed by phone" in changed.body
    assert "<mark>" in changed.alternatives[0][0]
    same = [
        {key: line[key] for key in ("description", "quantity", "unit_price", "tax_rate")} | {"po_line": line["id"]}
        for line in order["lines"]
    ]
    nothing = procurement.post(f"{PO_URL}{order['id']}/revisions/", {"lines": same}, format="json")
    assert nothing.status_code == 400 and nothing.json()["code"] == "nothing_changed"

    # Part received with a delivery note; one laptop refused at the door (damaged).
    laptop, mouse, dock = order["lines"]
    receipt = {
        "delivery_note": "DN-7781",
        "lines": [
            {"po_line": laptop["id"], "quantity": "1", "rejected_quantity": "1", "note": "screen cracked"},
            {"po_line": mouse["id"], "quantity": "12"},
        ],
    }
    response = procurement.post(f"{PO_URL}{order['id']}/receipts/", receipt, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["purchase_order"]["status"] == "PARTIALLY_RECEIVED"
    order = procurement.get(f"{PO_URL}{order['id']}/").json()
    [history] = order["receipts"]
    assert history["delivery_note"] == "DN-7781" and history["received_by"]["id"] == org.procurement.pk
    assert [(line["description"], line["quantity"], line["rejected_quantity"], line["note"]) for line in history["lines"]] == [
        ("Laptop", "1.000", "1.000", "screen cracked"),
        ("Mouse", "12.000", "0.000", ""),
    ]
    assert [line["received_quantity"] for line in order["lines"]] == ["1.000", "12.000", "0.000"]
    detail = bearer_client(org.requester).get(f"{PR_URL}{request.pk}/").json()
    assert [receipt["delivery_note"] for receipt in detail["receipts"]] == ["DN-7781"]

    # Short-close: the rest is cancelled, what was received stays; its open value is released.
    response = procurement.post(f"{PO_URL}{order['id']}/cancel/", {"reason": "Laptop discontinued"}, format="json")
    assert response.status_code == 200, response.json()
    order = response.json()
    assert order["status"] == "CLOSED" and order["short_closed_at"] and order["cancelled_at"] is None
    assert [line["received_quantity"] for line in order["lines"]] == ["1.000", "12.000", "0.000"]
    request.refresh_from_db()
    assert request.released_total == Decimal("1270.00")  # 1 laptop at 1250.00 and the dock at 20.00
    assert committed(org) == Decimal("2555.00") - Decimal("1270.00")
    assert vendor_mail() is True
    closing = mail.outbox[-1]
    assert "Laptop: 1 of 2 delivered; the rest is cancelled" in closing.body and "Laptop discontinued" in closing.body
    actions = set(AuditEvent.objects.filter(object_id=str(order["id"])).values_list("action", flat=True))
    assert {"purchase_order.draft", "purchase_order.update", "purchase_order.issue", "purchase_order.revise"} <= actions
    assert {"goods_receipt.create", "purchase_order.short_close"} <= actions
    kinds = set(Notification.objects.filter(user=org.requester).values_list("kind", flat=True))
    assert {"po_issued", "po_changed", "goods_received"} <= kinds


def test_cancel_to_reissue_keeps_the_budget_and_the_request_in_the_queue_then_a_second_po():
    org = make_org()
    vendor = VendorFactory(email="a@vendor.example")
    request = approved_request(org, vendor=vendor)  # issued on approval
    order = PurchaseOrder.objects.get()
    procurement = bearer_client(org.procurement)
    assert vendor_mail() is True
    response = procurement.post(f"{PO_URL}{order.pk}/cancel/", {"reissue": True, "reason": "Wrong vendor"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "CANCELLED"
    assert committed(org) == Decimal("2555.00")
    assert purchase_order_vendor_notify_task.apply(args=(order.pk,)).get() is True
    assert "is cancelled" in mail.outbox[-1].body and "Wrong vendor" in mail.outbox[-1].body
    assert [(row["number"], row["reason"]) for row in procurement.get(QUEUE_URL).json()["requests"]] == [
        (request.number, "po_cancelled")
    ]
    response = procurement.post(PO_URL, {"purchase_request": request.pk, "vendor": VendorFactory().pk}, format="json")
    assert response.status_code == 201, response.json()
    detail = bearer_client(org.requester).get(f"{PR_URL}{request.pk}/").json()
    assert detail["purchase_order"]["id"] == response.json()["id"]
    assert [o["status"] for o in detail["purchase_orders"]] == ["ISSUED", "CANCELLED"]


def test_cancel_without_reissue_closes_the_request_and_releases_its_budget():
    org = make_org()
    request = approved_request(org, vendor=VendorFactory())
    order = PurchaseOrder.objects.get()
    response = bearer_client(org.procurement).post(f"{PO_URL}{order.pk}/cancel/", {"reason": "Not needed"}, format="json")
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.closed_at and request.released_total == request.total and committed(org) == Decimal("0.00")
    assert bearer_client(org.procurement).get(QUEUE_URL).json()["requests"] == []
    again = bearer_client(org.procurement).post(PO_URL, {"purchase_request": request.pk, "vendor": VendorFactory().pk})
    assert again.status_code == 409 and PurchaseOrder.objects.count() == 1
    # The vendor was never sent the order: no cancellation to send either.
    assert purchase_order_vendor_notify_task.apply(args=(order.pk,)).get() is False and mail.outbox == []


def test_procurement_closes_a_queued_request_with_a_reason():
    org = make_org()
    request = approved_request(org)
    procurement = bearer_client(org.procurement)
    assert procurement.post(f"{PR_URL}{request.pk}/close/", {}, format="json").status_code == 400
    assert bearer_client(org.requester).post(f"{PR_URL}{request.pk}/close/", {"reason": "x"}).status_code == 403
    response = procurement.post(f"{PR_URL}{request.pk}/close/", {"reason": "Bought elsewhere"}, format="json")
    assert response.status_code == 200 and response.json()["closed_at"] and response.json()["released_total"] == "2555.00"
    assert procurement.post(f"{PR_URL}{request.pk}/close/", {"reason": "again"}).status_code == 409
    assert committed(org) == Decimal("0.00")
    assert Notification.objects.get(user=org.requester, kind="po_changed").text.endswith("Bought elsewhere")


def test_a_draft_cannot_remove_or_undercut_what_was_received_and_bad_lines_change_nothing():
    org = make_org()
    request = approved_request(org, vendor=VendorFactory())
    order = PurchaseOrder.objects.get()
    laptop, mouse = order.lines.all()
    procurement = bearer_client(org.procurement)
    body = {"lines": [{"po_line": laptop.pk, "quantity": "1"}, {"po_line": mouse.pk, "quantity": "4"}]}
    assert procurement.post(f"{PO_URL}{order.pk}/receipts/", body, format="json").status_code == 201
    cases = [
        [{"po_line": laptop.pk, "description": "Laptop", "quantity": "2", "unit_price": "1200.00"}],  # mouse removed
        [
            {"po_line": laptop.pk, "description": "Laptop", "quantity": "0.5", "unit_price": "1200.00"},
            {"po_line": mouse.pk, "description": "Mouse", "quantity": "10", "unit_price": "15.50"},
        ],
        [
            {"po_line": laptop.pk, "description": "Laptop", "quantity": "2", "unit_price": "1200.00"},
            {"po_line": laptop.pk, "description": "Laptop", "quantity": "2", "unit_price": "1200.00"},
        ],
        [{"po_line": 999999, "description": "X", "quantity": "1", "unit_price": "1"}],
        [{"po_line": laptop.pk, "description": "Laptop", "quantity": "2", "unit_price": "-1"}],
        [{"po_line": laptop.pk, "description": "Laptop", "quantity": "2", "unit_price": "1200.00", "tax_rate": "101"}],
    ]
    for lines in cases:
        response = procurement.post(f"{PO_URL}{order.pk}/revisions/", {"lines": lines}, format="json")
        assert response.status_code == 400 and "lines" in response.json()["fields"], (lines, response.json())
    order.refresh_from_db()
    assert order.revision == 1 and order.lines.count() == 2 and not order.revisions.exists()
    assert procurement.patch(f"{PO_URL}{order.pk}/", {"notes": "x"}, format="json").status_code == 409  # not a draft
    assert bearer_client(org.requester).post(f"{PO_URL}{order.pk}/revisions/", {"lines": []}).status_code == 403
    assert request.status == PurchaseRequest.Status.APPROVED


def test_a_return_takes_goods_off_what_was_received():
    org = make_org()
    approved_request(org, vendor=VendorFactory())
    order = PurchaseOrder.objects.get()
    laptop, _ = order.lines.all()
    client = bearer_client(org.requester)  # the requester took delivery
    assert (
        client.post(
            f"{PO_URL}{order.pk}/receipts/", {"lines": [{"po_line": laptop.pk, "quantity": "2"}]}, format="json"
        ).status_code
        == 201
    )
    too_many = client.post(
        f"{PO_URL}{order.pk}/returns/", {"lines": [{"po_line": laptop.pk, "quantity": "3"}], "reason": "x"}, format="json"
    )
    assert too_many.status_code == 400 and too_many.json()["code"] == "over_return"
    assert (
        client.post(
            f"{PO_URL}{order.pk}/returns/", {"lines": [{"po_line": laptop.pk, "quantity": "1"}]}, format="json"
        ).status_code
        == 400
    )
    response = client.post(
        f"{PO_URL}{order.pk}/returns/",
        {"lines": [{"po_line": laptop.pk, "quantity": "1"}], "reason": "Dead on arrival"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "return" and response.json()["note"] == "Dead on arrival"
    laptop.refresh_from_db()
    assert laptop.received_quantity == Decimal("1") and response.json()["purchase_order"]["status"] == "PARTIALLY_RECEIVED"


def test_a_receipt_line_must_take_or_refuse_something():
    org = make_org()
    approved_request(org, vendor=VendorFactory())
    order = PurchaseOrder.objects.get()
    laptop, _ = order.lines.all()
    response = bearer_client(org.procurement).post(
        f"{PO_URL}{order.pk}/receipts/", {"lines": [{"po_line": laptop.pk, "quantity": "0"}]}, format="json"
    )
    assert response.status_code == 400 and response.json()["fields"]["lines"]
    refused_only = {"lines": [{"po_line": laptop.pk, "quantity": "0", "rejected_quantity": "2", "note": "wrong model"}]}
    response = bearer_client(org.procurement).post(f"{PO_URL}{order.pk}/receipts/", refused_only, format="json")
    assert response.status_code == 201 and response.json()["purchase_order"]["status"] == "ISSUED"


@override_settings(PO_ISSUE_ON_APPROVAL=False)
def test_with_issue_on_approval_off_an_approved_request_with_a_vendor_becomes_a_draft():
    org = make_org()
    approved_request(org, vendor=VendorFactory())
    order = PurchaseOrder.objects.get()
    assert order.status == "DRAFT" and order.issued_at is None
    assert AuditEvent.objects.filter(action="purchase_order.draft", after__automatic=True).exists()
    assert [row["reason"] for row in bearer_client(org.procurement).get(QUEUE_URL).json()["requests"]] == ["draft"]


def test_the_queue_lists_orders_late_for_receipt():
    org = make_org()
    approved_request(org, vendor=VendorFactory())
    order = PurchaseOrder.objects.get()
    order.expected_delivery = date.today() - timedelta(days=3)
    order.save()
    late = bearer_client(org.procurement).get(QUEUE_URL).json()["late_orders"]
    assert [row["number"] for row in late] == [order.number]


def test_a_second_tab_issuing_the_same_request_gets_409_naming_the_order():
    org = make_org()
    request = approved_request(org)
    first = draft(org, request)
    response = bearer_client(org.procurement).post(PO_URL, {"purchase_request": request.pk, "vendor": VendorFactory().pk})
    assert response.status_code == 409 and response.json()["code"] == "purchase_order_exists"
    assert first["number"] in response.json()["detail"]
