"""The re-match runs by itself: a goods receipt recorded through the API commits, the real Celery
worker re-matches the order's invoices, and the one on hold for the missing laptop turns
approved with nobody touching it; its owner was e-mailed a link to it."""

import time

import pytest

from conftest import bearer_client, mails_since, wait_for
from invoices.models import Invoice

from .helpers import INVOICES, by_hand, ordered

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_late_receipt_clears_the_hold_by_itself(celery_worker_process, settings):
    start = time.time() - 1
    setup = ordered(items=(("Laptop", "2", "1200.00"),))
    receive = f"/api/purchase-orders/{setup.order.pk}/receipts/"
    requester = bearer_client(setup.org.requester)
    assert requester.post(receive, {"lines": [{"po_line": setup.line.pk, "quantity": "1"}]}, format="json").status_code == 201
    invoice = bearer_client(setup.org.finance).post(INVOICES, by_hand(setup, quantity="2"), format="json").json()
    assert invoice["status"] == "ON_HOLD"
    wait_for(
        lambda: any(f"/invoices/{invoice['id']}" in mail for mail in mails_since(start)),
        timeout=60,
        message="the hold's owner to be e-mailed",
    )
    assert requester.post(receive, {"lines": [{"po_line": setup.line.pk, "quantity": "1"}]}, format="json").status_code == 201
    wait_for(
        lambda: Invoice.objects.get(pk=invoice["id"]).status == "APPROVED",
        timeout=60,
        message="the worker to re-match the invoice",
    )
    after = bearer_client(setup.org.finance).get(f"{INVOICES}{invoice['id']}/").json()
    assert [hold["status"] for hold in after["holds"]] == ["cleared"]
