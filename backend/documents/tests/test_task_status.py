"""GET /api/tasks/{task_id}/ for a document's processing task: the task contract, computed from
the document row (its one record of state and progress), for the uploader or an admin only."""

import pytest

from conftest import bearer_client
from documents.models import Document
from documents.selectors import document_task_status
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Document.Status


def make_document(uploaded_by, **fields) -> Document:
    values = {
        "original_filename": "a.pdf",
        "content_type": "application/pdf",
        "extension": ".pdf",
        "size": 10,
        "sha256": "0" * 64,
        "task_id": "task-abc",
        "file": "documents/x.pdf",
        **fields,
    }
    return Document.objects.create(uploaded_by=uploaded_by, **values)


@pytest.mark.parametrize(
    "status, progress, error, expected",
    [
        (Status.PENDING, 0, "", {"state": "PENDING", "progress": 0, "result": None, "error": None}),
        (Status.PROCESSING, 40, "", {"state": "PROGRESS", "progress": 40, "result": None, "error": None}),
        (
            Status.FAILED,
            40,
            "This PDF is damaged.",
            {"state": "FAILURE", "progress": 40, "result": None, "error": "This PDF is damaged."},
        ),
        (Status.FAILED, 0, "", {"state": "FAILURE", "progress": 0, "result": None, "error": "The document could not be read."}),
    ],
)
def test_the_document_status_maps_to_the_task_state(status, progress, error, expected):
    owner = UserFactory()
    make_document(owner, status=status, progress=progress, error=error)
    response = bearer_client(owner).get("/api/tasks/task-abc/")
    assert response.status_code == 200
    assert response.json() == {"task_id": "task-abc", **expected}


def test_a_completed_document_is_a_successful_task_at_100():
    owner = UserFactory()
    document = make_document(owner, status=Status.COMPLETED, progress=100)
    body = bearer_client(owner).get("/api/tasks/task-abc/").json()
    assert body == {
        "task_id": "task-abc",
        "state": "SUCCESS",
        "progress": 100,
        "result": {"document_id": document.pk, "status": "COMPLETED"},
        "error": None,
    }


def test_the_task_follows_the_document_as_it_changes():
    owner = UserFactory()
    document = make_document(owner)
    client = bearer_client(owner)
    seen = []
    for status, progress in ((Status.PENDING, 0), (Status.PROCESSING, 0), (Status.PROCESSING, 47), (Status.COMPLETED, 100)):
        Document.objects.filter(pk=document.pk).update(status=status, progress=progress)
        body = client.get("/api/tasks/task-abc/").json()
        detail = client.get(f"/api/documents/{document.pk}/").json()
        assert detail["status"] == status and detail["progress"] == body["progress"] == progress
        seen.append(body["state"])
    assert seen == ["PENDING", "PROGRESS", "PROGRESS", "SUCCESS"]


def test_only_the_uploader_or_an_admin_reads_the_task():
    owner = UserFactory()
    make_document(owner, status=Status.PROCESSING, progress=10)
    url = "/api/tasks/task-abc/"
    assert bearer_client(UserFactory()).get(url).status_code == 404
    assert bearer_client(UserFactory(role="procurement")).get(url).status_code == 404  # may see the document, not the task
    assert bearer_client(UserFactory(role="admin")).get(url).json()["state"] == "PROGRESS"


def test_an_id_that_is_no_documents_task_is_not_the_documents_to_answer():
    user = UserFactory()
    make_document(user, task_id="")
    assert document_task_status(task_id="other-task", user=user) is None
    assert document_task_status(task_id="", user=user) is None
    response = bearer_client(user).get("/api/tasks/other-task/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
