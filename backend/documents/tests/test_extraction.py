"""Extraction on the sample invoices in samples/ and on invoices made in several layouts; the
OCR test runs the real engine on a degraded 200-dpi scan."""

import json
from pathlib import Path

import pytest

from documents.extraction import extract_invoice, find_currency, find_date, parse_amount
from documents.inspection import inspect_upload
from documents.tests.invoices import invoice_pdf, sample_invoices, scan
from documents.text import document_pages

SAMPLES = Path(__file__).resolve().parent / "samples"
FIELDS = [
    "vendor_name",
    "invoice_number",
    "invoice_date",
    "due_date",
    "currency",
    "subtotal",
    "tax",
    "total",
    "po_number",
    "line_items",
]


def extract(data: bytes) -> dict:
    inspection = inspect_upload(data)
    return extract_invoice("\n".join(page.text for page in document_pages(data, inspection.content_type)))


@pytest.mark.parametrize(
    "raw, value",
    [
        ("1,234.56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1'234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("246,60", "246.60"),
        ("0.99", "0.99"),
        ("12,345,678.00", "12345678.00"),
        ("1234", None),
        ("1.2", None),
    ],
)
def test_amount_styles(raw, value):
    parsed = parse_amount(raw)
    assert (str(parsed) if parsed is not None else None) == value


@pytest.mark.parametrize(
    "text, day_first, month_first",
    [
        ("2026-08-07", "2026-08-07", "2026-08-07"),
        ("07.08.2026", "2026-08-07", "2026-08-07"),
        ("7 Aug 2026", "2026-08-07", "2026-08-07"),
        ("August 7, 2026", "2026-08-07", "2026-08-07"),
        ("07/08/2026", "2026-08-07", "2026-07-08"),
        ("25/12/2026", "2026-12-25", "2026-12-25"),
    ],
)
def test_date_styles_and_ambiguity(text, day_first, month_first):
    candidate = find_date(f"Date: {text}")
    assert candidate.pick(False).isoformat() == day_first and candidate.pick(True).isoformat() == month_first


def test_currency_from_codes_and_symbols():
    assert find_currency("Total CAD 12.00")[0] == "CAD"
    assert find_currency("Total £12.00")[0] == "GBP"
    assert find_currency("Summe 12,00 €")[0] == "EUR"
    assert find_currency("Total $12.00") == ("USD", 0.7)
    assert find_currency("Total 12.00") == (None, 0.0)


@pytest.mark.parametrize("name", ["sample-01", "sample-02", "sample-03", "sample-04"])
def test_digital_samples_every_field_right(name):
    truth = json.loads((SAMPLES / f"{name}.json").read_text())
    got = extract((SAMPLES / f"{name}.pdf").read_bytes())
    assert {field: got[field] for field in FIELDS} == truth
    assert got["totals_consistent"] is True and got["confidence"]["total"] >= 0.95


@pytest.mark.parametrize("invoice", sample_invoices(), ids=lambda invoice: invoice.style + ":" + invoice.number)
def test_generated_digital_invoices_every_field_right(invoice):
    got = extract(invoice_pdf(invoice))
    assert {field: got[field] for field in FIELDS} == invoice.truth()


def test_missing_fields_are_null_with_zero_confidence():
    got = extract_invoice("Some letter\nThank you for your business.")
    for field in ("invoice_number", "invoice_date", "due_date", "currency", "subtotal", "tax", "total", "po_number"):
        assert got[field] is None and got["confidence"][field] == 0.0
    assert got["line_items"] == []


def test_totals_that_do_not_add_up_lower_the_confidence():
    got = extract_invoice("ACME Ltd\nInvoice no.: 123\nSubtotal 100.00\nTax 20.00\nTotal 150.00")
    assert got["total"] == "150.00" and got["totals_consistent"] is False
    assert got["confidence"]["total"] <= 0.5


def test_vendor_matched_against_the_vendor_master():
    got = extract_invoice(
        "Globex Hardware Limited\nInvoice no.: 7\nTotal 1.00", vendors=[(7, "Globex Hardware Ltd"), (8, "Acme")]
    )
    assert got["vendor_id"] == 7 and got["vendor_match_score"] >= 0.85


def test_ocr_of_a_degraded_scan_reads_the_key_fields():
    invoice = sample_invoices()[0]
    got = extract(scan(invoice_pdf(invoice), seed=3))
    truth = invoice.truth()
    for field in (
        "vendor_name",
        "invoice_number",
        "invoice_date",
        "due_date",
        "currency",
        "subtotal",
        "tax",
        "total",
        "po_number",
    ):
        assert got[field] == truth[field], field


def test_several_label_value_pairs_on_one_line():
    got = extract_invoice(
        "Northwind Traders Ltd\nInvoice no.: NW-1182 Invoice date: 02.11.2026 Due date: 02.12.2026\n"
        "Subtotal 100.00 VAT 20.00 Total due 120.00"
    )
    assert (got["invoice_number"], got["invoice_date"], got["due_date"]) == ("NW-1182", "2026-11-02", "2026-12-02")
    assert (got["subtotal"], got["tax"], got["total"]) == ("100.00", "20.00", "120.00") and got["totals_consistent"]


def test_values_under_their_labels_and_a_delivery_date_beside_the_invoice_date():
    got = extract_invoice("Fabrikam GmbH\nDelivery date Invoice date Due date\n28.10.2026 02.11.2026 02.12.2026\nTotal 5.00")
    assert (got["invoice_date"], got["due_date"]) == ("2026-11-02", "2026-12-02")


def test_taxes_split_over_lines_are_summed_and_indian_grouping_is_read_whole():
    got = extract_invoice(
        "Tata Supplies Pvt Ltd\nInvoice No: TS/2026/118\nSub Total 8,36,486.45\nCGST 9% 75,283.78\nSGST 9% 75,283.78\n"
        "Grand Total INR 9,87,054.01"
    )
    assert (got["subtotal"], got["tax"], got["total"]) == ("836486.45", "150567.56", "987054.01")
    assert got["invoice_number"] == "TS/2026/118" and got["totals_consistent"]


def test_total_including_tax_is_a_total_not_a_tax_and_a_rate_alone_gives_the_tax():
    got = extract_invoice("Acme Ltd\nInvoice no.: 7\nNet amount 200.00\nVAT 19%\nTotal incl. VAT 238.00")
    assert (got["subtotal"], got["tax"], got["total"]) == ("200.00", "38.00", "238.00")


def test_a_receipt_number_beside_the_time_and_short_number_labels():
    assert extract_invoice("Corner Cafe\nReceipt #10442 14:32\nTotal 9.80")["invoice_number"] == "10442"
    assert extract_invoice("Hotel Alpina AG\nFolio 88-1217\nTotal 420.00")["invoice_number"] == "88-1217"
    # "VAT No." is the seller's tax number, not the invoice's.
    assert extract_invoice("Hotel Alpina AG\nVAT No. CHE-123.456.789\nTotal 420.00")["invoice_number"] is None


def test_figures_that_disagree_leave_the_field_empty_with_its_candidates():
    got = extract_invoice("Acme Ltd\nInvoice no.: 9\nSubtotal 100.00\nTax 20.00\nTotal 150.00\nTotal paid 90.00")
    assert got["total"] is None and got["candidates"]["total"] == ["90.00", "150.00"]
    assert got["subtotal"] == "100.00" and got["totals_consistent"] is False


def test_the_vendor_is_the_seller_not_the_title_an_address_or_the_customer():
    got = extract_invoice(
        "TAX INVOICE\nBill to:\nExample Retail Ltd\n1 High Street\nBlue Harbour Logistics S.L.\n"
        "Calle Mayor 5, 28013 Madrid\nInvoice no.: BH-77\nTotal 10.00"
    )
    assert got["vendor_name"] == "Blue Harbour Logistics S.L."
