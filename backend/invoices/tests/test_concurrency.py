"""Invoices entered at the same moment, against PostgreSQL with real threads, each on its own
connection, released together: the PO-line locks make each match count the invoices committed
before it, and the database constraint refuses a second live invoice with the same number."""

from decimal import Decimal

import pytest

from conftest import bearer_client, race
from invoices.models import HoldCode, HoldStatus, Invoice, InvoiceHold

from .helpers import INVOICES, by_hand, ordered

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 6


def test_concurrent_invoices_for_the_one_laptop_received_approve_exactly_one():
    """Two laptops ordered, one received; six invoices of one laptop each, with different numbers,
    entered at once: one is matched (and approved), the other five are on hold, the second for a
    laptop not received, the later ones for laptops not even ordered. The prices are a little
    under the PO's (under-billing passes) and all different, so no two totals are alike and no
    invoice is held as a possible duplicate of another."""
    setup = ordered(items=(("Laptop", "2", "1200.00"),))
    setup.receive("1")
    clients = [bearer_client(setup.org.finance) for _ in range(CLIENTS)]
    bodies = [
        by_hand(setup, number=f"INV-RACE-{index}", quantity="1", unit_price=str(Decimal("1200.00") - index))
        for index in range(CLIENTS)
    ]

    responses = race(CLIENTS, lambda i: clients[i].post(INVOICES, bodies[i], format="json"))

    assert [response.status_code for response in responses] == [201] * CLIENTS, [r.json() for r in responses]
    invoices = Invoice.objects.filter(purchase_order=setup.order)
    assert invoices.count() == CLIENTS
    statuses = sorted(invoices.values_list("status", "match_status"))
    assert statuses == [("APPROVED", "matched")] + [("ON_HOLD", "on_hold")] * (CLIENTS - 1), statuses
    assert invoices.filter(status__in=[Invoice.Status.APPROVED, Invoice.Status.MATCHED]).count() == 1
    # The one approved is the first entered; each held one counts the invoices entered before it:
    # the second bills a second laptop, ordered but not received, the later ones more laptops
    # than were ordered.
    first, second, *later = invoices.order_by("pk")
    assert first.status == Invoice.Status.APPROVED
    expected = {second.pk: {HoldCode.QTY_NOT_RECEIVED}} | {invoice.pk: {HoldCode.QTY_OVER_ORDERED} for invoice in later}
    open_holds = {
        invoice.pk: set(invoice.holds.filter(status=HoldStatus.OPEN).values_list("code", flat=True))
        for invoice in invoices.exclude(pk=first.pk)
    }
    assert open_holds == expected
    held = InvoiceHold.objects.get(invoice=second, status=HoldStatus.OPEN)
    assert held.evidence["invoiced_before"] == "1.000" and held.evidence["received"] == "1.000", held.evidence
    assert InvoiceHold.objects.filter(invoice__in=invoices, status=HoldStatus.OPEN).count() == CLIENTS - 1
    assert setup.line.received_quantity == Decimal("1")


def test_the_same_invoice_number_entered_concurrently_is_entered_once():
    setup = ordered(items=(("Laptop", "2", "1200.00"),))
    setup.receive("1")
    clients = [bearer_client(setup.org.finance) for _ in range(CLIENTS)]
    body = by_hand(setup, number="INV-SAME-1", quantity="1")

    responses = race(CLIENTS, lambda i: clients[i].post(INVOICES, body, format="json"))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201] + [409] * (CLIENTS - 1), [r.json() for r in responses]
    refused = [response.json() for response in responses if response.status_code == 409]
    assert {error["code"] for error in refused} == {"duplicate_invoice"}, refused
    created = next(response.json() for response in responses if response.status_code == 201)
    assert all(f"id {created['id']}" in error["detail"] for error in refused), refused
    assert Invoice.objects.filter(vendor=setup.order.vendor).count() == 1
    assert Invoice.objects.get().pk == created["id"]


def test_receipts_and_invoices_on_one_order_at_once_never_deadlock():
    """A goods receipt locks its order, then the lines; entering an invoice takes them in the same
    order (it used to lock the lines first and the order only at commit, through the foreign key:
    the two could wait on each other, and PostgreSQL aborted one with a 500)."""
    setup = ordered(items=(("Laptop", "20", "1200.00"),))
    receiver, clerk = bearer_client(setup.org.procurement), bearer_client(setup.org.finance)
    receipt = {"lines": [{"po_line": setup.line.pk, "quantity": "1"}]}
    for round_ in range(5):
        body = by_hand(setup, number=f"INV-MIX-{round_}", unit_price=str(Decimal("1200.00") - round_))
        actions = [
            lambda: receiver.post(f"/api/purchase-orders/{setup.order.pk}/receipts/", receipt, format="json"),
            lambda body=body: clerk.post(INVOICES, body, format="json"),
        ]
        statuses = [response.status_code for response in race(2, lambda i, actions=actions: actions[i]())]
        assert statuses == [201, 201], statuses
    assert Invoice.objects.filter(purchase_order=setup.order).count() == 5
