"""Heavy and hostile documents cost the web request almost nothing and are read in a child
process with CPU, memory and time limits: whatever they do, the document ends COMPLETED or
FAILED with a sentence and its code, and the worker (here: the test process) lives on."""

import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from conftest import bearer_client
from documents import services
from documents.models import Document
from documents.sandbox import read_pages
from documents.tests.invoices import invoice_pdf, sample_invoices
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def lossless_scan_pdf(dpi: int) -> bytes:
    """An A4 colour page scanned at `dpi` and stored losslessly (one Flate image, as scanners
    write them): about 40 KB on disk, 26 MB inflated at 300 dpi, 104 MB at 600."""
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("RGB", (width, height), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    for y in range(dpi, height // 4, dpi // 3):
        draw.text((dpi, y), "INVOICE 4711   TOTAL 99.00", fill=(10, 10, 10), font_size=dpi // 8)
    pixels = zlib.compress(image.tobytes(), 9)
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (width, height, len(pixels))
        + pixels
        + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def upload_and_process(content: bytes) -> tuple[float, Document]:
    """The upload's wall time, and the document once the worker's service has read it."""
    client = bearer_client(UserFactory())
    started = time.monotonic()
    response = client.post("/api/documents/upload/", {"file": SimpleUploadedFile("scan.pdf", content)}, format="multipart")
    elapsed = time.monotonic() - started
    assert response.status_code == 202, response.json()
    return elapsed, services.document_process(document_id=response.json()["document_id"])


@pytest.mark.parametrize("dpi", [300, 600])
def test_a_lossless_colour_scan_is_accepted_at_once_and_read(dpi):
    """The 300-dpi scan used to hang the upload request forever (the inflation check spun on the
    stream's trailing byte) until Gunicorn killed the worker."""
    _, document = upload_and_process(lossless_scan_pdf(dpi))
    assert document.status == "COMPLETED", (document.error_code, document.error)
    assert document.page_count == 1 and document.ocr_pages == 1
    assert "4711" in document.extracted_text


def test_a_child_that_runs_out_of_memory_fails_the_document_and_nothing_else(settings):
    settings.DOCUMENT_SANDBOX_MEMORY_BYTES = 64 * 1024 * 1024  # not even enough to load the reader
    _, document = upload_and_process(invoice_pdf(sample_invoices()[0]))
    assert (document.status, document.error_code) == ("FAILED", "processing_crashed")
    assert "memory" in document.error
    settings.DOCUMENT_SANDBOX_MEMORY_BYTES = 3 * 1024**3
    _, next_one = upload_and_process(invoice_pdf(sample_invoices()[0]))  # the worker goes on
    assert next_one.status == "COMPLETED"


def test_a_child_over_its_cpu_time_is_stopped(settings):
    settings.DOCUMENT_SANDBOX_CPU_SECONDS = 1  # OCR of a 300-dpi page needs several
    _, document = upload_and_process(lossless_scan_pdf(300))
    assert (document.status, document.error_code) == ("FAILED", "processing_timeout")


def test_a_child_over_its_wall_clock_time_is_killed(settings):
    settings.DOCUMENT_SANDBOX_WALL_SECONDS = 1
    started = time.monotonic()
    with pytest.raises(services.ApplicationError) as refused:
        read_pages(lossless_scan_pdf(300), "application/pdf")
    assert refused.value.code == "processing_timeout"
    assert time.monotonic() - started < 5


def test_an_ocr_budget_bomb_tiff_is_refused_at_upload_without_decoding(settings):
    """Twenty 7000x7000 frames in a 72 KB TIFF were a minute of OCR each time."""
    frames = [Image.new("1", (7000, 7000), 1) for _ in range(20)]
    from io import BytesIO

    out = BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:], compression="group4")
    response = bearer_client(UserFactory()).post(
        "/api/documents/upload/", {"file": SimpleUploadedFile("bomb.tif", out.getvalue())}, format="multipart"
    )
    assert response.status_code == 422 and response.json()["code"] == "ocr_budget_exceeded"
    assert "million pixels" in response.json()["detail"]
    assert not Document.objects.exists()
