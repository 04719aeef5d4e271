"""Files that get through the upload checks and still misbehave while being read, and
processing that never finishes: each ends as a FAILED document with a sentence, never a
crashed worker or a document stuck in PROCESSING."""

import io
from datetime import timedelta
from unittest import mock

import pypdfium2 as pdfium
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.utils import timezone
from PIL import Image
from reportlab.pdfgen import canvas

from conftest import bearer_client
from core.exceptions import ApplicationError
from documents import services
from documents.extraction import extract_invoice
from documents.models import Document
from documents.tasks import document_process_task
from documents.tests.invoices import invoice_pdf, sample_invoices
from documents.text import page_render
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Document.Status


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def uploaded(content: bytes, name="invoice.pdf", content_type="application/pdf") -> int:
    response = bearer_client(UserFactory()).post(
        "/api/documents/upload/", {"file": SimpleUploadedFile(name, content, content_type=content_type)}, format="multipart"
    )
    assert response.status_code == 202, response.json()
    return response.json()["document_id"]


def test_a_tiff_whose_later_page_is_huge_is_refused_at_upload(settings):
    """Pillow checks its pixel limit on the first frame only."""
    settings.DOCUMENT_MAX_IMAGE_PIXELS = 1_000_000
    out = io.BytesIO()
    small, huge = Image.new("1", (100, 100), 1), Image.new("1", (2000, 2000), 1)  # 4 Mpx, compressed to little
    small.save(out, format="TIFF", save_all=True, append_images=[huge], compression="tiff_deflate")
    response = bearer_client(UserFactory()).post(
        "/api/documents/upload/",
        {"file": SimpleUploadedFile("scan.tiff", out.getvalue(), content_type="image/tiff")},
        format="multipart",
    )
    assert response.status_code == 422 and response.json()["code"] == "image_too_large"
    assert "Page 2" in response.json()["detail"] and not Document.objects.exists()


def test_a_huge_page_without_text_is_rendered_within_the_pixel_limit(settings):
    settings.DOCUMENT_MAX_IMAGE_PIXELS = 1_000_000
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(20 * 72, 20 * 72))  # 20 x 20 inches: 16 Mpx at 200 dpi
    pdf.rect(100, 100, 200, 200)
    pdf.showPage()
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    image = page_render(page)
    assert image.width * image.height <= 1_000_000
    assert image.width == image.height > 900  # scaled down, not cropped


def test_a_document_whose_processing_never_finishes_is_given_up_after_the_attempts(settings):
    document_id = uploaded(invoice_pdf(sample_invoices()[0]))
    Document.objects.filter(pk=document_id).update(
        status=Status.PROCESSING, attempts=settings.DOCUMENT_MAX_ATTEMPTS, updated_at=timezone.now() - timedelta(hours=1)
    )
    assert services.documents_requeue_stale() == {"requeued": [], "failed": [document_id]}
    document = Document.objects.get(pk=document_id)
    assert document.status == Status.FAILED and "several times" in document.error
    # A redelivered message for it changes nothing now.
    services.document_process(document_id=document_id)
    assert Document.objects.get(pk=document_id).attempts == settings.DOCUMENT_MAX_ATTEMPTS


def test_one_attempt_short_of_the_limit_is_still_processed(settings):
    document_id = uploaded(invoice_pdf(sample_invoices()[0]))
    Document.objects.filter(pk=document_id).update(attempts=settings.DOCUMENT_MAX_ATTEMPTS - 1)
    assert services.document_process(document_id=document_id).status == Status.COMPLETED


def test_processing_writes_its_progress_on_the_document_page_by_page():
    """The document row is the one record of progress: it rises as pages are read and is 100
    once COMPLETED (GET /api/tasks/{id}/ and the document page both read it there)."""
    pdf = pdfium.PdfDocument(invoice_pdf(sample_invoices()[0]))
    pdf.import_pages(pdfium.PdfDocument(invoice_pdf(sample_invoices()[1])))
    pdf.import_pages(pdfium.PdfDocument(invoice_pdf(sample_invoices()[3])))
    out = io.BytesIO()
    pdf.save(out)
    document_id = uploaded(out.getvalue())
    seen = []
    real = services._set_progress

    def record(pk, progress):
        real(pk, progress)
        document = Document.objects.get(pk=pk)
        seen.append((document.status, document.progress))

    with mock.patch("documents.services._set_progress", side_effect=record):
        document = services.document_process(document_id=document_id)
    # Each of the three pages, then the fields: never one jump from 0 to 100.
    assert seen == [(Status.PROCESSING, progress) for progress in (31, 58, 85, 90)]
    assert document.status == Status.COMPLETED and Document.objects.get(pk=document_id).progress == 100
    assert document.page_count == 3  # counted by the worker, not at upload
    # A second attempt (a redelivery) starts again from 0.
    Document.objects.filter(pk=document_id).update(status=Status.PENDING)
    refused = ApplicationError("unreadable_file", "This document could not be read.", status_code=422)
    with mock.patch("documents.services.read_pages", side_effect=refused):
        failed = services.document_process(document_id=document_id)
    assert failed.status == Status.FAILED and failed.progress == 0 and failed.error_code == "unreadable_file"


def test_a_stored_file_gone_missing_fails_the_document():
    document_id = uploaded(invoice_pdf(sample_invoices()[0]))
    default_storage.delete(Document.objects.get(pk=document_id).file.name)
    document = services.document_process(document_id=document_id)
    assert document.status == Status.FAILED and "missing" in document.error


def test_a_hostile_text_layer_of_one_enormous_line_is_cut_not_backtracked():
    """The line-item pattern backtracks quadratically in a line's length: lines are cut first.
    Without the cut this test takes hours."""
    hostile = "a " * 200_000 + "x"  # 0.16 s at 4,000 characters, 10 s at 40,000 before the cut
    result = extract_invoice("ACME Ltd\nInvoice no.: A-1\n" + hostile + "\nTotal 10.00")
    assert result["invoice_number"] == "A-1" and result["total"] == "10.00"
    assert result["line_items"] == []


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (SoftTimeLimitExceeded(), "took too long"),
        (OperationalError("server closed the connection"), "service was unavailable"),
        (KeyError("surprise"), "unexpected error"),
    ],
)
def test_a_task_that_fails_for_good_leaves_its_document_failed_with_a_reason(exc, words):
    """Celery calls on_failure once the retries are used up or the error was not retryable."""
    document_id = uploaded(invoice_pdf(sample_invoices()[0]))
    Document.objects.filter(pk=document_id).update(status=Status.PROCESSING)
    document_process_task.on_failure(exc, "task-id", (document_id,), {}, None)
    document = Document.objects.get(pk=document_id)
    assert document.status == Status.FAILED and words in document.error
