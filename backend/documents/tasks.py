"""Thin tasks: ids in, one service call."""

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError

from . import services
from .services import PROCESS_TASK, TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


class DocumentTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """The task failed for good (retries used up, or an error nobody expected): the document
        must not stay PROCESSING until the sweep finds it."""
        if isinstance(exc, SoftTimeLimitExceeded):
            code, message = "processing_timeout", "Processing took too long and was stopped."
        elif isinstance(exc, TRANSIENT_ERRORS):
            code, message = "service_unavailable", "Processing failed because a service was unavailable; upload it again later."
        else:
            code, message = "processing_failed", "An unexpected error stopped the processing of this document."
        try:
            services.document_fail(document_id=args[0], message=message, code=code)
        except DatabaseError:  # the database may be what failed; the stale sweep will catch up
            logger.exception("could not mark document %s as failed", args[0] if args else None)


@shared_task(
    bind=True,
    base=DocumentTask,
    name=PROCESS_TASK,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=120,
    max_retries=5,
    soft_time_limit=300,
    time_limit=360,
)
def document_process_task(self, document_id: int) -> dict:
    # The state and progress are written on the document (GET /api/tasks/{id}/ reads them
    # there), not to the result backend.
    document = services.document_process(document_id=document_id)
    if document is None:
        return {"document_id": document_id, "status": "MISSING"}
    return {"document_id": document.pk, "status": document.status, "error": document.error or None}


@shared_task(name="documents.requeue_stale")
def documents_requeue_stale_task() -> dict:
    return services.documents_requeue_stale()
