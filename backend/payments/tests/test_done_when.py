"""The issue's acceptance path through the API: two matched invoices of one vendor and one of
another are proposed, a second finance user approves the run, its pain.001 file validates and
names both vendors with the right sums, a camt.053 statement marks the three invoices PAID and
their fully received orders CLOSED, and each vendor gets one remittance advice."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import bearer_client
from core.models import AuditEvent
from payments import notifications
from payments.models import Payment
from purchases.models import PurchaseOrder

from .helpers import (
    MUELLER_IBAN,
    PAIN_001_001_03,
    RUNS,
    STATEMENTS,
    VANDIJK_BIC,
    VANDIJK_IBAN,
    approved,
    camt053,
    company_account,
    confirmed_account,
    eur_order,
    pain_payments,
    second_finance,
)

pytestmark = pytest.mark.django_db


def test_two_vendors_proposed_approved_exported_and_reconciled():
    company_account()
    mueller = eur_order(items=(("Drill", "2", "1200.00"),))
    mueller_two = eur_order(items=(("Saw", "1", "300.00"),), org=mueller.org, vendor=mueller.order.vendor)
    vandijk = eur_order("Van Dijk Kantoorartikelen B.V.", items=(("Paper", "10", "4.50"),), org=mueller.org)
    confirmed_account(mueller)
    confirmed_account(vandijk, iban=VANDIJK_IBAN, bic=VANDIJK_BIC)
    first = approved(mueller, number="M-1", quantity="2", unit_price="1200.00")
    second = approved(mueller_two, number="M-2", quantity="1", unit_price="300.00")
    third = approved(vandijk, number="VD-77", quantity="10", unit_price="4.50")

    finance = bearer_client(mueller.org.finance)
    today = timezone.localdate().isoformat()
    response = finance.post(RUNS, {"pay_date": today, "due_by": "2027-12-31"}, format="json")
    assert response.status_code == 201, response.json()
    run = response.json()
    assert run["status"] == "DRAFT" and run["excluded"] == []
    by_vendor = {payment["vendor"]["name"]: payment for payment in run["payments"]}
    assert by_vendor["Müller Industriebedarf GmbH"]["amount"] == "2700.000"
    assert {item["invoice"]["id"] for item in by_vendor["Müller Industriebedarf GmbH"]["items"]} == {first.pk, second.pk}
    assert by_vendor["Van Dijk Kantoorartikelen B.V."]["amount"] == "45.000"
    for invoice in (first, second, third):
        invoice.refresh_from_db()
        assert invoice.status == "SCHEDULED"

    # Four eyes: the creator cannot approve; another finance user can, once.
    refused = finance.post(f"{RUNS}{run['id']}/approve/")
    assert refused.status_code == 403 and refused.json()["code"] == "four_eyes"
    controller = bearer_client(second_finance(mueller))
    response = controller.post(f"{RUNS}{run['id']}/approve/")
    assert response.status_code == 200 and response.json()["status"] == "APPROVED"
    assert AuditEvent.objects.filter(action="payment_run.approve", object_id=str(run["id"])).count() == 1

    # The file: valid pain.001.001.03, both vendors, the right sums; the same bytes every time.
    sepa = finance.get(f"{RUNS}{run['id']}/sepa/")
    assert sepa.status_code == 200 and sepa["Content-Type"] == "application/xml"
    PAIN_001_001_03.validate(sepa.content)
    transfers = {transfer["iban"]: transfer for transfer in pain_payments(sepa.content)}
    assert transfers[MUELLER_IBAN]["amount"] == Decimal("2700.00") and transfers[MUELLER_IBAN]["currency"] == "EUR"
    assert transfers[VANDIJK_IBAN]["amount"] == Decimal("45.00")
    assert transfers[MUELLER_IBAN]["name"] == "Muller Industriebedarf GmbH"  # transliterated: SEPA's character set
    assert "M-1" in transfers[MUELLER_IBAN]["remittance"] and "M-2" in transfers[MUELLER_IBAN]["remittance"]
    assert finance.get(f"{RUNS}{run['id']}/sepa/").content == sepa.content
    assert finance.get(f"{RUNS}{run['id']}/").json()["status"] == "EXPORTED"

    # The bank's statement books both debits: three invoices PAID, their orders CLOSED.
    statement = camt053(list(transfers.values()))
    upload = SimpleUploadedFile("statement.xml", statement, content_type="application/xml")
    response = finance.post(STATEMENTS, {"file": upload}, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["result"]["counts"] == {"debits": 2, "matched": 2, "already_paid": 0, "unmatched": 0}
    for invoice in (first, second, third):
        invoice.refresh_from_db()
        assert invoice.status == "PAID" and invoice.paid_on == timezone.localdate()
    for setup in (mueller, mueller_two, vandijk):
        assert PurchaseOrder.objects.get(pk=setup.order.pk).status == "CLOSED"
    assert finance.get(f"{RUNS}{run['id']}/").json()["status"] == "PAID"

    # The same statement again changes nothing.
    again = finance.post(STATEMENTS, {"file": SimpleUploadedFile("again.xml", statement)}, format="multipart")
    assert again.status_code == 200 and again.json()["already_imported"] is True

    # One remittance advice per vendor, with its PDF, sent once even when the task runs twice.
    mail.outbox.clear()
    for payment in Payment.objects.all():
        assert notifications.remittance_notify(payment_id=payment.pk) is True
        assert notifications.remittance_notify(payment_id=payment.pk) is False
    assert sorted(message.to[0] for message in mail.outbox) == sorted([mueller.order.vendor.email, vandijk.order.vendor.email])
    mueller_mail = next(message for message in mail.outbox if message.to == [mueller.order.vendor.email])
    assert "2700.00 EUR" in mueller_mail.body and "M-1" in mueller_mail.body and "M-2" in mueller_mail.body
    assert mueller_mail.attachments[0][2] == "application/pdf" and mueller_mail.attachments[0][1][:5] == b"%PDF-"
