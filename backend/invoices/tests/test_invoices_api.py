"""Accounts payable through the API: each action, each role, and bad input answered with the
error envelope and nothing written."""

from decimal import Decimal

import pytest
from django.core import mail

from conftest import bearer_client
from core.models import AuditEvent
from currencies.models import ExchangeRate
from invoices import notifications
from invoices.models import Invoice, InvoiceCorrection, InvoiceHold
from invoices.services import invoices_rematch_for_order
from purchases.services import purchase_order_cancel
from purchases.tests.factories import VendorFactory, make_org
from users.models import Role
from users.tests.factories import UserFactory

from .helpers import INVOICES, by_hand, ordered, read_document

pytestmark = pytest.mark.django_db


def open_codes(body: dict) -> set[str]:
    return {hold["code"] for hold in body["holds"] if hold["status"] == "open"}


def post(setup, body, user=None):
    return bearer_client(user or setup.org.finance).post(INVOICES, body, format="json")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lines": [{"description": "Laptop", "quantity": "-1", "unit_price": "1200.00"}]}, "lines"),
        ({"total": "1300.00"}, "total"),  # subtotal 1200 + tax 0 is not 1300
        ({"purchase_order": 999999}, "purchase_order"),
        ({"due_date": "2026-11-01"}, "due_date"),  # before the invoice date
        ({"subtotal": "-5.00"}, "subtotal"),
        ({"currency": "XYZ"}, "currency"),
        ({"lines": [{"description": "Laptop", "quantity": "1", "unit_price": "1200.00", "amount": "1100.00"}]}, "lines"),
        ({"bogus": 1}, "bogus"),
        ({"lines": [{"description": "Laptop", "quantity": "999999999", "unit_price": "999999999999"}]}, "lines"),
        ({"subtotal": "999999999999.00", "total": "999999999999.00", "currency": "XAU"}, "total"),  # at 500 USD an ounce
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(change, field):
    setup = ordered()
    ExchangeRate.objects.create(currency="XAU", date="2026-11-20", rate=Decimal("500"))
    response = post(setup, {**by_hand(setup), **change})
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "validation_error" and field in response.json()["fields"]
    assert not Invoice.objects.exists() and not AuditEvent.objects.filter(action__startswith="invoice").exists()


def test_a_po_of_another_vendor_is_refused():
    setup = ordered()
    other = VendorFactory(name="Someone Else")
    response = post(setup, by_hand(setup, vendor=other.pk))
    assert response.status_code == 400 and "purchase_order" in response.json()["fields"]


def test_a_line_of_another_po_is_refused():
    setup, other = ordered(), ordered(vendor_name="Other Vendor")
    body = by_hand(setup)
    body["lines"][0]["po_line"] = other.line.pk
    response = post(setup, body)
    assert response.status_code == 400 and "0" in response.json()["fields"]["lines"]


def test_more_decimals_than_the_currency_has_are_refused_and_three_decimal_currencies_work():
    jpy = ordered(items=(("Cable", "10", "500.00"),), vendor_name="Tokyo Parts", currency="JPY")
    response = post(jpy, by_hand(jpy, quantity="10", unit_price="500", subtotal="5000.50", total="5000.50"))
    assert response.status_code == 400 and "subtotal" in response.json()["fields"]
    kwd = ordered(items=(("Cable", "10", "1.25"),), vendor_name="Kuwait Parts", currency="KWD")
    kwd.receive("10")
    response = post(kwd, by_hand(kwd, quantity="10", unit_price="1.250", subtotal="12.500", tax="0.125", total="12.625"))
    assert response.status_code == 201, response.json()
    assert response.json()["match_status"] == "matched"


def test_a_credit_note_larger_than_its_invoice_is_refused():
    setup = ordered()
    setup.receive("1")
    invoice = post(setup, by_hand(setup)).json()
    body = {"kind": "credit_note", "credit_for": invoice["id"], "number": "CN-1", "invoice_date": "2026-11-21"}
    body.update(total="1200.01", lines=[{"description": "refund", "quantity": "1", "unit_price": "1200.01"}])
    response = post(setup, body)
    assert response.status_code == 400 and "total" in response.json()["fields"]


def test_normalised_numbers_are_duplicates_and_similar_invoices_are_suspects():
    setup = ordered(items=(("Laptop", "5", "1200.00"),))
    setup.receive("5")
    assert post(setup, by_hand(setup, number="INV-0042")).status_code == 201
    again = post(setup, by_hand(setup, number="inv 42"))
    assert again.status_code == 409 and again.json()["code"] == "duplicate_invoice"
    suspect = post(setup, by_hand(setup, number="INV-43", invoice_date="2026-11-25"))
    assert suspect.status_code == 201 and open_codes(suspect.json()) == {"duplicate_suspect"}
    hold = suspect.json()["holds"][0]
    assert hold["owner_role"] == "finance" and "INV-0042" in hold["detail"]
    # A week and a day later it is another month's bill, not a suspect.
    later = post(setup, by_hand(setup, number="INV-44", invoice_date="2026-12-03"))
    assert later.json()["match_status"] == "matched"


def test_a_requester_never_sees_another_departments_invoices():
    setup = ordered()
    invoice = post(setup, by_hand(setup)).json()
    stranger = make_org().requester
    client = bearer_client(stranger)
    assert client.get(f"{INVOICES}{invoice['id']}/").status_code == 404
    assert client.get(INVOICES).json()["count"] == 0
    own = bearer_client(setup.org.requester)
    assert own.get(f"{INVOICES}{invoice['id']}/").status_code == 200
    assert own.patch(f"{INVOICES}{invoice['id']}/", {"number": "X"}, format="json").status_code == 403
    # The requester sees the receipt hold waiting on them in their inbox; procurement too.
    assert [row["code"] for row in own.get("/api/match-exceptions/").json()["results"]] == ["qty_not_received"]
    procurement = bearer_client(setup.org.procurement).get("/api/match-exceptions/").json()
    assert [row["invoice"]["id"] for row in procurement["results"]] == [invoice["id"]]
    assert bearer_client(stranger).get("/api/match-exceptions/").json()["count"] == 0


def test_an_invoice_without_po_needs_someone_whose_limit_covers_it():
    setup = ordered()
    body = by_hand(setup, vendor=setup.order.vendor.pk, purchase_order=None)
    body["lines"][0].pop("po_line")
    invoice = post(setup, body).json()
    assert invoice["status"] == "ON_HOLD" and open_codes(invoice) == {"no_po"}
    hold = invoice["holds"][0]
    release = f"{INVOICES}{invoice['id']}/holds/{hold['id']}/release/"
    small = UserFactory(role=Role.FINANCE, approval_limit=Decimal("500.00"))
    refused = bearer_client(small).post(release, {"reason": "ok"}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "approval_limit_exceeded"
    big = UserFactory(role=Role.FINANCE, approval_limit=Decimal("5000.00"))
    released = bearer_client(big).post(release, {"reason": "Office rent, no PO by policy"}, format="json").json()
    assert released["status"] == "APPROVED"


def test_a_credit_note_clears_the_over_billing_hold():
    setup = ordered()
    setup.receive("1")
    invoice = post(setup, by_hand(setup, quantity="2")).json()
    assert open_codes(invoice) == {"qty_not_received"}
    body = {"kind": "credit_note", "credit_for": invoice["id"], "number": "CN-7", "invoice_date": "2026-11-22"}
    body.update(subtotal="1200.00", tax="0.00", total="1200.00")
    body["lines"] = [{"po_line": setup.line.pk, "description": "Laptop", "quantity": "1", "unit_price": "1200.00"}]
    credit = post(setup, body)
    assert credit.status_code == 201 and credit.json()["status"] == "APPROVED", credit.json()
    invoices_rematch_for_order(order_id=setup.order.pk)  # the task the credit note sends
    after = bearer_client(setup.org.finance).get(f"{INVOICES}{invoice['id']}/").json()
    assert after["status"] == "APPROVED" and after["lines"][0]["po_line"]["invoiced_quantity"] == "1.000"
    # The invoice cannot be cancelled under its credit note; the credit note can.
    assert bearer_client(setup.org.finance).post(f"{INVOICES}{invoice['id']}/cancel/", {}, format="json").status_code == 409


def test_cancelling_the_credit_note_an_approved_invoice_needs_is_refused():
    setup = ordered()
    setup.receive("1")
    invoice = post(setup, by_hand(setup, quantity="2")).json()
    body = {"kind": "credit_note", "credit_for": invoice["id"], "number": "CN-8", "invoice_date": "2026-11-22"}
    body.update(total="1200.00", lines=[{"po_line": setup.line.pk, "quantity": "1", "unit_price": "1200.00"}])
    credit = post(setup, body).json()
    invoices_rematch_for_order(order_id=setup.order.pk)
    response = bearer_client(setup.org.finance).post(f"{INVOICES}{credit['id']}/cancel/", {}, format="json")
    assert response.status_code == 409 and Invoice.objects.get(pk=credit["id"]).status == "APPROVED"


def test_a_correction_is_audited_kept_as_data_and_rematched():
    setup = ordered()
    setup.receive("2")
    document = read_document(setup, number="INV 77", lines=(("Laptop", "1", "1300.00"),))
    finance = bearer_client(setup.org.finance)
    invoice = finance.post(INVOICES, {"document": document.pk}, format="json").json()
    assert open_codes(invoice) == {"price_variance"}
    line = invoice["lines"][0]
    clerk = UserFactory(role=Role.FINANCE)
    fixed = bearer_client(clerk).patch(
        f"{INVOICES}{invoice['id']}/",
        {
            "subtotal": "1200.00",
            "total": "1200.00",
            "lines": [{"po_line": line["po_line"]["id"], "description": "Laptop", "quantity": "1", "unit_price": "1200.00"}],
        },
        format="json",
    )
    assert fixed.status_code == 200, fixed.json()
    assert fixed.json()["status"] == "APPROVED" and [h["status"] for h in fixed.json()["holds"]] == ["cleared"]
    corrections = {c.field: c for c in InvoiceCorrection.objects.filter(invoice_id=invoice["id"])}
    assert set(corrections) == {"subtotal", "total", "lines"}
    assert corrections["total"].extracted_value == "1300.00" and Decimal(corrections["total"].corrected_value) == Decimal("1200")
    assert corrections["total"].document_id == document.pk and corrections["total"].vendor_id == setup.order.vendor_id
    event = AuditEvent.objects.get(action="invoice.correct", object_id=str(invoice["id"]))
    assert Decimal(event.before["total"]) == Decimal("1300") and Decimal(event.after["total"]) == Decimal("1200")
    # Approved: no more corrections.
    again = bearer_client(clerk).patch(f"{INVOICES}{invoice['id']}/", {"number": "X"}, format="json")
    assert again.status_code == 409


def test_the_corrector_may_not_release_and_a_manual_approval_needs_four_eyes(settings):
    settings.INVOICE_AUTO_APPROVE_LIMIT = Decimal("1000.00")
    setup = ordered()
    setup.receive("1")
    invoice = post(setup, by_hand(setup)).json()
    assert invoice["status"] == "MATCHED"  # 1,200 is above the auto-approval limit
    approve = f"{INVOICES}{invoice['id']}/approve/"
    assert bearer_client(setup.org.finance).post(approve).status_code == 403  # who entered it
    colleague = UserFactory(role=Role.FINANCE)
    approved = bearer_client(colleague).post(approve)
    assert approved.status_code == 200 and approved.json()["approved_by"]["id"] == colleague.pk


def test_a_document_from_another_seller_is_a_vendor_hold():
    setup = ordered(vendor_name="Northwind Traders")
    setup.receive("1")
    setup.order.vendor.name = "Contoso Pharmaceuticals"  # the PDF below prints the old name
    document = read_document(setup)
    setup.order.vendor.name = "Northwind Traders"
    invoice = post(setup, {"document": document.pk}).json()
    assert invoice["vendor"]["id"] == setup.order.vendor.pk
    assert open_codes(invoice) == {"vendor_mismatch"}
    assert "Contoso Pharmaceuticals" in invoice["holds"][0]["detail"]


def test_a_cancelled_po_puts_its_invoices_on_hold():
    setup = ordered()
    invoice = post(setup, by_hand(setup)).json()
    purchase_order_cancel(order=setup.order, actor=setup.org.procurement)
    invoices_rematch_for_order(order_id=setup.order.pk)
    after = bearer_client(setup.org.finance).get(f"{INVOICES}{invoice['id']}/").json()
    assert open_codes(after) == {"qty_not_received", "po_cancelled"}


def test_the_owner_of_a_new_hold_gets_a_link(settings):
    settings.SITE_URL = "https://p2p.example.com"
    setup = ordered()
    invoice = post(setup, by_hand(setup, unit_price="1320.00")).json()
    price = InvoiceHold.objects.get(invoice_id=invoice["id"], code="price_variance")
    assert notifications.hold_notify(hold_id=price.pk) is True
    assert notifications.hold_notify(hold_id=price.pk) is False  # once
    message = mail.outbox[-1]
    assert message.to == [setup.org.procurement.email]
    assert f"https://p2p.example.com/invoices/{invoice['id']}" in message.body and "+10.0 %" in message.body
    receipt = InvoiceHold.objects.get(invoice_id=invoice["id"], code="qty_not_received")
    notifications.hold_notify(hold_id=receipt.pk)
    assert mail.outbox[-1].to == [setup.org.requester.email]


def test_reports_committed_received_invoiced_and_the_accrual_list():
    setup = ordered(items=(("Laptop", "2", "1200.00"), ("Mouse", "10", "15.50")))
    setup.receive("2")
    post(setup, by_hand(setup))
    client = bearer_client(setup.org.finance)
    report = client.get("/api/reports/payables/?group_by=vendor").json()
    assert report["base_currency"] == "USD" and report["group_by"] == "vendor"
    [row] = report["rows"]
    assert row == {
        "name": "Northwind Traders",
        "committed": "2555.00",
        "received": "2400.00",
        "invoiced": "1200.00",
        "paid": "0.00",
    }
    accrual = client.get("/api/reports/received-not-invoiced/").json()["results"]
    assert [(r["description"], r["not_invoiced_quantity"], r["not_invoiced_amount"]) for r in accrual] == [
        ("Laptop", "1.000", "1200.00")
    ]
    assert client.get("/api/reports/invoice-holds/").json() == {"base_currency": "USD", "rows": []}
    csv = client.get("/api/reports/payables/?group_by=department&format=csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")


def test_a_line_off_the_order_is_approved_by_a_person_not_by_itself():
    setup = ordered()
    setup.receive("2")
    body = by_hand(setup, subtotal="1250.00", total="1250.00")
    body["lines"].append({"description": "Freight", "quantity": "1", "unit_price": "50.00"})
    invoice = post(setup, body).json()
    assert invoice["status"] == "MATCHED" and invoice["match_status"] == "matched"
    small = by_hand(setup, number="INV-9", quantity="0.5", subtotal="600.50", total="600.50")
    small["lines"].append({"description": "Rounding", "quantity": "1", "unit_price": "0.50"})
    assert post(setup, small).json()["status"] == "APPROVED"  # within the 1.00 small difference


def test_naming_the_vendor_settles_a_printed_name_that_differs():
    setup = ordered(vendor_name="Northwind Traders")
    setup.receive("1")
    setup.order.vendor.name = "Contoso Pharmaceuticals"
    document = read_document(setup)
    setup.order.vendor.name = "Northwind Traders"
    invoice = post(setup, {"document": document.pk}).json()
    assert open_codes(invoice) == {"vendor_mismatch"}
    clerk = UserFactory(role=Role.FINANCE)
    fixed = bearer_client(clerk).patch(f"{INVOICES}{invoice['id']}/", {"vendor": setup.order.vendor.pk}, format="json").json()
    assert fixed["status"] == "APPROVED" and fixed["vendor_name_read"] == ""
    assert InvoiceCorrection.objects.filter(invoice_id=invoice["id"], field="vendor_name_read").exists()


def test_a_credit_note_gives_back_at_most_what_its_invoice_billed_on_each_line():
    setup = ordered()
    setup.receive("1")
    invoice = post(setup, by_hand(setup)).json()
    other = ordered(vendor_name="Other Vendor")
    base = {"kind": "credit_note", "credit_for": invoice["id"], "number": "CN-9", "invoice_date": "2026-11-22"}
    free = {**base, "total": "0.00", "lines": [{"po_line": setup.line.pk, "quantity": "1000", "unit_price": "0"}]}
    response = post(setup, free)
    assert response.status_code == 400 and str(setup.line.pk) in response.json()["fields"]["lines"]
    elsewhere = {**base, "purchase_order": other.order.pk, "total": "1.00", "lines": [{"quantity": "1", "unit_price": "1.00"}]}
    response = post(setup, elsewhere)
    assert response.status_code == 400 and "purchase_order" in response.json()["fields"]
    fair = {**base, "total": "1200.00", "lines": [{"po_line": setup.line.pk, "quantity": "1", "unit_price": "1200.00"}]}
    assert post(setup, fair).status_code == 201
    again = {
        **fair,
        "number": "CN-10",
        "total": "0.00",
        "lines": [{"po_line": setup.line.pk, "quantity": "1", "unit_price": "0"}],
    }
    assert post(setup, again).status_code == 400  # the one laptop was credited already


def test_a_released_no_po_approval_does_not_cover_a_larger_total(settings):
    settings.INVOICE_AUTO_APPROVE_LIMIT = Decimal("50.00")  # so it stays open after the release
    setup = ordered()
    body = by_hand(setup, vendor=setup.order.vendor.pk, purchase_order=None, subtotal="100.00", total="100.00")
    body["lines"] = [{"description": "Rent", "quantity": "1", "unit_price": "100.00"}]
    invoice = post(setup, body).json()
    hold = invoice["holds"][0]
    approver = UserFactory(role=Role.FINANCE, approval_limit=Decimal("300.00"))
    release = f"{INVOICES}{invoice['id']}/holds/{hold['id']}/release/"
    assert bearer_client(approver).post(release, {"reason": "Rent"}, format="json").json()["status"] == "MATCHED"
    clerk = UserFactory(role=Role.FINANCE)
    grown = (
        bearer_client(clerk)
        .patch(
            f"{INVOICES}{invoice['id']}/",
            {
                "subtotal": "900.00",
                "total": "900.00",
                "lines": [{"description": "Rent", "quantity": "1", "unit_price": "900.00"}],
            },
            format="json",
        )
        .json()
    )
    assert grown["status"] == "ON_HOLD" and open_codes(grown) == {"no_po"}
    assert "900.00" in [h for h in grown["holds"] if h["status"] == "open"][0]["detail"]


def test_a_duplicate_suspicion_is_not_cleared_by_moving_the_date():
    setup = ordered(items=(("Laptop", "5", "1200.00"),))
    setup.receive("5")
    post(setup, by_hand(setup, number="INV-50"))
    suspect = post(setup, by_hand(setup, number="INV-51", invoice_date="2026-11-22")).json()
    assert open_codes(suspect) == {"duplicate_suspect"}
    moved = (
        bearer_client(setup.org.finance)
        .patch(f"{INVOICES}{suspect['id']}/", {"invoice_date": "2026-12-10"}, format="json")
        .json()
    )
    assert open_codes(moved) == {"duplicate_suspect"} and moved["status"] == "ON_HOLD"
    invoices_rematch_for_order(order_id=setup.order.pk)  # nor does a later re-match by the system
    assert Invoice.objects.get(pk=suspect["id"]).status == "ON_HOLD"
    # Once the invoice it may duplicate is cancelled, the suspicion clears by itself.
    first = Invoice.objects.get(number="INV-50")
    assert bearer_client(setup.org.finance).post(f"{INVOICES}{first.pk}/cancel/", {}, format="json").status_code == 200
    invoices_rematch_for_order(order_id=setup.order.pk)
    assert Invoice.objects.get(pk=suspect["id"]).status == "APPROVED"


def test_moving_the_invoice_date_moves_a_due_date_that_came_from_the_terms(settings):
    settings.INVOICE_AUTO_APPROVE_LIMIT = Decimal("50.00")  # so it stays open to corrections
    setup = ordered()
    setup.receive("1")
    setup.order.vendor.payment_terms = "net 30"
    setup.order.vendor.save()
    invoice = post(setup, by_hand(setup, invoice_date="2026-01-01")).json()
    assert invoice["due_date"] == "2026-01-31"
    clerk = UserFactory(role=Role.FINANCE)
    moved = bearer_client(clerk).patch(f"{INVOICES}{invoice['id']}/", {"invoice_date": "2026-03-01"}, format="json")
    assert moved.status_code == 200, moved.json()
    assert moved.json()["due_date"] == "2026-03-31"
