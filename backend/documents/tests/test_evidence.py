"""Evidence for every field: the page and the box each value was read from, and the page images
(rendered on the server when the document is read) the boxes are drawn on."""

import io

import pytest
from PIL import Image

from conftest import bearer_client
from documents import services
from documents.tests.invoices import invoice_pdf, sample_invoices, scan
from users.tests.factories import UserFactory

from .test_upload_api import upload

pytestmark = pytest.mark.django_db
KEY_FIELDS = ("vendor_name", "invoice_number", "invoice_date", "due_date", "subtotal", "tax", "total")


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _ink(image: Image.Image, box: list[float], page_size: list[float]) -> float:
    """The share of dark pixels inside a box given in the page's unit (points or pixels)."""
    gray = image.convert("L")
    scale = gray.width / page_size[0]
    x0, y0, x1, y1 = (round(value * scale) for value in box)
    region = gray.crop((x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)))
    pixels = list(region.get_flattened_data())
    return sum(1 for pixel in pixels if pixel < 128) / len(pixels)


def _read(content: bytes, name: str, content_type: str):
    owner = UserFactory()
    client = bearer_client(owner)
    response = upload(client, content, name=name, content_type=content_type)
    return client, services.document_process(document_id=response.json()["document_id"])


@pytest.mark.parametrize("scanned", [False, True], ids=["text-layer", "scan"])
def test_each_field_points_at_the_printed_line_it_was_read_from(scanned):
    printed = sample_invoices()[0]
    content = scan(invoice_pdf(printed)) if scanned else invoice_pdf(printed)
    client, document = _read(content, "scan.png" if scanned else "invoice.pdf", "image/png" if scanned else "application/pdf")
    assert document.status == "COMPLETED" and document.preview_pages == 1
    detail = client.get(f"/api/documents/{document.pk}/").json()
    assert detail["preview_pages"] == 1
    page = client.get(f"/api/documents/{document.pk}/pages/1/")
    assert page.status_code == 200 and page["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(page.streaming_content)))
    assert image.width == 900
    evidence = detail["extracted_data"]["evidence"]
    width, height = size = detail["extracted_data"]["page_sizes"][0]
    # A PDF page in points (A4 is 595 x 842); a scan uploaded as an image in its own pixels.
    if scanned:
        assert width > 1600  # the 200-dpi scan's own pixels
    else:
        assert (round(width), round(height)) == (595, 842)
    truth = printed.truth()
    for name in KEY_FIELDS:
        found = evidence[name]
        assert found["page"] == 1, name
        x0, y0, x1, y1 = found["box"]
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, name
        assert _ink(image, found["box"], size) > 0.02, f"{name}: the box holds no print"
        if name in ("vendor_name", "invoice_number"):
            assert truth[name].split()[0] in found["text"], name
    # The seller's name is at the top, the total below the number.
    assert evidence["vendor_name"]["box"][1] < evidence["invoice_number"]["box"][1] < evidence["total"]["box"][1]
    items = detail["extracted_data"]["line_item_evidence"]
    assert [item["page"] for item in items] == [1] * len(printed.lines)
    assert all(_ink(image, item["box"], size) > 0.02 for item in items)


def test_page_images_are_the_documents_own():
    client, document = _read(invoice_pdf(sample_invoices()[1]), "invoice.pdf", "application/pdf")
    assert client.get(f"/api/documents/{document.pk}/pages/2/").status_code == 404
    assert client.get(f"/api/documents/{document.pk}/pages/0/").status_code == 404
    stranger = bearer_client(UserFactory())
    assert stranger.get(f"/api/documents/{document.pk}/pages/1/").status_code == 404


def test_a_page_beyond_the_preview_limit_has_no_image(settings):
    settings.DOCUMENT_PREVIEW_PAGES = 0
    client, document = _read(invoice_pdf(sample_invoices()[2]), "invoice.pdf", "application/pdf")
    assert document.status == "COMPLETED" and document.preview_pages == 0
    assert client.get(f"/api/documents/{document.pk}/pages/1/").status_code == 404
