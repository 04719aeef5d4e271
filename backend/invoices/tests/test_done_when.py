"""The issue's acceptance path through the API, as an outside client: a laptop ordered twice,
received once."""

import pytest

from conftest import bearer_client
from core.models import AuditEvent
from invoices.services import invoices_rematch_for_order

from .helpers import INVOICES, by_hand, ordered, read_document

pytestmark = pytest.mark.django_db


def test_laptops_ordered_twice_received_once():
    setup = ordered(items=(("Laptop", "2", "1200.00"),))
    setup.receive("1")
    finance = bearer_client(setup.org.finance)

    # An invoice for one laptop at the PO price, from its uploaded PDF: matched, linked to the PO.
    document = read_document(setup, lines=(("Laptop", "1", "1200.00"),))
    assert document.status == "COMPLETED", document.error
    response = finance.post(INVOICES, {"document": document.pk}, format="json")
    assert response.status_code == 201, response.json()
    first = response.json()
    assert first["purchase_order"]["id"] == setup.order.pk
    assert first["match_status"] == "matched" and first["status"] == "APPROVED"
    assert first["lines"][0]["po_line"]["id"] == setup.line.pk
    assert first["number"] == "INV 2026-0042" and first["total"] == "1200.000"

    # The same document again: 409 duplicate_invoice.
    again = finance.post(INVOICES, {"document": document.pk}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "duplicate_invoice"

    # +10 %: a price_variance hold owned by procurement; its creator cannot release it.
    response = finance.post(INVOICES, by_hand(setup, number="INV-2001", unit_price="1320.00"), format="json")
    assert response.status_code == 201, response.json()
    pricey = response.json()
    assert pricey["match_status"] == "on_hold"
    holds = {hold["code"]: hold for hold in pricey["holds"] if hold["status"] == "open"}
    # It also bills a second laptop while only one was received (the first invoice billed it).
    assert {code: hold["owner_role"] for code, hold in holds.items()} == {
        "price_variance": "procurement",
        "qty_not_received": "requester",
    }
    hold = holds["price_variance"]
    assert "+10.0 %" in hold["detail"] and "tolerance 2 % / 25.00" in hold["detail"]
    release = f"{INVOICES}{pricey['id']}/holds/{hold['id']}/release/"
    assert finance.post(release, {"reason": "agreed"}, format="json").status_code == 403
    procurement = bearer_client(setup.org.procurement)
    assert procurement.post(release, {}, format="json").status_code == 400  # a reason is required
    released = procurement.post(release, {"reason": "Price rise agreed by phone"}, format="json")
    assert released.status_code == 200, released.json()
    statuses = {hold["code"]: hold["status"] for hold in released.json()["holds"]}
    assert statuses == {"price_variance": "released", "qty_not_received": "open"}
    assert AuditEvent.objects.filter(action="invoice_hold.release", object_id=str(pricey["id"])).exists()
    # Every live invoice on the line counts: the two above are cancelled before the next step.
    for invoice in (pricey, first):
        assert finance.post(f"{INVOICES}{invoice['id']}/cancel/", {"reason": "test"}, format="json").status_code == 200

    # Both laptops: on hold for the one not received, until the second receipt.
    response = finance.post(INVOICES, by_hand(setup, number="INV-2002", quantity="2"), format="json")
    both = response.json()
    assert response.status_code == 201 and both["match_status"] == "on_hold", both
    assert {hold["code"] for hold in both["holds"] if hold["status"] == "open"} == {"qty_not_received"}
    assert "invoiced so far 2 (this invoice 2); 1 of 2 received" in both["holds"][0]["detail"]
    setup.receive("1")
    invoices_rematch_for_order(order_id=setup.order.pk)  # what the task does once the receipt commits
    after = finance.get(f"{INVOICES}{both['id']}/").json()
    assert after["match_status"] == "matched" and after["status"] == "APPROVED"
    assert [hold["status"] for hold in after["holds"]] == ["cleared"]
    assert [line["po_line"]["invoiced_quantity"] for line in after["lines"]] == ["2.000"]
