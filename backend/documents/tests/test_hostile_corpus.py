"""The hostile-upload corpus (documents/tests/hostile.py) through the API and a real Celery
worker, as one user: never a 5xx, every answer the JSON envelope, each case its own status and
code; a refused upload leaves no row and no file; every accepted document ends COMPLETED or
FAILED (a sentence and a code, nothing half-written) within the time limit; the worker and its
pool live on and still read an ordinary invoice afterwards.

The quotas are the upload request's (this test process), so they are raised with `settings`;
the reading limits are the worker's own, started from the environment with their defaults."""

import hashlib
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import bearer_client
from documents.models import Document
from documents.services import preview_name
from documents.tests.hostile import COMPLETED, FAILED, Case, corpus
from documents.tests.invoices import invoice_pdf, sample_invoices
from users.tests.factories import UserFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning"),  # Pillow, on the forged TIFFs
]

URL = "/api/documents/upload/"
FINAL_WITHIN = 300  # seconds from the last upload until every document must be final
ROOM = 10_000


def stored_files() -> set[str]:
    found: set[str] = set()

    def walk(folder: str) -> None:
        directories, files = default_storage.listdir(folder)
        found.update(f"{folder}/{name}" for name in files)
        for directory in directories:
            walk(f"{folder}/{directory}")

    if default_storage.exists("documents"):
        walk("documents")
    return found


def uploaded_files() -> set[str]:
    """The stored uploads alone: the worker stores page previews of earlier documents while the
    corpus is still being uploaded, so those are checked once at the end, not per upload."""
    return {name for name in stored_files() if not name.startswith("documents/previews/")}


def envelope_problem(response) -> str | None:
    """None when the answer is JSON in the shape of its status: the 202 body, or the error
    envelope {"code", "detail", "fields"?}."""
    if response.get("Content-Type", "").split(";")[0] != "application/json":
        return f"not JSON: {response.get('Content-Type')!r}"
    body = response.json()
    if response.status_code == 202:
        ok = set(body) == {"document_id", "task_id", "status"} and body["status"] == "PENDING"
        return None if ok else f"not the 202 body: {body}"
    ok = set(body) in ({"code", "detail"}, {"code", "detail", "fields"}) and body["code"] and body["detail"]
    return None if ok else f"not the error envelope: {body}"


BOUNDARY = "hostile-corpus-boundary-7c1d"


def upload(client, case: Case):
    """The multipart body written by hand, the filename as raw UTF-8 bytes in its header (the
    test client would reduce it to its basename, hiding what a hostile client can send)."""
    head = b'--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n' % (
        BOUNDARY.encode(),
        case.filename.encode("utf-8", "surrogateescape"),
    )
    body = head + b"Content-Type: application/octet-stream\r\n\r\n" + case.content + b"\r\n--%s--\r\n" % BOUNDARY.encode()
    return client.generic("POST", URL, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def check_document(client, case: Case, document: Document) -> list[str]:
    """What is wrong with an accepted case's document once it is final."""
    problems = []
    got = (document.status, document.error_code or None)
    expected = (case.outcome, case.code)
    if got != expected:
        problems.append(f"ended {got}, expected {expected} ({document.error!r})")
    if document.attempts != 1:
        problems.append(f"read {document.attempts} times (a pool process died on it?)")
    if document.processed_at is None:
        problems.append("no processed_at")
    if document.status == FAILED:
        if not (document.error_code and document.error.endswith(".") and len(document.error) > 15):
            problems.append(f"FAILED without a sentence and a code: {document.error!r} / {document.error_code!r}")
        if document.progress == 100 or document.extracted_text.strip():
            problems.append(f"FAILED half-written: progress {document.progress}, {len(document.extracted_text)} chars of text")
    if document.status == COMPLETED:
        if document.error or document.error_code:
            problems.append(f"COMPLETED with an error: {document.error_code} {document.error!r}")
        if document.progress != 100 or not document.page_count or not document.extracted_text.strip():
            problems.append(f"COMPLETED half-written: progress {document.progress}, pages {document.page_count}")
        if document.extracted_data is None:
            problems.append("COMPLETED without extracted_data")
    if case.stored_name is not None and document.original_filename != case.stored_name:
        problems.append(f"kept the name {document.original_filename!r}, expected {case.stored_name!r}")
    if any(not ch.isprintable() or ch in '/\\"' for ch in document.original_filename):
        problems.append(f"unsafe stored name {document.original_filename!r}")
    if document.sha256 != hashlib.sha256(case.content).hexdigest() or document.size != len(case.content):
        problems.append("the stored size or hash is not the upload's")
    # The document, its task and its file are served (no 5xx), as they were uploaded.
    detail = client.get(f"/api/documents/{document.pk}/")
    if detail.status_code != 200 or detail.json()["status"] != document.status:
        problems.append(f"detail answered {detail.status_code}")
    task = client.get(f"/api/tasks/{document.task_id}/")
    if task.status_code != 200 or task.json()["state"] not in {"SUCCESS", "FAILURE"}:
        problems.append(f"task answered {task.status_code} {task.content[:200]!r}")
    download = client.get(f"/api/documents/{document.pk}/download/")
    content = b"".join(download.streaming_content) if download.status_code == 200 else b""
    download.close()
    disposition = download.get("Content-Disposition", "")
    if download.status_code != 200 or content != case.content:
        problems.append(f"download answered {download.status_code} with {len(content)} bytes")
    if "\r" in disposition or "\n" in disposition or download.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"unsafe download headers: {disposition!r}")
    return problems


def test_the_hostile_corpus_through_the_real_worker(celery_worker_process, worker_log, settings):
    settings.DOCUMENT_MAX_OPEN_PER_USER = ROOM  # the quotas are checked by the upload request, here
    settings.DOCUMENT_UPLOADS_PER_HOUR = ROOM
    started = time.monotonic()
    log_start = worker_log.stat().st_size
    cases = corpus()
    generated = time.monotonic() - started
    names = [case.name for case in cases]
    assert len(cases) >= 40 and len(set(names)) == len(names)

    user = UserFactory()
    client = bearer_client(user)
    problems: dict[str, list[str]] = {}
    accepted: dict[str, int] = {}
    seen_codes: set[str] = set()
    files_before = stored_files()
    for case in cases:
        if case.over_quota:
            settings.DOCUMENT_UPLOADS_PER_HOUR = Document.objects.filter(uploaded_by=user).count()
        rows, files = Document.objects.count(), uploaded_files()
        response = upload(client, case)
        settings.DOCUMENT_UPLOADS_PER_HOUR = ROOM
        wrong = problems.setdefault(case.name, [])
        if response.status_code >= 500:
            wrong.append(f"answered {response.status_code}: {response.content[:300]!r}")
            continue
        if (shape := envelope_problem(response)) is not None:
            wrong.append(shape)
            continue
        body = response.json()
        got = (response.status_code, None if response.status_code == 202 else body["code"])
        if got != (case.status, None if case.accepted else case.code):
            wrong.append(f"answered {got}, expected {(case.status, case.code)}: {body}")
        if response.status_code == 202:
            accepted[case.name] = body["document_id"]
            document = Document.objects.filter(pk=body["document_id"]).first()
            if document is None or document.file.name not in uploaded_files() - files:
                wrong.append("accepted without its row or its file")
        else:
            seen_codes.add(body["code"])
            if Document.objects.count() != rows or uploaded_files() != files:
                wrong.append("refused but left a row or a file behind")
    uploaded = time.monotonic()

    def still_open() -> list[str]:
        final = dict(
            Document.objects.filter(pk__in=accepted.values(), status__in=[COMPLETED, FAILED]).values_list("pk", "status")
        )
        return [name for name, pk in accepted.items() if pk not in final]

    while (waiting := still_open()) and time.monotonic() - uploaded < FINAL_WITHIN:
        time.sleep(0.5)
    for name in waiting:
        document = Document.objects.get(pk=accepted[name])
        problems[name].append(f"still {document.status} (progress {document.progress}) after {FINAL_WITHIN}s")
    processed = time.monotonic()

    by_case = {case.name: case for case in cases}
    for name, pk in accepted.items():
        if name in waiting:
            continue
        document = Document.objects.get(pk=pk)
        problems[name].extend(check_document(client, by_case[name], document))
        if document.error_code:
            seen_codes.add(document.error_code)
    # Nothing stored beyond the accepted documents' files.
    files_now = stored_files() - files_before
    read = Document.objects.filter(pk__in=accepted.values())
    expected_files = set(read.values_list("file", flat=True)) | {
        preview_name(document, number) for document in read for number in range(1, document.preview_pages + 1)
    }
    if files_now != expected_files:
        problems.setdefault("(storage)", []).append(f"stray files: {sorted(files_now - expected_files)}")

    # The worker lives, no pool process was lost, and it still reads an ordinary invoice.
    after = problems.setdefault("(after the corpus)", [])
    if celery_worker_process.poll() is not None:
        after.append(f"the Celery worker exited with {celery_worker_process.returncode}")
    response = client.post(
        URL, {"file": SimpleUploadedFile("ordinary.pdf", invoice_pdf(sample_invoices()[1]))}, format="multipart"
    )
    if response.status_code != 202:
        after.append(f"an ordinary invoice answered {response.status_code}")
    else:
        document_id, deadline = response.json()["document_id"], time.monotonic() + 60
        while Document.objects.get(pk=document_id).status not in (COMPLETED, FAILED) and time.monotonic() < deadline:
            time.sleep(0.2)
        ordinary = Document.objects.get(pk=document_id)
        if ordinary.status != COMPLETED or (ordinary.extracted_data or {}).get("invoice_number") != "INV 88213":
            after.append(f"an ordinary invoice ended {ordinary.status} {ordinary.error_code} {ordinary.error!r}")
    log = worker_log.read_bytes()[log_start:].decode(errors="replace")
    for sign in ("WorkerLostError", "exited with 'signal", "Traceback (most recent call last)"):
        if sign in log:
            problems.setdefault("(worker log)", []).append(f"{sign!r} in the worker's log")

    expected_codes = {case.code for case in cases if case.code}
    refused_count = sum(not case.accepted for case in cases)
    report = (
        f"{len(cases)} kinds ({refused_count} refused at upload, {len(accepted)} read by the worker), "
        f"{len(expected_codes)} distinct codes: {', '.join(sorted(expected_codes))}; "
        f"generated in {generated:.1f}s, uploaded in {uploaded - started - generated:.1f}s, "
        f"all final {processed - uploaded:.1f}s later"
    )
    print("\n" + report)
    if seen_codes != expected_codes:
        problems.setdefault("(codes)", []).append(
            f"never seen: {sorted(expected_codes - seen_codes)}, not expected: {sorted(seen_codes - expected_codes)}"
        )
    failures = {name: found for name, found in problems.items() if found}
    details = "\n".join(f"  {name}: {'; '.join(found)}" for name, found in sorted(failures.items()))
    assert not failures, f"{len(failures)} case(s) went wrong ({report}):\n{details}"
