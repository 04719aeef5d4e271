"""Twelve uploads of one user at the same moment cannot all pass the open-documents quota: the
user's row lock makes each count see the others (PostgreSQL, real concurrent transactions)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import bearer_client, race
from documents import services
from documents.models import Document
from documents.tests.invoices import invoice_pdf, sample_invoices
from users.tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_uploads_stop_exactly_at_the_quota(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENT_MAX_OPEN_PER_USER = 5
    monkeypatch.setattr(services.current_app, "send_task", lambda *args, **kwargs: None)
    user = UserFactory()
    clients = [bearer_client(user) for _ in range(12)]
    pdf = invoice_pdf(sample_invoices()[0])
    statuses = race(
        12,
        lambda i: (
            clients[i].post("/api/documents/upload/", {"file": SimpleUploadedFile("a.pdf", pdf)}, format="multipart").status_code
        ),
    )
    assert sorted(statuses) == [202] * 5 + [429] * 7
    assert Document.objects.filter(uploaded_by=user).count() == 5
