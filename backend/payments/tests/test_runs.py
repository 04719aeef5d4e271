"""The rules of a run through the API: what the proposal pays and leaves out (confirmation,
discounts, credit notes), the SEPA file's sums and ids, the CSV for the rest, cancel and
payment by hand, and the four eyes on bank accounts for every role."""

from datetime import timedelta
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
from django.core import mail
from django.utils import timezone

from conftest import bearer_client
from core.models import AuditEvent
from invoices.models import Invoice
from invoices.tests.helpers import INVOICES
from payments import notifications
from payments.models import VendorBankAccount
from purchases.models import PurchaseOrder

from .helpers import (
    MUELLER_BIC,
    MUELLER_IBAN,
    PAIN,
    PAIN_001_001_03,
    RUNS,
    VANDIJK_BIC,
    VANDIJK_IBAN,
    approved,
    company_account,
    confirmed_account,
    eur_order,
    pain_payments,
    second_finance,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FAR = "2030-12-31"


def propose(client, due_by=FAR, pay_date=None):
    response = client.post(RUNS, {"pay_date": (pay_date or TODAY).isoformat(), "due_by": due_by}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def export(setup, run) -> bytes:
    assert bearer_client(second_finance(setup)).post(f"{RUNS}{run['id']}/approve/").status_code == 200
    response = bearer_client(setup.org.finance).get(f"{RUNS}{run['id']}/sepa/")
    assert response.status_code == 200, response.content
    return response.content


def test_the_sepa_file_validates_and_its_sums_and_ids_hold_across_runs():
    company_account()
    mueller = eur_order(items=(("Drill", "3", "333.33"),))
    vandijk = eur_order("Van Dijk", items=(("Paper", "7", "4.57"),), org=mueller.org)
    confirmed_account(mueller)
    confirmed_account(vandijk, iban=VANDIJK_IBAN, bic=VANDIJK_BIC)
    approved(mueller, number="M-1", quantity="3", unit_price="333.33")
    approved(vandijk, number="V-1", quantity="7", unit_price="4.57")
    finance = bearer_client(mueller.org.finance)
    first = export(mueller, propose(finance))

    later = eur_order(items=(("Saw", "1", "10.00"),), org=mueller.org, vendor=mueller.order.vendor)
    approved(later, number="M-2", quantity="1", unit_price="10.00")
    second = export(mueller, propose(finance))

    ids, messages = [], []
    for xml in (first, second):
        PAIN_001_001_03.validate(xml)
        root = ET.fromstring(xml)
        transfers = pain_payments(xml)
        header = root.find(f"{PAIN}CstmrCdtTrfInitn/{PAIN}GrpHdr")
        assert Decimal(header.findtext(f"{PAIN}CtrlSum")) == sum(t["amount"] for t in transfers)
        assert int(header.findtext(f"{PAIN}NbOfTxs")) == len(transfers)
        for amount in root.iter(f"{PAIN}InstdAmt"):
            assert len(amount.text.split(".")[1]) == 2, amount.text
        ids += [t["end_to_end_id"] for t in transfers]
        messages.append(header.findtext(f"{PAIN}MsgId"))
    amounts = {t["iban"]: t["amount"] for t in pain_payments(first)}
    assert amounts == {MUELLER_IBAN: Decimal("999.99"), VANDIJK_IBAN: Decimal("31.99")}
    assert len(ids) == len(set(ids)) == 3 and len(set(messages)) == 2


def test_an_unconfirmed_account_keeps_its_vendor_out_until_someone_else_confirms_it():
    company_account()
    mueller = eur_order()
    vandijk = eur_order("Van Dijk", items=(("Paper", "10", "4.50"),), org=mueller.org)
    confirmed_account(mueller)
    procurement = bearer_client(mueller.org.procurement)
    vendor = vandijk.order.vendor.pk
    created = procurement.post(
        f"/api/vendors/{vendor}/bank-accounts/", {"holder": "Van Dijk", "iban": VANDIJK_IBAN, "currency": "EUR"}, format="json"
    )
    assert created.status_code == 201 and created.json()["status"] == "unconfirmed"
    approved(mueller, number="M-1", quantity="2")
    paper = approved(vandijk, number="V-1", quantity="10", unit_price="4.50")
    finance = bearer_client(mueller.org.finance)

    run = propose(finance)
    assert [payment["vendor"]["name"] for payment in run["payments"]] == [mueller.order.vendor.name]
    assert [row["invoice"] for row in run["excluded"]] == [paper.pk]
    assert "not confirmed" in run["excluded"][0]["reason"]
    paper.refresh_from_db()
    assert paper.status == "APPROVED"
    # Adding it by hand is refused while the account is unconfirmed.
    refused = finance.patch(f"{RUNS}{run['id']}/", {"add": [paper.pk]}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "not_payable"

    account = created.json()["id"]
    assert finance.post(f"/api/vendors/{vendor}/bank-accounts/{account}/confirm/").status_code == 200
    added = finance.patch(f"{RUNS}{run['id']}/", {"add": [paper.pk]}, format="json")
    assert added.status_code == 200
    assert sorted(payment["vendor"]["name"] for payment in added.json()["payments"]) == sorted(
        [mueller.order.vendor.name, "Van Dijk"]
    )
    assert added.json()["excluded"] == []


def test_an_early_payment_discount_is_proposed_within_its_window_only():
    company_account()
    recent = eur_order(items=(("Drill", "1", "1000.00"),))
    vendor = recent.order.vendor
    vendor.payment_terms = "2/10 net 30"
    vendor.save()
    older = eur_order(items=(("Saw", "1", "500.00"),), org=recent.org, vendor=vendor)
    confirmed_account(recent)
    fresh = approved(recent, number="D-1", quantity="1", unit_price="1000.00", invoice_date=TODAY.isoformat())
    stale = approved(
        older, number="D-2", quantity="1", unit_price="500.00", invoice_date=(TODAY - timedelta(days=20)).isoformat()
    )
    assert fresh.due_date == TODAY + timedelta(days=30)

    # Due by tomorrow: the fresh invoice is not due, but paying today takes 2 %; the stale one is
    # not due (in 10 days) and past its discount window, so it is not proposed.
    run = propose(bearer_client(recent.org.finance), due_by=(TODAY + timedelta(days=1)).isoformat())
    (payment,) = run["payments"]
    items = {item["invoice"]["id"]: item for item in payment["items"]}
    assert set(items) == {fresh.pk}
    assert Decimal(items[fresh.pk]["discount"]) == Decimal("20.00")
    assert Decimal(items[fresh.pk]["amount"]) == Decimal("980.00") == Decimal(payment["amount"])

    # Everything due by far ahead: the stale one is paid in full.
    bearer_client(recent.org.finance).post(f"{RUNS}{run['id']}/cancel/", {}, format="json")
    run = propose(bearer_client(recent.org.finance))
    items = {item["invoice"]["id"]: item for item in run["payments"][0]["items"]}
    assert Decimal(items[stale.pk]["discount"]) == 0 and Decimal(items[stale.pk]["amount"]) == Decimal("500.00")


def _credit(setup, invoice: Invoice, amount: str, number="CN-1"):
    body = {"kind": "credit_note", "credit_for": invoice.pk, "number": number, "invoice_date": TODAY.isoformat()}
    body.update(subtotal=amount, tax="0.00", total=amount, currency="EUR")
    body["lines"] = [{"po_line": setup.line.pk, "description": "Drill", "quantity": "1", "unit_price": amount}]
    response = bearer_client(setup.org.finance).post(INVOICES, body, format="json")
    assert response.status_code == 201 and response.json()["status"] == "APPROVED", response.json()
    return Invoice.objects.get(pk=response.json()["id"])


def test_credit_notes_are_netted_and_a_vendor_they_cover_is_left_out():
    company_account()
    mueller = eur_order(items=(("Drill", "2", "1200.00"),))
    confirmed_account(mueller)
    invoice = approved(mueller, number="M-1", quantity="2", unit_price="1200.00")
    credit = _credit(mueller, invoice, "1200.00")
    run = propose(bearer_client(mueller.org.finance))
    (payment,) = run["payments"]
    amounts = {item["invoice"]["id"]: Decimal(item["amount"]) for item in payment["items"]}
    assert amounts == {invoice.pk: Decimal("2400.00"), credit.pk: Decimal("-1200.00")}
    assert Decimal(payment["amount"]) == Decimal("1200.00")

    covered = eur_order("Van Dijk", items=(("Paper", "1", "100.00"),), org=mueller.org)
    confirmed_account(covered, iban=VANDIJK_IBAN, bic=VANDIJK_BIC)
    paper = approved(covered, number="V-1", quantity="1", unit_price="100.00")
    paper_credit = _credit(covered, paper, "100.00", number="CN-V")
    response = bearer_client(mueller.org.finance).post(RUNS, {"pay_date": TODAY.isoformat(), "due_by": FAR}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "nothing_due"
    assert "credit notes cover its invoices" in response.json()["detail"]
    assert {paper.pk, paper_credit.pk} <= {row.pk for row in Invoice.objects.filter(status="APPROVED")}


def test_a_payment_outside_sepa_goes_to_the_csv():
    company_account()
    setup = eur_order("Acme Inc")
    confirmed_account(setup, iban="", bic="", currency="EUR", account_number="000123456789", bank_code="021000021")
    approved(setup, number="A-1", quantity="2")
    finance = bearer_client(setup.org.finance)
    run = propose(finance)
    assert run["payments"][0]["sepa"] is False and run["has_sepa_file"] is False
    assert bearer_client(second_finance(setup)).post(f"{RUNS}{run['id']}/approve/").status_code == 200
    csv = finance.get(f"{RUNS}{run['id']}/csv/")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    line = csv.content.decode().splitlines()[1]
    assert line.startswith(f"{run['number']}-001,Acme Inc,") and ",000123456789,021000021,,EUR,2400.00," in line
    assert finance.get(f"{RUNS}{run['id']}/csv/").content == csv.content
    sepa = finance.get(f"{RUNS}{run['id']}/sepa/")
    assert sepa.status_code == 409 and sepa.json()["code"] == "no_sepa_payments"


def test_cancel_frees_the_invoices_before_export_only_and_mark_paid_pays_them():
    company_account()
    setup = eur_order()
    confirmed_account(setup)
    invoice = approved(setup, number="M-1", quantity="2")
    finance = bearer_client(setup.org.finance)
    run = propose(finance)
    assert finance.post(f"{RUNS}{run['id']}/mark-paid/", {}, format="json").status_code == 409  # a draft
    assert finance.post(f"{RUNS}{run['id']}/cancel/", {"reason": "Wrong date"}, format="json").status_code == 200
    invoice.refresh_from_db()
    assert invoice.status == "APPROVED"

    run = propose(finance)  # the same invoice again, in a new run
    export(setup, run)
    assert finance.post(f"{RUNS}{run['id']}/cancel/", {}, format="json").status_code == 409
    future = (TODAY + timedelta(days=1)).isoformat()
    assert finance.post(f"{RUNS}{run['id']}/mark-paid/", {"paid_on": future}, format="json").status_code == 400
    paid = finance.post(f"{RUNS}{run['id']}/mark-paid/", {"reference": "BANK-42"}, format="json")
    assert paid.status_code == 200 and paid.json()["status"] == "PAID"
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on, invoice.payment_reference) == ("PAID", TODAY, "BANK-42")
    assert PurchaseOrder.objects.get(pk=setup.order.pk).status == "CLOSED"
    assert AuditEvent.objects.filter(action="purchase_order.close", object_id=str(setup.order.pk)).count() == 1


def test_bank_accounts_four_eyes_for_every_role():
    setup = eur_order()
    org = setup.org
    vendor = setup.order.vendor.pk
    url = f"/api/vendors/{vendor}/bank-accounts/"
    body = {"holder": "Müller", "iban": MUELLER_IBAN, "bic": MUELLER_BIC, "currency": "EUR"}
    for outsider in (org.requester, org.approver):
        client = bearer_client(outsider)
        assert client.get(url).status_code == 403
        assert client.post(url, body, format="json").status_code == 403
    procurement = bearer_client(org.procurement)
    created = procurement.post(url, body, format="json")
    assert created.status_code == 201 and created.json()["status"] == "unconfirmed"
    account = created.json()["id"]
    confirm = f"{url}{account}/confirm/"
    for outsider in (org.requester, org.approver):
        assert bearer_client(outsider).post(confirm).status_code == 403
    refused = procurement.post(confirm)
    assert refused.status_code == 403 and refused.json()["code"] == "four_eyes"
    assert bearer_client(org.finance).post(confirm).status_code == 200
    assert bearer_client(org.finance).post(confirm).status_code == 409
    confirmed = VendorBankAccount.objects.get(pk=account)
    assert (confirmed.status, confirmed.confirmed_by_id) == ("confirmed", org.finance.pk)
    assert AuditEvent.objects.filter(action__startswith="vendor_bank_account.", object_id=str(account)).count() == 2

    # The vendor is told of the change, once.
    mail.outbox.clear()
    assert notifications.bank_account_notify(account_id=account) is True
    assert notifications.bank_account_notify(account_id=account) is False
    (message,) = mail.outbox
    assert message.to == [setup.order.vendor.email] and MUELLER_IBAN[-4:] in message.body
    assert MUELLER_IBAN not in message.body  # only the last four characters
