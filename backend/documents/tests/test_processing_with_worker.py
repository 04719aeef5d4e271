"""Upload -> 202 -> a real worker processes it -> the task (answered from the document) reaches
SUCCESS with rising progress -> the document shows the right fields. A digital PDF, and a scanned PNG through real OCR."""

import io
import os
import signal
from datetime import timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import bearer_client, wait_for
from documents.models import Document
from documents.services import documents_requeue_stale
from documents.tests.invoices import invoice_pdf, sample_invoices, scan
from purchases.models import PurchaseOrder
from purchases.tests.factories import VendorFactory, make_org, make_request

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FIELDS = ["vendor_name", "invoice_number", "invoice_date", "due_date", "currency", "subtotal", "tax", "total", "po_number"]


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def busy_pool_process(worker_pid: int) -> int | None:
    """The pool process reading a document, found from /proc: the one whose sandboxed child
    (documents.sandbox) is running. (Killing the idle one too can deadlock the pool, as it may
    hold the pool's queue lock.)"""
    busy = [pid for pid in _children(worker_pid) if _children(pid)]
    return busy[0] if len(busy) == 1 else None


def upload_and_follow(client, content: bytes, name: str) -> tuple[dict, list[int]]:
    response = client.post("/api/documents/upload/", {"file": SimpleUploadedFile(name, content)}, format="multipart")
    assert response.status_code == 202, response.json()
    accepted = response.json()
    progress: list[int] = []

    def done():
        state = client.get(f"/api/tasks/{accepted['task_id']}/").json()
        progress.append(state["progress"])
        return state if state["state"] in {"SUCCESS", "FAILURE"} else None

    state = wait_for(done, timeout=120, interval=0.05, message="the document task to finish")
    assert state["state"] == "SUCCESS", state
    document = client.get(f"/api/documents/{accepted['document_id']}/").json()
    assert document["progress"] == 100 and document["task_id"] == accepted["task_id"]
    return document, progress


def test_digital_invoice_pdf_is_read_exactly_and_linked_to_its_po(celery_worker_process):
    org = make_org()
    invoice = sample_invoices()[0]
    vendor = VendorFactory(name=invoice.vendor)
    request = make_request(org.requester, vendor=vendor)
    client = bearer_client(org.requester)
    client.post(f"/api/purchase-requests/{request.pk}/submit/")
    bearer_client(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
    order = PurchaseOrder.objects.get(purchase_request=request)
    invoice.po_number = order.number

    document, progress = upload_and_follow(client, invoice_pdf(invoice), "invoice.pdf")
    assert document["status"] == "COMPLETED" and document["ocr_pages"] == 0
    assert {field: document["extracted_data"][field] for field in FIELDS} == {field: invoice.truth()[field] for field in FIELDS}
    assert document["extracted_data"]["vendor_id"] == vendor.pk
    assert document["purchase_order"] == order.pk
    assert progress == sorted(progress) and progress[-1] == 100


def test_scanned_png_goes_through_real_ocr(celery_worker_process):
    user = make_org().requester
    invoice = sample_invoices()[2]  # German layout: 1.234,56 amounts, dd.mm.yyyy dates, umlauts
    document, _ = upload_and_follow(bearer_client(user), scan(invoice_pdf(invoice), seed=5), "scan.png")
    assert document["status"] == "COMPLETED" and document["ocr_pages"] == 1
    truth = invoice.truth()
    for field in FIELDS:
        assert document["extracted_data"][field] == truth[field], field


def test_a_pdf_without_text_layer_is_rendered_and_ocrd(celery_worker_process):
    user = make_org().requester
    image = pdfium.PdfDocument(invoice_pdf(sample_invoices()[1]))[0].render(scale=200 / 72).to_pil()
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=200)
    document, _ = upload_and_follow(bearer_client(user), out.getvalue(), "scanned.pdf")
    assert document["ocr_pages"] == 1 and document["extracted_data"]["invoice_number"] == "INV 88213"


def test_processing_twice_changes_nothing_and_a_killed_worker_leaves_nothing_stuck(celery_worker_process):
    user = make_org().requester
    client = bearer_client(user)
    document, _ = upload_and_follow(client, invoice_pdf(sample_invoices()[3]), "a.pdf")
    before = Document.objects.get(pk=document["id"])
    # Run again: idempotent, no duplicate rows, same result.
    from documents.tasks import document_process_task

    document_process_task.apply(args=(document["id"],)).get()
    after = Document.objects.get(pk=document["id"])
    assert Document.objects.count() == 1 and after.extracted_data == before.extracted_data and after.attempts == before.attempts

    # A scan is being OCR'd when the pool process running it is killed (as the OOM killer
    # would): acks late + reject_on_worker_lost redeliver it and it completes.
    response = client.post(
        "/api/documents/upload/",
        {"file": SimpleUploadedFile("s.png", scan(invoice_pdf(sample_invoices()[0])))},
        format="multipart",
    )
    document_id = response.json()["document_id"]
    wait_for(
        lambda: Document.objects.get(pk=document_id).status == Document.Status.PROCESSING,
        timeout=60,
        interval=0.02,
        message="processing to start",
    )
    pid = wait_for(lambda: busy_pool_process(celery_worker_process.pid), timeout=60, message="the pool process reading it")
    os.kill(pid, signal.SIGKILL)
    wait_for(
        lambda: Document.objects.get(pk=document_id).status == Document.Status.COMPLETED,
        timeout=120,
        message="the redelivered task to complete",
    )
    assert Document.objects.get(pk=document_id).attempts == 2


def test_the_sweep_requeues_a_document_stuck_in_processing(celery_worker_process, settings):
    """A worker killed outright loses the message on a server-less broker: the periodic sweep
    sends the document again."""
    user = make_org().requester
    response = bearer_client(user).post(
        "/api/documents/upload/", {"file": SimpleUploadedFile("a.pdf", invoice_pdf(sample_invoices()[3]))}, format="multipart"
    )
    document_id = response.json()["document_id"]
    wait_for(
        lambda: Document.objects.get(pk=document_id).status == Document.Status.COMPLETED, timeout=60, message="first processing"
    )
    # Now pretend it was lost mid-way long ago.
    Document.objects.filter(pk=document_id).update(
        status=Document.Status.PROCESSING, extracted_data=None, updated_at=timezone.now() - timedelta(hours=1)
    )
    assert documents_requeue_stale() == {"requeued": [document_id], "failed": []}
    wait_for(
        lambda: Document.objects.get(pk=document_id).status == Document.Status.COMPLETED,
        timeout=60,
        message="the re-queued document to complete",
    )
    assert Document.objects.get(pk=document_id).extracted_data["invoice_number"] == "HP-5521"
    assert documents_requeue_stale() == {"requeued": [], "failed": []}
