"""Uploads: hostile and broken files each get a clear error and leave nothing behind."""

import io
import zlib

import pypdfium2 as pdfium
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from conftest import bearer_client
from core.exceptions import ApplicationError
from documents import services
from documents.models import Document
from documents.tests.invoices import invoice_pdf, sample_invoices
from purchases.models import PurchaseOrder
from purchases.tests.factories import VendorFactory, make_org, make_request
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/documents/upload/"


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, content: bytes, name: str = "invoice.pdf", content_type: str = "application/pdf", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, content_type=content_type), **extra}, format="multipart")


def stored_files() -> list[str]:
    if not default_storage.exists("documents"):
        return []
    found = []

    def walk(folder):
        directories, files = default_storage.listdir(folder)
        found.extend(f"{folder}/{name}" for name in files)
        for directory in directories:
            walk(f"{folder}/{directory}")

    walk("documents")
    return found


@pytest.fixture
def pdf_bytes() -> bytes:
    return invoice_pdf(sample_invoices()[0])


def png_bytes(size=(40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


def test_upload_is_202_with_task_and_a_generated_storage_name(pdf_bytes, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(bearer_client(user), pdf_bytes, name="../../etc/passwd.pdf")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["status"] == "PENDING" and body["task_id"] and len(callbacks) == 1  # queued on commit
    document = Document.objects.get(pk=body["document_id"])
    assert document.original_filename == "passwd.pdf"
    assert "passwd" not in document.file.name and document.file.name.startswith("documents/")
    assert document.sha256 == __import__("hashlib").sha256(pdf_bytes).hexdigest()
    assert document.page_count is None and document.content_type == "application/pdf"  # counted by the worker
    assert document.task_id == body["task_id"] and document.progress == 0


def test_the_upload_inserts_its_row_once_with_the_task_id_it_sends(pdf_bytes, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(services.current_app, "send_task", lambda name, **options: sent.append((name, options)))
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        response = upload(bearer_client(UserFactory()), pdf_bytes)
    assert response.status_code == 202, response.json()
    body = response.json()
    writes = [
        q["sql"] for q in queries.captured_queries if '"documents_document"' in q["sql"] and not q["sql"].startswith("SELECT")
    ]
    assert len(writes) == 1 and writes[0].startswith("INSERT"), writes  # no follow-up UPDATE for the task id
    assert not any('"core_trackedtask"' in q["sql"] for q in queries.captured_queries)
    assert sent == [("documents.process", {"args": (body["document_id"],), "task_id": body["task_id"], "queue": "documents"})]


@pytest.mark.parametrize(
    "content, code, status",
    [
        (b"", "empty_file", 400),
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "unsupported_media_type", 415),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "unsupported_media_type", 415),
        (b"<html><!-- %PDF-1.7 --><body>polyglot</body></html>\n%PDF-1.4\n1 0 obj<<>>endobj", "unsupported_media_type", 415),
    ],
    ids=["empty", "exe", "html", "polyglot"],
)
def test_hostile_and_broken_files_are_refused_and_nothing_is_stored(content, code, status):
    response = upload(bearer_client(UserFactory()), content)
    assert response.status_code == status, response.json()
    assert response.json()["code"] in {code, "validation_error"}
    assert not Document.objects.exists() and stored_files() == []


def test_the_size_limit_is_413(settings, pdf_bytes):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = len(pdf_bytes) - 1
    response = upload(bearer_client(UserFactory()), pdf_bytes)
    assert response.status_code == 413 and response.json()["code"] == "file_too_large"
    assert not Document.objects.exists() and stored_files() == []
    settings.DOCUMENT_MAX_UPLOAD_BYTES = len(pdf_bytes)  # the limit itself is allowed
    assert upload(bearer_client(UserFactory()), pdf_bytes).status_code == 202


def test_the_service_checks_the_size_before_reading_the_file(settings, pdf_bytes):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 10
    file = SimpleUploadedFile("a.pdf", pdf_bytes)
    with pytest.raises(ApplicationError) as refused:
        services.document_upload(uploaded_by=UserFactory(), file=file, filename="a.pdf")
    assert refused.value.code == "file_too_large" and refused.value.status_code == 413
    assert file.tell() == 0  # not read


def test_a_decompression_bomb_png_is_refused(settings):
    settings.DOCUMENT_MAX_IMAGE_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("1", (3000, 3000), 0).save(out, format="PNG")  # 9 Mpx, a few KB compressed
    response = upload(bearer_client(UserFactory()), out.getvalue(), name="bomb.png", content_type="image/png")
    assert response.status_code == 422 and response.json()["code"] == "image_too_large"


def processed(content: bytes) -> Document:
    """Upload `content` (202: the request only sniffs it) and read it as the worker does, in the
    sandboxed child process."""
    response = upload(bearer_client(UserFactory()), content)
    assert response.status_code == 202, response.json()
    return services.document_process(document_id=response.json()["document_id"])


def pdf_stream(payload: bytes) -> bytes:
    return b"".join(
        [
            b"%PDF-1.4\n1 0 obj\n<< /Length ",
            str(len(payload)).encode(),
            b" /Filter /FlateDecode >>\nstream\n",
            payload,
            b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        ]
    )


def test_a_truncated_pdf_is_accepted_then_fails_with_its_reason():
    document = processed(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    assert (document.status, document.error_code) == ("FAILED", "corrupt_file")
    assert document.error == "This PDF is damaged or incomplete and cannot be read."


def test_a_pdf_whose_streams_inflate_enormously_fails_in_the_worker(settings):
    settings.DOCUMENT_MAX_INFLATED_BYTES = 10 * 1024 * 1024  # sent to the child with the file
    document = processed(pdf_stream(zlib.compress(b"0" * (50 * 1024 * 1024), 9)))  # 50 MB from ~50 KB
    assert (document.status, document.error_code) == ("FAILED", "decompression_bomb")


def test_an_encrypted_pdf_fails_in_the_worker(tmp_path):
    # pdfium cannot encrypt; build one with reportlab's standard encryption instead.
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    target = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(target), encrypt=pdfencrypt.StandardEncryption("user-secret", "owner-secret"))
    c.drawString(100, 700, "secret invoice")
    c.save()
    document = processed(target.read_bytes())
    assert (document.status, document.error_code) == ("FAILED", "encrypted_pdf")


def test_a_1000_page_pdf_is_over_the_page_limit(settings):
    settings.DOCUMENT_MAX_PAGES = 200
    pdf = pdfium.PdfDocument.new()
    for _ in range(1000):
        pdf.new_page(200, 200)
    out = io.BytesIO()
    pdf.save(out)
    document = processed(out.getvalue())
    assert (document.status, document.error_code) == ("FAILED", "too_many_pages")
    assert "1000 pages" in document.error


@pytest.mark.parametrize(
    "name, expected",
    [
        ('../../../x"y.pdf', "xy.pdf"),
        ("a" * 300 + ".pdf", "a" * 100 + ".pdf"),
        ("report.exe", "report.pdf"),
        ("....pdf", "document.pdf"),
        ("in\tvoice;.pdf", "invoice.pdf"),
    ],
)
def test_hostile_filenames_are_made_safe(pdf_bytes, name, expected):
    response = upload(bearer_client(UserFactory()), pdf_bytes, name=name)
    assert response.status_code == 202
    assert Document.objects.get(pk=response.json()["document_id"]).original_filename == expected


def test_a_filename_with_crlf_cannot_reach_a_header(pdf_bytes):
    user = UserFactory()
    response = upload(bearer_client(user), pdf_bytes, name="in\r\nX-Evil: 1\r\nvoice.pdf")
    assert response.status_code == 202
    document = Document.objects.get(pk=response.json()["document_id"])
    assert "\r" not in document.original_filename and "\n" not in document.original_filename
    download = bearer_client(user).get(f"/api/documents/{document.pk}/download/")
    assert "X-Evil" not in download.headers


def test_attaching_to_a_request_the_user_cannot_see_is_404_and_stores_nothing(pdf_bytes):
    org = make_org()
    request = make_request(org.requester)
    response = upload(bearer_client(UserFactory()), pdf_bytes, purchase_request=request.pk)
    assert response.status_code == 404
    assert not Document.objects.exists() and stored_files() == []
    ok = upload(bearer_client(org.requester), pdf_bytes, purchase_request=request.pk)
    assert ok.status_code == 202


def test_the_service_links_only_what_the_uploader_may_see(pdf_bytes):
    """The visibility check is the service's: any caller of document_upload gets it."""
    org = make_org()
    request = make_request(org.requester, vendor=VendorFactory())
    bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
    bearer_client(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
    order = PurchaseOrder.objects.get(purchase_request=request)
    stranger = UserFactory()
    for link, field in ((request.pk, "purchase_request_id"), (order.pk, "purchase_order_id")):
        with pytest.raises(ApplicationError) as refused:
            services.document_upload(
                uploaded_by=stranger, file=SimpleUploadedFile("a.pdf", pdf_bytes), filename="a.pdf", **{field: link}
            )
        assert refused.value.status_code == 404 and list(refused.value.fields) == [field.removesuffix("_id")]
    assert not Document.objects.exists() and stored_files() == []
    document = services.document_upload(
        uploaded_by=org.requester, file=SimpleUploadedFile("a.pdf", pdf_bytes), filename="a.pdf", purchase_order_id=order.pk
    )
    assert document.purchase_order == order


def test_unknown_fields_and_types_are_400(pdf_bytes):
    client = bearer_client(UserFactory())
    assert upload(client, pdf_bytes, document_type="poem").status_code == 400
    assert upload(client, pdf_bytes, colour="blue").status_code == 400
    assert client.post(URL, {}, format="multipart").status_code == 400
    # Found by schemathesis: an empty body parsed to a plain dict and crashed the view.
    empty = client.generic("POST", URL)
    assert empty.status_code == 400 and empty.json()["fields"] == {"file": ["No file was submitted."]}
    assert client.post(URL, {"file": "x"}, format="json").status_code == 415


def test_visibility_and_download(pdf_bytes):
    org = make_org()
    request = make_request(org.requester)
    body = upload(bearer_client(org.requester), pdf_bytes, name="Rechnung März.pdf", purchase_request=request.pk).json()
    url = f"/api/documents/{body['document_id']}/"
    assert bearer_client(UserFactory()).get(url).status_code == 404
    assert bearer_client(UserFactory()).get(url + "download/").status_code == 404
    assert bearer_client(org.procurement).get(url).status_code == 200
    response = bearer_client(org.requester).get(url + "download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes
    assert (
        response["Content-Disposition"] == "attachment; filename=\"Rechnung Mrz.pdf\"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf"
    )
    listing = bearer_client(org.requester).get("/api/documents/").json()
    assert [row["id"] for row in listing["results"]] == [body["document_id"]]


def test_download_behind_the_gateway_is_an_x_accel_redirect(settings, pdf_bytes):
    settings.DOCUMENT_DOWNLOAD_ACCEL_PREFIX = "/protected-media/"
    user = UserFactory()
    body = upload(bearer_client(user), pdf_bytes).json()
    response = bearer_client(user).get(f"/api/documents/{body['document_id']}/download/")
    document = Document.objects.get(pk=body["document_id"])
    assert response["X-Accel-Redirect"] == f"/protected-media/{document.file.name}" and response.content == b""
