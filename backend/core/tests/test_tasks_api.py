"""The task status endpoint against a real Celery worker process."""

import pytest
from django.db import transaction

from conftest import bearer_client, wait_for
from core.models import TrackedTask
from core.services import task_enqueue
from core.tasks import diagnostic_progress_task
from users.tests.factories import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_owned_task_runs_on_the_worker_and_only_its_owner_or_an_admin_reads_it(celery_worker_process):
    owner, other, admin = UserFactory(), UserFactory(), UserFactory(role="admin")
    with transaction.atomic():
        tracked = task_enqueue(task=diagnostic_progress_task, owner=owner, kwargs={"steps": 4, "delay": 0.3})
    url = f"/api/tasks/{tracked.task_id}/"
    client = bearer_client(owner)

    seen_progress = []

    def finished():
        body = client.get(url).json()
        if body["state"] == "PROGRESS":
            seen_progress.append(body["progress"])
        return body if body["state"] in {"SUCCESS", "FAILURE"} else None

    body = wait_for(finished, timeout=60, interval=0.05, message="the task to finish")
    assert body["state"] == "SUCCESS" and body["progress"] == 100 and body["error"] is None
    assert body["result"]["steps"] == 4
    assert body["result"]["worker_pid"] != celery_worker_process.pid  # ran in a pool child, not here
    assert seen_progress and seen_progress == sorted(seen_progress) and all(0 < p <= 100 for p in seen_progress)

    assert bearer_client(other).get(url).status_code == 404
    assert bearer_client(admin).get(url).json()["state"] == "SUCCESS"


def test_task_is_not_sent_when_the_transaction_rolls_back(celery_worker_process):
    owner = UserFactory()

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        tracked = task_enqueue(task=diagnostic_progress_task, owner=owner)
        raise Abort
    assert not TrackedTask.objects.filter(task_id=tracked.task_id).exists()
    assert bearer_client(owner).get(f"/api/tasks/{tracked.task_id}/").status_code == 404


def test_unknown_task_is_404():
    response = bearer_client(UserFactory()).get("/api/tasks/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
