"""Reads of documents. A document is visible to its uploader, to whoever may see the request or
order it is attached to, and to procurement, finance and admins; to nobody else (404)."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from purchases.selectors import purchase_order_visible, purchase_request_visible, sees_all_purchasing
from users.models import User

from .models import Document


def document_visible(*, user: User) -> QuerySet[Document]:
    qs = Document.objects.select_related("uploaded_by", "purchase_request", "purchase_order")
    if sees_all_purchasing(user):
        return qs
    return qs.filter(
        Q(uploaded_by=user)
        | Q(purchase_request__in=purchase_request_visible(user=user))
        | Q(purchase_order__in=purchase_order_visible(user=user))
    )


def document_list(*, user: User, filters: dict) -> QuerySet[Document]:
    qs = document_visible(user=user)
    for name in ("status", "document_type", "purchase_request", "purchase_order"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    return qs


def document_get(*, user: User, pk: int) -> Document:
    return get_object_or_404(document_visible(user=user), pk=pk)


# A document's status as the task contract of GET /api/tasks/{task_id}/ names it.
TASK_STATES: dict[str, str] = {
    Document.Status.PENDING: "PENDING",
    Document.Status.PROCESSING: "PROGRESS",
    Document.Status.COMPLETED: "SUCCESS",
    Document.Status.FAILED: "FAILURE",
}


def document_task_status(*, task_id: str, user: User) -> dict | None:
    """The processing task of a document in the contract of GET /api/tasks/{task_id}/, computed
    from the document row (the one place its state and progress are kept): for its uploader or
    an admin, 404 for everyone else. None when the id is no document's task. (Registered with
    core's task view in DocumentsConfig.ready.)"""
    document = Document.objects.filter(task_id=task_id).exclude(task_id="").first()
    if document is None:
        return None
    if not (document.uploaded_by_id == user.pk or user.is_admin):
        raise Http404
    state = TASK_STATES[document.status]
    finished = state == "SUCCESS"
    return {
        "task_id": document.task_id,
        "state": state,
        "progress": 100 if finished else max(0, min(100, document.progress)),
        "result": {"document_id": document.pk, "status": document.status} if finished else None,
        "error": (document.error or "The document could not be read.") if state == "FAILURE" else None,
    }
