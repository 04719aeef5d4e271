"""Bad input to the payments API gets a clear 4xx with the error envelope ({code, detail,
fields}), never a 500, and nothing is half-written: bank accounts, payment runs (create and
edit) and bank statements, each checked by counting rows and reading statuses before and after."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import bearer_client
from core.models import AuditEvent
from invoices.models import Invoice
from invoices.tests.helpers import INVOICES, by_hand
from payments.models import BankStatement, Payment, PaymentItem, PaymentRun, VendorBankAccount
from purchases.tests.factories import VendorFactory, make_org

from .helpers import (
    COMPANY_IBAN,
    MUELLER_BIC,
    MUELLER_IBAN,
    RUNS,
    STATEMENTS,
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


def accounts_url(vendor_id: int) -> str:
    return f"/api/vendors/{vendor_id}/bank-accounts/"


def refused(response, status: int, code: str | None = None, field: str | None = None) -> dict:
    """The response is the error envelope with `status`, `code` and a message for `field`."""
    assert response.status_code == status, (response.status_code, response.content[:2000])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body.get("code"), str) and body["code"], body
    assert isinstance(body.get("detail"), str) and body["detail"], body
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        assert field in body.get("fields", {}), body
        messages = body["fields"][field]
        if isinstance(messages, dict):  # a list field's errors, by index: {"0": ["..."]}
            messages = [message for errors in messages.values() for message in errors]
        assert isinstance(messages, list) and messages and all(isinstance(m, str) and m for m in messages), body
    return body


def today():
    return timezone.localdate()


# --- Bank accounts --------------------------------------------------------------------------


@pytest.fixture
def keeper():
    """Procurement of an organisation and a vendor without any bank account."""
    org = make_org()
    return bearer_client(org.procurement), VendorFactory(currency="EUR")


def account_body(**values) -> dict:
    return {"holder": "Müller Industriebedarf GmbH", "currency": "EUR"} | values


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        pytest.param(account_body(iban="DE89370400440532013001"), "iban", "checksum", id="iban-bad-checksum"),
        pytest.param(account_body(iban="DE8937040044053201300"), "iban", "length", id="iban-too-short"),
        pytest.param(account_body(iban="DE893704004405320130001"), "iban", "length", id="iban-too-long"),
        pytest.param(account_body(iban="DE89X7040044053201300O"), "iban", "structure", id="iban-letters-for-digits"),
        pytest.param(account_body(iban="XX89370400440532013000"), "iban", "country", id="iban-unknown-country"),
        pytest.param(account_body(iban="D" * 43), "iban", None, id="iban-longer-than-the-field"),
        pytest.param(account_body(iban="DE89370400440532013000", bic="DEUTDEFFXXX"), "bic", "COBADEFF", id="bic-of-another-bank"),
        pytest.param(account_body(iban="DE89370400440532013000", bic="DEUT1EFF"), "bic", "structure", id="bic-malformed"),
        pytest.param(account_body(iban="DE89370400440532013000", bic="NOTABIC"), "bic", "length", id="bic-wrong-length"),
        pytest.param(account_body(), "iban", "account number", id="no-iban-no-account-number"),
        pytest.param(account_body(account_number="123456789"), "iban", "bank code", id="account-number-without-bank-code"),
        pytest.param(account_body(iban="   "), "iban", None, id="iban-only-spaces"),
        pytest.param(account_body(iban=MUELLER_IBAN, currency="EURO"), "currency", None, id="currency-four-letters"),
        pytest.param(account_body(iban=MUELLER_IBAN, currency="XYZ"), "currency", "XYZ", id="currency-not-iso-4217"),
        pytest.param(account_body(iban=MUELLER_IBAN, holder=""), "holder", None, id="holder-blank"),
        pytest.param({"iban": MUELLER_IBAN, "currency": "EUR"}, "holder", None, id="holder-missing"),
        pytest.param(account_body(iban=MUELLER_IBAN, swift=MUELLER_BIC), "swift", "Unknown field", id="unknown-field"),
        pytest.param(account_body(iban=MUELLER_IBAN, is_default="perhaps"), "is_default", None, id="is-default-not-bool"),
    ],
)
def test_bad_bank_details_are_refused_naming_the_field_and_nothing_is_stored(keeper, body, field, says):
    client, vendor = keeper
    response = client.post(accounts_url(vendor.pk), body, format="json")
    result = refused(response, 400, "validation_error", field)
    if says is not None:
        assert says.lower() in " ".join(result["fields"][field]).lower(), result
    assert VendorBankAccount.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="vendor_bank_account").exists()


def test_a_bank_account_for_an_unknown_vendor_is_404(keeper):
    client, vendor = keeper
    response = client.post(accounts_url(vendor.pk + 1000), account_body(iban=MUELLER_IBAN), format="json")
    refused(response, 404, "not_found")
    assert VendorBankAccount.objects.count() == 0


def test_a_valid_iban_with_spaces_is_stored_compact_with_its_bic_derived(keeper):
    client, vendor = keeper
    response = client.post(accounts_url(vendor.pk), account_body(iban="DE89 3704 0044 0532 0130 00"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["iban"] == "DE89370400440532013000" and body["bic"] == "COBADEFFXXX", body
    assert body["status"] == "unconfirmed" and body["is_default"] is True, body
    stored = VendorBankAccount.objects.get()
    assert (stored.iban, stored.bic, stored.vendor_id) == ("DE89370400440532013000", "COBADEFFXXX", vendor.pk)


def test_the_same_account_twice_is_409_even_written_differently(keeper):
    client, vendor = keeper
    first = client.post(accounts_url(vendor.pk), account_body(iban="DE89370400440532013000"), format="json")
    assert first.status_code == 201, first.json()
    for iban in ("DE89370400440532013000", "DE89 3704 0044 0532 0130 00"):
        again = client.post(accounts_url(vendor.pk), account_body(iban=iban, holder="Someone else"), format="json")
        refused(again, 409, "duplicate_bank_account")
    assert VendorBankAccount.objects.count() == 1
    assert VendorBankAccount.objects.get().holder == "Müller Industriebedarf GmbH"


# --- Payment runs: create -------------------------------------------------------------------


def run_state() -> tuple:
    """Everything a run create or edit could write."""
    return (
        sorted(PaymentRun.objects.values_list("pk", "status", "excluded")),
        sorted(Payment.objects.values_list("pk", "run_id", "vendor_id", "amount", "end_to_end_id", "paid_on")),
        sorted(PaymentItem.objects.values_list("payment_id", "invoice_id", "amount", "live")),
        sorted(Invoice.objects.values_list("pk", "status")),
    )


@pytest.fixture
def due():
    """One approved invoice (no due date: due now) of a vendor with a confirmed account."""
    company_account()
    setup = eur_order()
    confirmed_account(setup)
    invoice = approved(setup, number="M-1")
    return setup, invoice


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        pytest.param({"pay_date": "past"}, 400, "validation_error", "pay_date", id="pay-date-yesterday"),
        pytest.param({"pay_date": "2026-13-01"}, 400, "validation_error", "pay_date", id="pay-date-month-13"),
        pytest.param({"pay_date": "2026-02-30"}, 400, "validation_error", "pay_date", id="pay-date-feb-30"),
        pytest.param({"pay_date": "tomorrow"}, 400, "validation_error", "pay_date", id="pay-date-a-word"),
        pytest.param({"pay_date": ""}, 400, "validation_error", "pay_date", id="pay-date-empty"),
        pytest.param({"pay_date": None}, 400, "validation_error", "pay_date", id="pay-date-null"),
        pytest.param({}, 400, "validation_error", "pay_date", id="pay-date-missing"),
        pytest.param({"pay_date": "today", "due_by": "31.12.2027"}, 400, "validation_error", "due_by", id="due-by-german-format"),
        pytest.param({"pay_date": "today", "company_account": 987654}, 404, "not_found", None, id="company-account-unknown"),
        pytest.param(
            {"pay_date": "today", "company_account": "main"},
            400,
            "validation_error",
            "company_account",
            id="company-account-text",
        ),
        pytest.param(
            {"pay_date": "today", "company_account": 2**63}, 400, "validation_error", "company_account", id="company-account-huge"
        ),
        pytest.param({"pay_date": "today", "payday": "today"}, 400, "validation_error", "payday", id="unknown-field"),
    ],
)
def test_a_bad_run_request_is_refused_and_nothing_is_scheduled(due, body, status, code, field):
    setup, invoice = due
    days = {"today": today().isoformat(), "past": (today() - timedelta(days=1)).isoformat()}
    body = {name: days.get(value, value) if isinstance(value, str) else value for name, value in body.items()}
    before = run_state()
    response = bearer_client(setup.org.finance).post(RUNS, body, format="json")
    refused(response, status, code, field)
    assert run_state() == before
    invoice.refresh_from_db()
    assert invoice.status == "APPROVED"


def test_the_same_invoice_makes_a_run_when_the_request_is_right(due):
    """The control for the refusals above: the data itself is payable."""
    setup, invoice = due
    response = bearer_client(setup.org.finance).post(RUNS, {"pay_date": today().isoformat()}, format="json")
    assert response.status_code == 201, response.json()
    invoice.refresh_from_db()
    assert invoice.status == "SCHEDULED"


def test_nothing_due_by_the_day_is_400_nothing_due():
    company_account()
    setup = eur_order()
    confirmed_account(setup)
    invoice = approved(setup, number="M-1", due_date="2027-06-30")
    before = run_state()
    finance = bearer_client(setup.org.finance)
    response = finance.post(RUNS, {"pay_date": today().isoformat()}, format="json")
    body = refused(response, 400, "nothing_due")
    assert today().isoformat() in body["detail"], body
    assert run_state() == before
    invoice.refresh_from_db()
    assert invoice.status == "APPROVED"
    # ...and it is proposed once the run looks far enough ahead.
    assert finance.post(RUNS, {"pay_date": today().isoformat(), "due_by": "2027-06-30"}, format="json").status_code == 201


def test_no_approved_invoice_at_all_is_400_nothing_due():
    company_account()
    setup = eur_order()
    response = bearer_client(setup.org.finance).post(RUNS, {"pay_date": today().isoformat()}, format="json")
    refused(response, 400, "nothing_due")
    assert PaymentRun.objects.count() == 0


def test_no_company_account_is_409():
    setup = eur_order()
    confirmed_account(setup)
    invoice = approved(setup, number="M-1")
    response = bearer_client(setup.org.finance).post(RUNS, {"pay_date": today().isoformat()}, format="json")
    refused(response, 409, "no_company_account")
    assert PaymentRun.objects.count() == 0
    invoice.refresh_from_db()
    assert invoice.status == "APPROVED"


def test_a_vendor_whose_only_account_is_unconfirmed_is_nothing_due_saying_why():
    company_account()
    setup = eur_order()
    entered = bearer_client(setup.org.procurement).post(
        accounts_url(setup.order.vendor.pk), account_body(iban=MUELLER_IBAN), format="json"
    )
    assert entered.status_code == 201 and entered.json()["status"] == "unconfirmed", entered.json()
    invoice = approved(setup, number="M-1")
    before = run_state()
    response = bearer_client(setup.org.finance).post(RUNS, {"pay_date": today().isoformat()}, format="json")
    body = refused(response, 400, "nothing_due")
    assert "not confirmed" in body["detail"] and MUELLER_IBAN in body["detail"], body
    assert run_state() == before
    invoice.refresh_from_db()
    assert invoice.status == "APPROVED"


# --- Payment runs: edit ---------------------------------------------------------------------


@pytest.fixture
def draft():
    """A DRAFT run paying M-1 of Müller (confirmed account)."""
    company_account()
    mueller = eur_order()
    confirmed_account(mueller)
    first = approved(mueller, number="M-1")
    finance = bearer_client(mueller.org.finance)
    response = finance.post(RUNS, {"pay_date": today().isoformat(), "due_by": "2027-12-31"}, format="json")
    assert response.status_code == 201, response.json()
    return mueller, first, finance, response.json()


def items_of(run: dict) -> list[tuple]:
    return sorted(
        (payment["vendor"]["id"], payment["amount"], payment["end_to_end_id"], item["invoice"]["id"])
        for payment in run["payments"]
        for item in payment["items"]
    )


def patch_refused(finance, run: dict, body: dict, status: int, code: str, field: str | None = None) -> dict:
    before_api, before_db = items_of(finance.get(f"{RUNS}{run['id']}/").json()), run_state()
    result = refused(finance.patch(f"{RUNS}{run['id']}/", body, format="json"), status, code, field)
    assert items_of(finance.get(f"{RUNS}{run['id']}/").json()) == before_api
    assert run_state() == before_db
    return result


@pytest.mark.parametrize("status", ["ON_HOLD", "RECEIVED", "MATCHED", "CANCELLED"])
def test_adding_an_invoice_that_is_not_approved_is_400(draft, status):
    mueller, first, finance, run = draft
    # Entered for more than was received: the match holds it.
    response = finance.post(INVOICES, by_hand(mueller, number="M-2", quantity="5"), format="json")
    assert response.status_code == 201 and response.json()["status"] == "ON_HOLD", response.json()
    other = Invoice.objects.get(pk=response.json()["id"])
    Invoice.objects.filter(pk=other.pk).update(status=status)
    body = patch_refused(finance, run, {"add": [other.pk]}, 400, "validation_error", "add")
    assert str(other.pk) in body["fields"]["add"][0], body


def test_adding_an_unknown_invoice_is_400(draft):
    _, _, finance, run = draft
    body = patch_refused(finance, run, {"add": [987654]}, 400, "validation_error", "add")
    assert "987654" in body["fields"]["add"][0], body


def test_adding_an_invoice_scheduled_in_another_run_is_400(draft):
    mueller, first, finance, run = draft
    again = eur_order(items=(("Saw", "1", "300.00"),), org=mueller.org, vendor=mueller.order.vendor)
    second = approved(again, number="M-2", quantity="1", unit_price="300.00")
    response = finance.post(RUNS, {"pay_date": today().isoformat(), "due_by": "2027-12-31"}, format="json")
    assert response.status_code == 201, response.json()
    other_run = response.json()
    assert items_of(other_run)[0][3] == second.pk
    patch_refused(finance, other_run, {"add": [first.pk]}, 400, "validation_error", "add")
    first.refresh_from_db()
    assert first.status == "SCHEDULED" and PaymentItem.objects.get(invoice=first, live=True).payment.run_id == run["id"]


def test_adding_an_invoice_already_in_the_same_run_changes_nothing(draft):
    """Not refused: the invoice is in the run already, so the add is a no-op (200). The run's
    payments are rewritten (new ids) but say the same: same vendor, amount, end-to-end id, items."""
    _, first, finance, run = draft

    def content():
        return (
            sorted(Payment.objects.values_list("run_id", "vendor_id", "amount", "end_to_end_id", "paid_on")),
            sorted(PaymentItem.objects.values_list("payment__end_to_end_id", "invoice_id", "amount", "live")),
            sorted(Invoice.objects.values_list("pk", "status")),
            sorted(PaymentRun.objects.values_list("pk", "status", "excluded")),
        )

    before = content()
    response = finance.patch(f"{RUNS}{run['id']}/", {"add": [first.pk]}, format="json")
    assert response.status_code == 200, response.json()
    assert items_of(response.json()) == items_of(run)
    assert content() == before


def test_removing_an_invoice_not_in_the_run_is_400(draft):
    mueller, first, finance, run = draft
    outside = eur_order(items=(("Saw", "1", "300.00"),), org=mueller.org, vendor=mueller.order.vendor)
    stranger = approved(outside, number="M-9", quantity="1", unit_price="300.00")
    for ids in ([stranger.pk], [987654], [first.pk, stranger.pk]):
        body = patch_refused(finance, run, {"remove": ids}, 400, "validation_error", "remove")
        assert str(ids[-1]) in body["fields"]["remove"][0], body
    stranger.refresh_from_db()
    assert stranger.status == "APPROVED"


def test_adding_an_invoice_of_a_vendor_with_an_unconfirmed_account_is_409_not_payable(draft):
    mueller, first, finance, run = draft
    vandijk = eur_order("Van Dijk Kantoorartikelen B.V.", items=(("Paper", "10", "4.50"),), org=mueller.org)
    entered = bearer_client(mueller.org.procurement).post(
        accounts_url(vandijk.order.vendor.pk), account_body(holder="Van Dijk", iban=VANDIJK_IBAN), format="json"
    )
    assert entered.status_code == 201 and entered.json()["status"] == "unconfirmed", entered.json()
    theirs = approved(vandijk, number="VD-77", quantity="10", unit_price="4.50")
    body = patch_refused(finance, run, {"add": [theirs.pk]}, 409, "not_payable")
    assert "Van Dijk" in body["detail"] and "not confirmed" in body["detail"], body
    theirs.refresh_from_db()
    assert theirs.status == "APPROVED"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"add": "12"}, "add", id="add-not-a-list"),
        pytest.param({"add": [0]}, "add", id="add-zero"),
        pytest.param({"add": ["x"]}, "add", id="add-text-id"),
        pytest.param({"add": [2**63]}, "add", id="add-beyond-bigint"),
        pytest.param({"remove": [-1]}, "remove", id="remove-negative"),
        pytest.param({"invoices": [1]}, "invoices", id="unknown-field"),
    ],
)
def test_a_malformed_edit_is_400(draft, body, field):
    _, _, finance, run = draft
    patch_refused(finance, run, body, 400, "validation_error", field)


def test_editing_an_approved_run_is_409(draft):
    mueller, first, finance, run = draft
    again = eur_order(items=(("Saw", "1", "300.00"),), org=mueller.org, vendor=mueller.order.vendor)
    second = approved(again, number="M-2", quantity="1", unit_price="300.00")
    assert bearer_client(second_finance(mueller)).post(f"{RUNS}{run['id']}/approve/").status_code == 200
    for body in ({"add": [second.pk]}, {"remove": [first.pk]}):
        patch_refused(finance, run, body, 409, "invalid_transition")
    assert PaymentRun.objects.get(pk=run["id"]).status == "APPROVED"
    second.refresh_from_db()
    assert second.status == "APPROVED"


def test_editing_an_unknown_run_is_404(draft):
    _, first, finance, run = draft
    before = run_state()
    refused(finance.patch(f"{RUNS}{run['id'] + 1000}/", {"remove": [first.pk]}, format="json"), 404, "not_found")
    assert run_state() == before


# --- Bank statements ------------------------------------------------------------------------


@pytest.fixture
def exported():
    """An exported run paying M-1 (SCHEDULED): what a statement could wrongly mark paid."""
    company_account()
    mueller = eur_order()
    confirmed_account(mueller)
    invoice = approved(mueller, number="M-1")
    finance = bearer_client(mueller.org.finance)
    response = finance.post(RUNS, {"pay_date": today().isoformat(), "due_by": "2027-12-31"}, format="json")
    assert response.status_code == 201, response.json()
    run = response.json()
    assert bearer_client(second_finance(mueller)).post(f"{RUNS}{run['id']}/approve/").status_code == 200
    sepa = finance.get(f"{RUNS}{run['id']}/sepa/")
    assert sepa.status_code == 200
    return finance, run, invoice, sepa.content


def statement_state() -> tuple:
    return (
        BankStatement.objects.count(),
        sorted(Invoice.objects.values_list("pk", "status", "paid_on")),
        sorted(Payment.objects.values_list("pk", "paid_on", "bank_reference")),
        sorted(PaymentRun.objects.values_list("pk", "status", "paid_at")),
    )


def upload(finance, content: bytes, name="statement.xml"):
    return finance.post(STATEMENTS, {"file": SimpleUploadedFile(name, content)}, format="multipart")


def with_doctype(xml: bytes, doctype: str) -> bytes:
    declaration, rest = xml.split(b"\n", 1)
    return declaration + b"\n" + doctype.encode() + b"\n" + rest


LAUGHS = """<!DOCTYPE Document [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>"""
PASSWD = '<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def bad_statement(kind: str, transfers: list[dict], sepa: bytes) -> bytes:
    """The bytes of each kind of file that is not a statement of ours."""
    if kind == "pdf":
        return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    if kind == "text":
        return "Kontoauszug Nr. 12, bitte prüfen".encode()
    if kind == "foo":
        return b"<foo/>"
    if kind == "pain001":
        return sepa  # our own payment file, sent back by mistake
    if kind == "camt052":
        return camt053(transfers).replace(b"camt.053.001.02", b"camt.052.001.02")
    if kind == "camt053-without-statement":
        return b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>'
    if kind == "truncated":
        return camt053(transfers)[:-40]
    if kind == "another-iban":
        return camt053(transfers, iban="NL91ABNA0417164300")
    if kind == "billion-laughs":
        return with_doctype(camt053(transfers, statement_id="&lol9;"), LAUGHS)
    if kind == "internal-entity":
        return with_doctype(camt053(transfers, statement_id="&x;"), '<!DOCTYPE Document [<!ENTITY x "EXPANDED">]>')
    if kind == "external-entity":
        return with_doctype(camt053(transfers, statement_id="&xxe;"), PASSWD)
    if kind == "dtd-only":
        return with_doctype(camt053(transfers), "<!DOCTYPE Document>")
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("pdf", "not a readable XML"),
        ("text", "not a readable XML"),
        ("foo", "not a camt.053"),
        ("pain001", "not a camt.053"),
        ("camt052", "not a camt.053"),
        ("camt053-without-statement", "lacks"),
        ("truncated", "not a readable XML"),
        ("another-iban", "NL91ABNA0417164300"),
        ("billion-laughs", "not a readable XML"),
        ("internal-entity", "not a readable XML"),
        ("external-entity", "not a readable XML"),
        ("dtd-only", "not a readable XML"),
    ],
)
def test_a_file_that_is_not_our_statement_is_400_and_pays_nothing(exported, kind, says):
    finance, run, invoice, sepa = exported
    transfers = pain_payments(sepa)
    before = statement_state()
    response = upload(finance, bad_statement(kind, transfers, sepa))
    body = refused(response, 400, "invalid_statement", "file")
    assert says in body["detail"], body
    assert "EXPANDED" not in response.content.decode() and "lollol" not in response.content.decode()
    assert "root:" not in response.content.decode()
    assert statement_state() == before
    invoice.refresh_from_db()
    assert invoice.status == "SCHEDULED" and invoice.paid_on is None


def test_the_good_statement_for_the_same_run_does_pay_it(exported):
    """The control for the refusals above: the same transfers, sent right, are paid."""
    finance, run, invoice, sepa = exported
    response = upload(finance, camt053(pain_payments(sepa)))
    assert response.status_code == 201, response.json()
    assert response.json()["result"]["counts"]["matched"] == 1
    invoice.refresh_from_db()
    assert invoice.status == "PAID"


def test_an_external_entity_is_not_resolved(exported, tmp_path):
    """A local file the entity names never reaches the response, nor the database."""
    finance, run, invoice, sepa = exported
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    content = with_doctype(
        camt053(pain_payments(sepa), statement_id="&xxe;"), f'<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    )
    response = upload(finance, content)
    refused(response, 400, "invalid_statement", "file")
    assert b"TOP-SECRET-CONTENT" not in response.content
    assert BankStatement.objects.count() == 0


def test_a_statement_over_5_mb_is_413(exported):
    finance, run, invoice, sepa = exported
    good = camt053(pain_payments(sepa))
    padded = good + b"<!--" + b" " * (5 * 1024 * 1024) + b"-->"
    before = statement_state()
    refused(upload(finance, padded), 413, "file_too_large")
    assert statement_state() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"file": SimpleUploadedFile("empty.xml", b"")}, "file", id="empty-file"),
        pytest.param({}, "file", id="no-file-field"),
        pytest.param({"statement": SimpleUploadedFile("s.xml", b"<foo/>")}, "file", id="file-under-another-name"),
        pytest.param({"file": "not a file"}, "file", id="file-field-is-text"),
    ],
)
def test_an_upload_without_a_usable_file_is_400(exported, data, field):
    finance, run, invoice, sepa = exported
    before = statement_state()
    refused(finance.post(STATEMENTS, data, format="multipart"), 400, "validation_error", field)
    assert statement_state() == before


def test_a_statement_sent_as_json_is_415(exported):
    finance, run, invoice, sepa = exported
    before = statement_state()
    response = finance.post(STATEMENTS, {"file": camt053(pain_payments(sepa)).decode()}, format="json")
    refused(response, 415, "unsupported_media_type")
    assert statement_state() == before


# --- Bank statements: debits that match nothing ---------------------------------------------


def test_a_debit_matching_no_payment_is_listed_unmatched_with_its_reason(exported):
    finance, run, invoice, sepa = exported
    stranger = {"amount": Decimal("99.99"), "currency": "EUR", "iban": VANDIJK_IBAN, "name": "Someone", "end_to_end_id": "X-1"}
    response = upload(finance, camt053([stranger]))
    assert response.status_code == 201, response.json()
    result = response.json()["result"]
    assert result["counts"] == {"debits": 1, "matched": 0, "already_paid": 0, "unmatched": 1}, result
    (row,) = result["unmatched"]
    assert row["end_to_end_id"] == "X-1" and row["amount"] == "99.99" and row["creditor_iban"] == VANDIJK_IBAN, row
    assert "No exported payment" in row["reason"], row
    invoice.refresh_from_db()
    assert invoice.status == "SCHEDULED"
    assert Payment.objects.get().paid_on is None
    assert PaymentRun.objects.get().status == "EXPORTED"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        pytest.param({"amount": "+1.00"}, "differs", id="amount-higher-same-end-to-end-id"),
        pytest.param({"amount": "-0.01"}, "differs", id="amount-a-cent-short"),
        pytest.param({"currency": "USD"}, "differs", id="other-currency-same-end-to-end-id"),
        pytest.param({"amount": "+1.00", "end_to_end_id": None}, "No exported payment", id="amount-differs-no-end-to-end-id"),
    ],
)
def test_a_debit_whose_amount_differs_from_the_payment_is_unmatched_and_the_payment_stays_unpaid(exported, change, says):
    finance, run, invoice, sepa = exported
    (transfer,) = pain_payments(sepa)
    payment = Payment.objects.get()
    assert transfer["end_to_end_id"] == payment.end_to_end_id and transfer["amount"] == payment.amount
    changed = dict(transfer)
    if "amount" in change:
        changed["amount"] = transfer["amount"] + Decimal(change["amount"])
    if "currency" in change:
        changed["currency"] = change["currency"]
    if "end_to_end_id" in change:
        changed["end_to_end_id"] = change["end_to_end_id"]
    response = upload(finance, camt053([changed]))
    assert response.status_code == 201, response.json()
    result = response.json()["result"]
    assert result["counts"] == {"debits": 1, "matched": 0, "already_paid": 0, "unmatched": 1}, result
    assert says in result["unmatched"][0]["reason"], result
    if says == "differs":
        assert str(payment.amount) in result["unmatched"][0]["reason"], result
    payment.refresh_from_db()
    invoice.refresh_from_db()
    assert payment.paid_on is None and invoice.status == "SCHEDULED" and invoice.paid_on is None
    assert PaymentRun.objects.get().status == "EXPORTED"


def test_a_debit_for_a_run_that_is_approved_but_not_exported_is_unmatched():
    """The bank cannot have paid a file that was never downloaded."""
    company_account()
    mueller = eur_order()
    confirmed_account(mueller)
    invoice = approved(mueller, number="M-1")
    finance = bearer_client(mueller.org.finance)
    run = finance.post(RUNS, {"pay_date": today().isoformat(), "due_by": "2027-12-31"}, format="json").json()
    assert bearer_client(second_finance(mueller)).post(f"{RUNS}{run['id']}/approve/").status_code == 200
    payment = Payment.objects.get()
    transfer = {"amount": payment.amount, "currency": "EUR", "iban": MUELLER_IBAN, "end_to_end_id": payment.end_to_end_id}
    response = upload(finance, camt053([transfer]))
    assert response.status_code == 201, response.json()
    assert response.json()["result"]["counts"]["unmatched"] == 1
    payment.refresh_from_db()
    invoice.refresh_from_db()
    assert payment.paid_on is None and invoice.status == "SCHEDULED"
    assert PaymentRun.objects.get().status == "APPROVED"
    assert response.json()["company_account"]["iban"] == COMPANY_IBAN
