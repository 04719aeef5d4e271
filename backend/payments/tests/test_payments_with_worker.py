"""The vendor e-mails go out through the real Celery worker once their change commits: a new
bank account tells the vendor, a paid run sends each vendor one remittance advice, and a
redelivered task sends nothing twice."""

import time
from email import message_from_string
from email.message import EmailMessage
from email.policy import default

import pytest
from celery import current_app
from django.utils import timezone

from conftest import bearer_client, mails_since, wait_for
from payments.models import Payment

from .helpers import MUELLER_BIC, MUELLER_IBAN, RUNS, approved, company_account, confirmed_account, eur_order, second_finance

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _mails(start: float, vendor_email: str, subject: str) -> list[EmailMessage]:
    """The messages to `vendor_email` whose (decoded) subject starts with `subject`."""
    messages = [message_from_string(text, policy=default) for text in mails_since(start)]
    return [m for m in messages if m["To"] == vendor_email and str(m["Subject"]).strip().startswith(subject)]


def test_the_worker_tells_the_vendor_and_sends_one_remittance_advice(celery_worker_process):
    start = time.time() - 1
    company_account()
    setup = eur_order()
    vendor = setup.order.vendor
    created = bearer_client(setup.org.procurement).post(
        f"/api/vendors/{vendor.pk}/bank-accounts/",
        {"holder": vendor.name, "iban": MUELLER_IBAN, "bic": MUELLER_BIC, "currency": "USD"},
        format="json",
    )
    assert created.status_code == 201
    wait_for(lambda: _mails(start, vendor.email, "Your bank details were changed"), timeout=60, message="the change e-mail")

    confirmed_account(setup)
    approved(setup, number="M-1", quantity="2")
    finance = bearer_client(setup.org.finance)
    run = finance.post(RUNS, {"pay_date": timezone.localdate().isoformat(), "due_by": "2030-12-31"}, format="json").json()
    assert bearer_client(second_finance(setup)).post(f"{RUNS}{run['id']}/approve/").status_code == 200
    assert finance.get(f"{RUNS}{run['id']}/sepa/").status_code == 200
    assert finance.post(f"{RUNS}{run['id']}/mark-paid/", {}, format="json").status_code == 200
    wait_for(lambda: _mails(start, vendor.email, "Remittance advice"), timeout=60, message="the remittance advice")

    # The same task delivered again (a worker lost its acknowledgement): still one e-mail.
    payment = Payment.objects.get()
    current_app.send_task("payments.remittance_notify", args=[payment.pk]).get(timeout=60)
    remittances = _mails(start, vendor.email, "Remittance advice")
    assert len(remittances) == 1
    (advice,) = remittances
    assert "M-1" in advice.get_body(preferencelist=("plain",)).get_content()
    assert [part.get_content_type() for part in advice.iter_attachments()] == ["application/pdf"]
