"""The whole purchasing flow through the API, with notifications sent by a real Celery worker
process through Django's mail framework (files under $DATA_DIR/mail on the embedded default)."""

import time
from decimal import Decimal

import pytest

from conftest import bearer_client, wait_for
from conftest import mails_since as all_mails_since
from purchases.models import PurchaseOrder
from purchases.tests.factories import VendorFactory, make_org

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def mails_since(start: float) -> str:
    return "\n".join(all_mails_since(start))


def test_request_to_received_order_with_emails(celery_worker_process):
    start = time.time() - 1
    org = make_org()
    vendor = VendorFactory(name="Initech Software", email="billing@initech.example.com")
    requester = bearer_client(org.requester)
    created = requester.post(
        "/api/purchase-requests/",
        {
            "title": "Build servers",
            "currency": "USD",
            "vendor": vendor.pk,
            "items": [
                {"description": "Server", "quantity": "2", "unit_price": "4000.00"},
                {"description": "Rack rails", "quantity": "2", "unit_price": "150.00"},
            ],
        },
    ).json()
    assert created["total"] == "8300.00"
    submitted = requester.post(f"/api/purchase-requests/{created['id']}/submit/").json()
    # 8,300 is above the approver's 5,000: the chain is approver then finance.
    assert [step["approver"]["email"] for step in submitted["approval_steps"]] == [org.approver.email, org.finance.email]

    wait_for(lambda: f"To: {org.approver.email}" in mails_since(start), timeout=60, message="mail to the first approver")
    bearer_client(org.approver).post(f"/api/purchase-requests/{created['id']}/approve/", {"comment": "Fine"})
    wait_for(lambda: f"To: {org.finance.email}" in mails_since(start), timeout=60, message="mail to the second approver")
    approved = bearer_client(org.finance).post(f"/api/purchase-requests/{created['id']}/approve/").json()
    assert approved["status"] == "APPROVED" and approved["purchase_order"]["status"] == "ISSUED"

    mail = wait_for(
        lambda: "To: billing@initech.example.com" in mails_since(start) and mails_since(start),
        timeout=60,
        message="mail to the vendor",
    )
    assert approved["purchase_order"]["number"] in mail and "application/pdf" in mail
    assert f'filename="{approved["purchase_order"]["number"]}.pdf"' in mail
    wait_for(lambda: f"To: {org.requester.email}" in mails_since(start), timeout=60, message="mail to the requester")

    order = PurchaseOrder.objects.get(pk=approved["purchase_order"]["id"])
    lines = {line.description: line.pk for line in order.lines.all()}
    url = f"/api/purchase-orders/{order.pk}/receipts/"
    first = requester.post(url, {"lines": [{"po_line": lines["Server"], "quantity": "1"}]}).json()
    assert first["purchase_order"]["status"] == "PARTIALLY_RECEIVED"
    second = requester.post(
        url, {"lines": [{"po_line": lines["Server"], "quantity": "1"}, {"po_line": lines["Rack rails"], "quantity": "2"}]}
    ).json()
    assert second["purchase_order"]["status"] == "RECEIVED"
    order.refresh_from_db()
    assert order.vendor_notified_at is not None and order.total == Decimal("8300.00")
    # Each notification was sent once, even though tasks may run twice (acks late).
    assert mails_since(start).count("To: billing@initech.example.com") == 1
