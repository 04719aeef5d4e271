import base64
import hashlib
import logging
import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.exceptions import ApplicationError
from core.services import audit_record
from purchases.models import Vendor
from purchases.selectors import purchase_order_visible, purchase_request_visible
from users.models import User

from .einvoice import read_einvoice
from .extraction import apply_hints, extract_invoice, learn_label, locate_evidence, match_vendor
from .inspection import inspect_upload, safe_filename
from .models import Document, VendorFieldHint
from .sandbox import Reading, read_pages

logger = logging.getLogger(__name__)

Status = Document.Status
# Worth another try later: the database or the storage was briefly unreachable. The task
# retries on these (documents.tasks).
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
# Sent by name: services do not import the tasks module (the tasks import the services).
PROCESS_TASK = "documents.process"
MAX_XML_TEXT = 100_000  # an XML upload's text kept for search and display
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
    inspection = inspect_upload(data)  # cheap and bounded: the rest is the worker's, sandboxed
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
            queue = _check_quota(uploaded_by)
            document.save()
            audit_record(
                actor=uploaded_by,
                action="document.upload",
                instance=document,
                after={"sha256": document.sha256, "size": document.size, "type": document.content_type},
            )
            transaction.on_commit(
                lambda: current_app.send_task(PROCESS_TASK, args=(document.pk,), task_id=document.task_id, queue=queue)
            )
    except Exception:
        document.file.delete(save=False)  # no file without its row
        raise
    logger.info("document %s uploaded (%s, %d bytes) to %s", document.pk, document.content_type, document.size, queue)
    return document


def _check_quota(user: User) -> str:
    """429 `upload_quota` when `user` has too many documents waiting or too many uploads this
    hour; else the queue for this one (bulk once they have several waiting). The user's row lock
    serialises their concurrent uploads, so twelve threads cannot all pass the same count."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    mine = Document.objects.filter(uploaded_by=user)
    open_count = mine.filter(status__in=[Status.PENDING, Status.PROCESSING]).count()
    if open_count >= settings.DOCUMENT_MAX_OPEN_PER_USER:
        raise ApplicationError(
            "upload_quota",
            f"You have {open_count} documents waiting to be read; upload more once some are done.",
            status_code=429,
        )
    if mine.filter(created_at__gte=timezone.now() - timedelta(hours=1)).count() >= settings.DOCUMENT_UPLOADS_PER_HOUR:
        raise ApplicationError(
            "upload_quota",
            f"You uploaded {settings.DOCUMENT_UPLOADS_PER_HOUR} documents in the last hour, the most allowed; try again later.",
            status_code=429,
        )
    return "documents" if open_count < settings.DOCUMENT_INTERACTIVE_OPEN else "documents_bulk"


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
            return _fail(document, GAVE_UP, code="gave_up")
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
        return _fail(document, "The stored file of this document is missing; upload it again.", code="file_missing")
    reported = 0

    def on_page(number: int, total_pages: int) -> None:
        nonlocal reported
        # Reading the pages is 5-85 %, extracting the fields 90 %, storing the results 100 %.
        progress = 5 + min(80, int(number * 80 / max(total_pages, number)))
        if progress > reported:
            reported = progress
            _set_progress(document_id, progress)

    try:
        # Inflating, counting pages, rendering and OCR run in a child process with CPU, memory and
        # time limits: a file that misbehaves fails here with a sentence, and the worker goes on.
        reading = read_pages(data, document.content_type, on_page=on_page)
        pages = reading.pages
        _set_progress(document_id, 90)
        vendors = list(Vendor.objects.filter(is_active=True).values_list("pk", "name"))
        text, extracted = _extract(reading, vendors)
    except ApplicationError as exc:
        return _fail(document, exc.message, code=exc.code)
    except TRANSIENT_ERRORS + (SoftTimeLimitExceeded,):
        raise  # the task retries or gives up (and marks the document FAILED)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        document.extracted_text = text
        document.extracted_data = extracted
        document.page_count = len(pages)
        document.ocr_pages = sum(page["ocr"] for page in pages)
        document.preview_pages = _store_previews(document, pages)
        if extracted.get("po_number") and document.purchase_order_id is None:
            # Only an order the uploader may see: a number printed on a forged invoice must not
            # attach it to someone else's order. Otherwise the number stays in extracted_data,
            # a suggestion for whoever can see that order.
            visible = purchase_order_visible(user=document.uploaded_by)
            document.purchase_order = visible.filter(number=extracted["po_number"]).first()
        if not text.strip():
            document.status, document.error = Status.FAILED, "No text could be read from this document."
            document.error_code = "no_text"
        else:
            document.status, document.progress = Status.COMPLETED, 100
        document.processed_at = timezone.now()
        document.save()
    logger.info("document %s %s: %d page(s), %d by OCR", document.pk, document.status, len(pages), document.ocr_pages)
    return document


def preview_name(document: Document, number: int) -> str:
    """Beside the file's own generated name (never the row's id, which a restored or recreated
    database gives out again)."""
    stem = PurePosixPath(document.file.name or "").stem
    return f"documents/previews/{stem}/{number}.png"


def _store_previews(document: Document, pages: list[dict]) -> int:
    """The page images the child rendered, stored beside the file (a re-run replaces them); the
    number of leading pages that have one."""
    count = 0
    for page in pages:
        if not page.get("preview") or page["number"] != count + 1:
            break
        name = preview_name(document, page["number"])
        default_storage.delete(name)
        default_storage.save(name, ContentFile(base64.b64decode(page["preview"])))
        count += 1
    return count


def _extract(reading: Reading, vendors: list[tuple[int, str]]) -> tuple[str, dict]:
    """(text, fields): an e-invoice's XML is read exactly when there is one; the printed text is
    read only when there is none, or when a PDF's embedded XML is not one this system reads."""
    text = "\n\n".join(page["text"].strip() for page in reading.pages)
    if reading.xml is not None:
        try:
            extracted = read_einvoice(reading.xml)
        except ApplicationError:
            if not reading.pages:
                raise  # an XML upload: checked at the door, so only a changed setting gets here
            logger.info("the XML embedded in this PDF is not an e-invoice this system reads; its text is read instead")
        else:
            tax_id = extracted["vendor_tax_id"]
            by_tax_id = Vendor.objects.filter(is_active=True, tax_id__iexact=tax_id).first() if tax_id else None
            vendor_id, score = (
                (by_tax_id.pk, 1.0)
                if by_tax_id
                else match_vendor(extracted["vendor_name"] or "", extracted["vendor_name"], vendors)
            )
            extracted["vendor_id"], extracted["vendor_match_score"] = vendor_id, score
            return text or reading.xml.decode("utf-8", "replace")[:MAX_XML_TEXT], extracted
    extracted = extract_invoice(text, vendors)
    if extracted["vendor_id"] is not None:
        hints = dict(VendorFieldHint.objects.filter(vendor_id=extracted["vendor_id"]).values_list("field", "label"))
        extracted = apply_hints(extracted, text, hints)
    extracted["evidence"], extracted["line_item_evidence"] = locate_evidence(extracted["evidence"], reading.pages)
    extracted["page_sizes"] = [page.get("size") or None for page in reading.pages]
    return text, {**extracted, "source": "ocr" if any(page["ocr"] for page in reading.pages) else "text"}


def document_learn_correction(*, document: Document, vendor_id: int, field: str, value: str, actor: User) -> bool:
    """A person corrected `field` of an invoice read from `document` to `value`: remember the
    label the vendor prints it behind, so the vendor's next document is read right. True when a
    label was learned (the value is printed behind words on one line of the document)."""
    if (document.extracted_data or {}).get("source") == "xml":
        return False  # an e-invoice's values are its own; there is no print to learn from
    label = learn_label(document.extracted_text, field, value)
    if label is None:
        return False
    VendorFieldHint.objects.update_or_create(
        vendor_id=vendor_id, field=field, defaults={"label": label, "learned_from": document, "learned_by": actor}
    )
    logger.info("vendor %s: %s is printed behind %r (learned from document %s)", vendor_id, field, label, document.pk)
    return True


def _fail(document: Document, message: str, code: str = "processing_failed") -> Document:
    document_fail(document_id=document.pk, message=message, code=code)
    logger.warning("document %s failed (%s): %s", document.pk, code, message)
    document.refresh_from_db()
    return document


def document_fail(*, document_id: int, message: str, code: str = "processing_failed") -> None:
    """Called when processing gave up (time limit, retries exhausted): never leave PROCESSING."""
    Document.objects.filter(pk=document_id).exclude(status=Status.COMPLETED).update(
        status=Status.FAILED, error=message, error_code=code, processed_at=timezone.now()
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
        current_app.send_task(PROCESS_TASK, args=(document_id,), task_id=task_id or None, queue="documents_bulk")
    if stale:
        logger.warning("re-queued %d stale document(s): %s", len(stale), [pk for pk, _ in stale])
    if given_up:
        logger.error("gave up on %d document(s) after %d attempts: %s", len(given_up), settings.DOCUMENT_MAX_ATTEMPTS, given_up)
    return {"requeued": [pk for pk, _ in stale], "failed": given_up}
