"""Upload quotas (one person cannot fill the queue for everyone) and the PO a document links
itself to (only one its uploader may see)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import bearer_client
from documents import services
from documents.models import Document
from documents.tests.invoices import invoice_pdf, sample_invoices
from purchases.models import PurchaseOrder
from purchases.tests.factories import VendorFactory, make_org, make_request
from users.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/documents/upload/"


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sent(monkeypatch):
    """The queue each upload's task was sent to."""
    queues = []
    monkeypatch.setattr(services.current_app, "send_task", lambda name, **options: queues.append(options["queue"]))
    return queues


def upload(client, content: bytes):
    return client.post(URL, {"file": SimpleUploadedFile("invoice.pdf", content)}, format="multipart")


def test_open_documents_beyond_the_quota_are_429_and_the_first_few_go_ahead_of_bulk(
    settings, sent, django_capture_on_commit_callbacks
):
    settings.DOCUMENT_MAX_OPEN_PER_USER = 5
    settings.DOCUMENT_INTERACTIVE_OPEN = 2
    client = bearer_client(UserFactory())
    pdf = invoice_pdf(sample_invoices()[0])
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [upload(client, pdf).status_code for _ in range(5)]
    assert statuses == [202] * 5
    assert sent == ["documents", "documents", "documents_bulk", "documents_bulk", "documents_bulk"]
    refused = upload(client, pdf)
    assert refused.status_code == 429 and refused.json()["code"] == "upload_quota"
    assert "5 documents waiting" in refused.json()["detail"]
    assert Document.objects.count() == 5  # nothing stored for the refused one
    # Another person is not held by it, and a finished document frees a place.
    assert upload(bearer_client(UserFactory()), pdf).status_code == 202
    Document.objects.filter(pk=Document.objects.order_by("pk").first().pk).update(status="COMPLETED")
    assert upload(client, pdf).status_code == 202


def test_uploads_per_hour_are_limited(settings, sent):
    settings.DOCUMENT_UPLOADS_PER_HOUR = 3
    client = bearer_client(UserFactory())
    pdf = invoice_pdf(sample_invoices()[0])
    for _ in range(3):
        assert upload(client, pdf).status_code == 202
    Document.objects.update(status="COMPLETED")  # not open any more: only the hourly count refuses
    refused = upload(client, pdf)
    assert refused.status_code == 429 and refused.json()["code"] == "upload_quota"
    assert "in the last hour" in refused.json()["detail"]


def _order_of_another_department():
    org = make_org()
    invoice = sample_invoices()[0]
    request = make_request(org.requester, vendor=VendorFactory(name=invoice.vendor))
    bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
    bearer_client(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
    order = PurchaseOrder.objects.get(purchase_request=request)
    invoice.po_number = order.number
    return org, order, invoice_pdf(invoice)


def test_a_document_naming_a_po_its_uploader_cannot_see_is_not_linked_to_it(sent):
    """A forged invoice naming someone else's PO used to attach itself to that PO."""
    org, order, pdf = _order_of_another_department()
    outsider = UserFactory(department=DepartmentFactory())
    response = upload(bearer_client(outsider), pdf)
    document = services.document_process(document_id=response.json()["document_id"])
    assert document.status == "COMPLETED"
    assert document.purchase_order is None
    assert document.extracted_data["po_number"] == order.number  # kept as a suggestion
    assert not order.documents.exists()

    # Whoever may see the order gets it linked.
    response = upload(bearer_client(org.procurement), pdf)
    linked = services.document_process(document_id=response.json()["document_id"])
    assert linked.purchase_order_id == order.pk
