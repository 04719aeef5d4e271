import hashlib
import logging
import uuid
from datetime import timedelta

import pypdfium2 as pdfium
from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from PIL import Image

from core.exceptions import ApplicationError
from core.services import audit_record
from purchases.models import PurchaseOrder, Vendor
from purchases.selectors import purchase_order_visible, purchase_request_visible
from users.models import User

from .extraction import extract_invoice
from .inspection import inspect_upload, safe_filename
from .models import Document
from .text import document_pages

logger = logging.getLogger(__name__)

Status = Document.Status
# What pdfium and Pillow raise on a file they cannot cope with. Anything else (an OCR engine's own
# error, a bug) fails the task, and its on_failure marks the document FAILED with a sentence.
UNREADABLE = (pdfium.PdfiumError, Image.DecompressionBombError, OSError, ValueError, RuntimeError)
# Worth another try later: the database or the storage was briefly unreachable. The task
# retries on these (documents.tasks).
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
# Sent by name: services do not import the tasks module (the tasks import the services).
PROCESS_TASK = "documents.process"
GAVE_UP = "Processing this document was started several times and never finished; it was stopped."


def _check_size(size: int) -> None:
    """The one check of DOCUMENT_MAX_UPLOAD_BYTES, made before the file is read into memory. (In
    front of Django the gateway refuses larger bodies with the same limit, client_max_body_size.)"""
    limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
    if size > limit:
        raise ApplicationError("file_too_large", f"The file is larger than {limit // (1024 * 1024)} MB.", status_code=413)


def _visible_link(visible: QuerySet, pk: int | None, field: str, label: str):
    """The purchase request or order the uploader links the document to: one they may see, or
    a 404 that does not tell a hidden one from a missing one."""
    if pk is None:
        return None
    found = visible.filter(pk=pk).first()
    if found is None:
        raise ApplicationError("not_found", f"No such {label}.", fields={field: ["Not found."]}, status_code=404)
    return found


def document_upload(
    *,
    uploaded_by: User,
    file: File,
    filename: str,
    document_type: str = Document.Type.INVOICE,
    purchase_request_id: int | None = None,
    purchase_order_id: int | None = None,
) -> Document:
    """Check the file from its bytes, store it under a generated name and queue its
    processing. The row and the file are created together: if the transaction fails the file
    is deleted, and the task is sent only once the row is committed. The task's id is chosen
    here, so the row is inserted once, with it."""
    _check_size(file.size)
    purchase_request = _visible_link(
        purchase_request_visible(user=uploaded_by), purchase_request_id, "purchase_request", "purchase request"
    )
    purchase_order = _visible_link(
        purchase_order_visible(user=uploaded_by), purchase_order_id, "purchase_order", "purchase order"
    )
    data = file.read()
    inspection = inspect_upload(data)
    document = Document(
        uploaded_by=uploaded_by,
        original_filename=safe_filename(filename, inspection.extension),
        content_type=inspection.content_type,
        extension=inspection.extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        document_type=document_type,
        page_count=inspection.page_count,
        purchase_request=purchase_request,
        purchase_order=purchase_order,
        task_id=str(uuid.uuid4()),
    )
    document.file.save("upload", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
            audit_record(
                actor=uploaded_by,
                action="document.upload",
                instance=document,
                after={"sha256": document.sha256, "size": document.size, "type": document.content_type},
            )
            transaction.on_commit(lambda: current_app.send_task(PROCESS_TASK, args=(document.pk,), task_id=document.task_id))
    except Exception:
        document.file.delete(save=False)  # no file without its row
        raise
    logger.info(
        "document %s uploaded (%s, %d bytes, %d pages)", document.pk, document.content_type, document.size, document.page_count
    )
    return document


def _set_progress(document_id: int, progress: int) -> None:
    # Also a sign of life for the stale sweep, which looks at updated_at.
    Document.objects.filter(pk=document_id, status=Status.PROCESSING).update(progress=progress, updated_at=timezone.now())


def document_process(*, document_id: int) -> Document | None:
    """PENDING/PROCESSING -> COMPLETED or FAILED, with `progress` rising from 0 to 100 on the
    row as the pages are read. Idempotent: a completed document is left as it is, and a second
    run replaces the results of the first instead of adding to them."""
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.status in (Status.COMPLETED, Status.FAILED):
            return document
        if document.attempts >= settings.DOCUMENT_MAX_ATTEMPTS:
            # Every earlier attempt died without finishing (hard time limit, out of memory):
            # one more would die the same way.
            return _fail(document, GAVE_UP)
        document.status, document.processing_started_at = Status.PROCESSING, timezone.now()
        document.attempts += 1
        document.progress = 0
        document.error = ""
        document.save(update_fields=["status", "processing_started_at", "attempts", "progress", "error", "updated_at"])

    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        logger.error("document %s: stored file %s is missing", document_id, document.file.name)
        return _fail(document, "The stored file of this document is missing; upload it again.")
    total_pages = document.page_count or 1
    reported = 0

    def on_page(number: int) -> None:
        nonlocal reported
        progress = min(95, int(number * 95 / total_pages))
        if progress > reported:
            reported = progress
            _set_progress(document_id, progress)

    try:
        pages = document_pages(data, document.content_type, on_page=on_page)
        text = "\n\n".join(page.text.strip() for page in pages)
        vendors = list(Vendor.objects.filter(is_active=True).values_list("pk", "name"))
        extracted = extract_invoice(text, vendors)
    except ApplicationError as exc:
        return _fail(document, exc.message)
    except TRANSIENT_ERRORS + (SoftTimeLimitExceeded,):
        raise  # the task retries or gives up (and marks the document FAILED)
    except UNREADABLE:
        # A file pdfium or the OCR engine cannot cope with: the document fails, the worker goes on.
        logger.exception("document %s could not be processed", document_id)
        return _fail(document, "This document could not be read; it may be damaged or in an unusual format.")
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        document.extracted_text = text
        document.extracted_data = extracted
        document.ocr_pages = sum(page.ocr for page in pages)
        if extracted.get("po_number") and document.purchase_order_id is None:
            document.purchase_order = PurchaseOrder.objects.filter(number=extracted["po_number"]).first()
        if not text.strip():
            document.status, document.error = Status.FAILED, "No text could be read from this document."
        else:
            document.status, document.progress = Status.COMPLETED, 100
        document.processed_at = timezone.now()
        document.save()
    logger.info("document %s %s: %d page(s), %d by OCR", document.pk, document.status, len(pages), document.ocr_pages)
    return document


def _fail(document: Document, message: str) -> Document:
    Document.objects.filter(pk=document.pk).update(status=Status.FAILED, error=message, processed_at=timezone.now())
    document.refresh_from_db()
    return document


def document_fail(*, document_id: int, message: str) -> None:
    """Called when processing gave up (time limit, retries exhausted): never leave PROCESSING."""
    Document.objects.filter(pk=document_id).exclude(status=Status.COMPLETED).update(
        status=Status.FAILED, error=message, processed_at=timezone.now()
    )


def documents_requeue_stale() -> dict:
    """Re-queue documents stuck in PENDING or PROCESSING (a worker killed outright, a message
    lost by a server-less broker). Runs every few minutes from the schedule."""
    cutoff = timezone.now() - timedelta(minutes=settings.DOCUMENT_STALE_MINUTES)
    stale_documents = Document.objects.filter(status__in=[Status.PENDING, Status.PROCESSING], updated_at__lt=cutoff)
    given_up = list(stale_documents.filter(attempts__gte=settings.DOCUMENT_MAX_ATTEMPTS).values_list("pk", flat=True))
    for document_id in given_up:
        document_fail(document_id=document_id, message=GAVE_UP)
    stale = list(stale_documents.exclude(pk__in=given_up).values_list("pk", "task_id"))
    for document_id, task_id in stale:
        Document.objects.filter(pk=document_id).update(updated_at=timezone.now())
        current_app.send_task(PROCESS_TASK, args=(document_id,), task_id=task_id or None)
    if stale:
        logger.warning("re-queued %d stale document(s): %s", len(stale), [pk for pk, _ in stale])
    if given_up:
        logger.error("gave up on %d document(s) after %d attempts: %s", len(given_up), settings.DOCUMENT_MAX_ATTEMPTS, given_up)
    return {"requeued": [pk for pk, _ in stale], "failed": given_up}
