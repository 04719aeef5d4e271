"""Thin tasks: ids in, one service call."""

import os

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    bind=True, name="documents.process", autoretry_for=(OperationalError, InterfaceError, ConnectionError),
    retry_backoff=True, retry_backoff_max=120, max_retries=5, soft_time_limit=300, time_limit=360,
)
def document_process_task(self, document_id: int) -> dict:
    def report(progress: int) -> None:
        # The pool process id lets an operator (and the fault test) find who is working on it.
        self.update_state(state="PROGRESS", meta={"progress": progress, "document_id": document_id, "pid": os.getpid()})

    try:
        document = services.document_process(document_id=document_id, report_progress=report)
    except SoftTimeLimitExceeded:
        services.document_fail(document_id=document_id, message="Processing took too long and was stopped.")
        raise
    if document is None:
        return {"document_id": document_id, "status": "MISSING"}
    return {"document_id": document.pk, "status": document.status, "error": document.error or None}


@shared_task(name="documents.requeue_stale")
def documents_requeue_stale_task() -> dict:
    return services.documents_requeue_stale()
