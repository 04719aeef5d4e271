"""E-invoices are read, not guessed: CII and UBL XML uploads and Factur-X PDFs give every field
and line exactly (source "xml", confidence 1.0) and end up as invoices; hostile XML is refused at
the door with its own code and leaves nothing behind."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import bearer_client
from documents import services
from documents.einvoice import read_einvoice
from documents.models import Document
from documents.sandbox import read_pages
from documents.tests.einvoices import cii_xml, facturx_pdf
from documents.tests.invoices import sample_invoices
from invoices.tests.helpers import INVOICES, ordered
from purchases.tests.factories import VendorFactory
from users.tests.factories import UserFactory

from .test_upload_api import stored_files, upload

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples" / "einvoices"
TRUTH = json.loads((SAMPLES / "truth.json").read_text())


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _assert_matches(read: dict, truth: dict) -> None:
    for name, expected in truth.items():
        if name == "line_items":
            assert [[line["description"], line["quantity"], line["amount"]] for line in read["line_items"]] == expected
        else:
            assert read[name] == expected, name
    assert read["source"] == "xml"
    assert all(read["confidence"][name] == 1.0 for name in truth if truth[name] not in (None, []))


@pytest.mark.parametrize("name", [name for name in TRUTH if name.endswith(".xml")])
def test_public_sample_xml_invoices_are_read_exactly(name):
    _assert_matches(read_einvoice((SAMPLES / name).read_bytes()), TRUTH[name])


def test_the_xml_inside_a_public_factur_x_pdf_is_read_not_its_print():
    reading = read_pages((SAMPLES / "invoice_EN16931.pdf").read_bytes(), "application/pdf")
    assert reading.pages and reading.xml  # the printed pages are still read, for search and display
    _assert_matches(read_einvoice(reading.xml), TRUTH["invoice_EN16931.pdf"])


def test_a_factur_x_upload_becomes_an_invoice_with_every_field_and_line_from_its_xml():
    setup = ordered(items=(("Laptop", "2", "1200.00"), ("Dock", "2", "150.00")), currency="EUR", vendor_name="Fabrikam GmbH")
    printed = sample_invoices()[0]
    printed.vendor, printed.currency, printed.po_number = "Fabrikam GmbH", "EUR", setup.order.number
    printed.lines, printed.tax_rate = [("Laptop", "2", "1200.00"), ("Dock", "2", "150.00")], "19"
    client = bearer_client(setup.org.finance)
    response = upload(client, facturx_pdf(printed))
    assert response.status_code == 202
    document = services.document_process(document_id=response.json()["document_id"])
    assert document.status == "COMPLETED" and document.extracted_data["source"] == "xml"
    assert document.purchase_order == setup.order
    created = client.post(INVOICES, {"document": document.pk}, format="json")
    assert created.status_code == 201, created.json()
    invoice = created.json()
    truth = printed.truth()
    assert (invoice["number"], invoice["invoice_date"], invoice["due_date"]) == (
        truth["invoice_number"],
        truth["invoice_date"],
        truth["due_date"],
    )
    assert [Decimal(invoice[name]) for name in ("subtotal", "tax", "total")] == [Decimal("2700"), Decimal("513"), Decimal("3213")]
    assert invoice["vendor"]["id"] == setup.order.vendor_id and invoice["purchase_order"]["id"] == setup.order.pk
    assert [(line["description"], Decimal(line["quantity"]), Decimal(line["amount"])) for line in invoice["lines"]] == [
        ("Laptop", Decimal("2"), Decimal("2400")),
        ("Dock", Decimal("2"), Decimal("300")),
    ]
    assert all(line["po_line"] for line in invoice["lines"])  # matched to the order's lines


def test_an_xml_upload_is_read_exactly_and_its_seller_found_by_vat_number():
    vendor = VendorFactory(name="Initech Deutschland", tax_id="DE999888777")  # a name the XML does not print
    printed = sample_invoices()[1]
    client = bearer_client(UserFactory())
    response = upload(client, cii_xml(printed, seller_vat="DE999888777"), name="rechnung.xml", content_type="text/xml")
    assert response.status_code == 202, response.json()
    document = services.document_process(document_id=response.json()["document_id"])
    assert document.status == "COMPLETED" and document.content_type == "application/xml"
    assert document.original_filename == "rechnung.xml" and document.page_count == 0
    data = document.extracted_data
    truth = printed.truth()
    for name in ("vendor_name", "invoice_number", "invoice_date", "due_date", "currency", "subtotal", "tax", "total"):
        assert data[name] == truth[name], name
    assert data["line_items"] == truth["line_items"]
    assert (data["vendor_id"], data["vendor_match_score"]) == (vendor.pk, 1.0)
    assert "INV 88213" in document.extracted_text  # searchable like a PDF's text


def test_a_pdf_whose_attached_xml_is_refused_is_read_from_its_print():
    """The embedded XML gets the same defences as an upload: with a DTD it is not read, and the
    printed invoice is read instead, so nothing is lost and nothing is expanded."""
    printed = sample_invoices()[0]
    hostile = cii_xml(printed).replace(
        b"<rsm:CrossIndustryInvoice", b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>\n<rsm:CrossIndustryInvoice', 1
    )
    response = upload(bearer_client(UserFactory()), facturx_pdf(printed, hostile, check_xsd=False))
    document = services.document_process(document_id=response.json()["document_id"])
    assert document.status == "COMPLETED"
    assert document.extracted_data["source"] == "text"
    assert document.extracted_data["invoice_number"] == printed.number


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&lol3;</Invoice>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&x;</ID></Invoice>"""
DTD_ONLY = b"""<?xml version="1.0"?><!DOCTYPE Invoice SYSTEM "http://127.0.0.1:9/x.dtd">
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>"""
ZUGFERD_1 = (SAMPLES / "zugferd-comfort.xml").read_bytes()


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (BILLION_LAUGHS, 422, "unsafe_xml"),
        (XXE, 422, "unsafe_xml"),
        (DTD_ONLY, 422, "unsafe_xml"),
        (b"<?xml version='1.0'?><Invoice><unclosed></Invoice>", 422, "corrupt_file"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 422, "not_an_einvoice"),
        (b"<html><body>Invoice</body></html>", 415, "unsupported_media_type"),
        (ZUGFERD_1, 422, "not_an_einvoice"),  # ZUGFeRD 1.0 (2014), superseded by ZUGFeRD 2 / Factur-X
        (b"<?xml version='1.0'?>" + b"<a>" * 10 + b" " * (5 * 1024 * 1024), 413, "file_too_large"),
    ],
    ids=["billion-laughs", "xxe", "external-dtd", "malformed", "svg", "html", "zugferd-1", "too-large"],
)
def test_hostile_or_foreign_xml_is_refused_at_upload_and_leaves_nothing(content, status, code):
    response = upload(bearer_client(UserFactory()), content, name="invoice.xml", content_type="application/xml")
    assert response.status_code == status, response.json()
    body = response.json()
    assert body["code"] == code and body["detail"]
    assert "root:" not in json.dumps(body)  # /etc/passwd was never read
    assert not Document.objects.exists() and stored_files() == []


def test_a_credit_note_in_ubl_is_read_as_one():
    credit_note = (
        (SAMPLES / "ubl-21-en16931.xml")
        .read_bytes()
        .replace(
            b"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
            b"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
        )
        .replace(b"<Invoice ", b"<CreditNote ")
        .replace(b"</Invoice>", b"</CreditNote>")
        .replace(b"InvoiceTypeCode>380<", b"InvoiceTypeCode>381<")
        .replace(b"InvoiceTypeCode>", b"CreditNoteTypeCode>")
        .replace(b"InvoiceLine>", b"CreditNoteLine>")
        .replace(b"InvoicedQuantity", b"CreditedQuantity")
    )
    read = read_einvoice(credit_note)
    assert read["kind"] == "credit_note" and read["total"] == "308.03" and len(read["line_items"]) == 2
