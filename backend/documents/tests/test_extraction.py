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
