"""Learning from corrections: a layout the reader misses once is read right after one
correction, for that vendor only, without retraining anything global."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import bearer_client
from documents.models import VendorFieldHint
from documents.services import document_process, document_upload
from documents.tests.invoices import labelled_invoice
from invoices.tests.helpers import INVOICES
from purchases.tests.factories import VendorFactory, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def unusual_invoice(vendor: str, number: str, day: str) -> bytes:
    """A layout whose number and date labels the reader's vocabulary does not know."""
    return labelled_invoice(vendor, "Belegkennung", number, "Ausstellungstag", day)


def read(user, content: bytes):
    upload = SimpleUploadedFile("invoice.pdf", content, content_type="application/pdf")
    return document_process(document_id=document_upload(uploaded_by=user, file=upload, filename="invoice.pdf").pk)


def test_one_correction_teaches_the_vendors_layout_and_only_that_vendors():
    org = make_org()
    zeta = VendorFactory(name="Zeta Werkstoffe GmbH", currency="EUR")
    VendorFactory(name="Omega Metall AG", currency="EUR")
    first = read(org.finance, unusual_invoice("Zeta Werkstoffe GmbH", "ZW/2026/0017", "03.11.2026"))
    data = first.extracted_data
    assert data["vendor_id"] == zeta.pk
    assert (data["invoice_number"], data["invoice_date"]) == (None, None)  # missed: labels it does not know
    finance = bearer_client(org.finance)
    invoice = finance.post(INVOICES, {"document": first.pk}, format="json")
    assert invoice.status_code == 201, invoice.json()
    corrected = finance.patch(
        f"{INVOICES}{invoice.json()['id']}/", {"number": "ZW/2026/0017", "invoice_date": "2026-11-03"}, format="json"
    )
    assert corrected.status_code == 200, corrected.json()
    assert dict(VendorFieldHint.objects.filter(vendor=zeta).values_list("field", "label")) == {
        "invoice_number": "belegkennung",
        "invoice_date": "ausstellungstag",
    }

    second = read(org.finance, unusual_invoice("Zeta Werkstoffe GmbH", "ZW/2026/0018", "05.11.2026"))
    data = second.extracted_data
    assert (data["invoice_number"], data["invoice_date"]) == ("ZW/2026/0018", "2026-11-05")
    assert data["learned"] == ["invoice_date", "invoice_number"] and data["confidence"]["invoice_number"] == 0.9
    assert data["evidence"]["invoice_number"]["text"] == "Belegkennung: ZW/2026/0018"
    assert data["evidence"]["invoice_number"]["page"] == 1

    # Another vendor with the same layout is read as before: nothing global was retrained.
    other = read(org.finance, unusual_invoice("Omega Metall AG", "OM-5521", "06.11.2026"))
    assert (other.extracted_data["invoice_number"], other.extracted_data["learned"]) == (None, [])


def test_a_correction_to_a_value_the_document_does_not_print_teaches_nothing():
    org = make_org()
    VendorFactory(name="Zeta Werkstoffe GmbH", currency="EUR")
    first = read(org.finance, unusual_invoice("Zeta Werkstoffe GmbH", "ZW/2026/0017", "03.11.2026"))
    finance = bearer_client(org.finance)
    invoice = finance.post(INVOICES, {"document": first.pk}, format="json").json()
    assert finance.patch(f"{INVOICES}{invoice['id']}/", {"number": "TYPED-BY-HAND-1"}, format="json").status_code == 200
    assert not VendorFieldHint.objects.exists()
