"""Reads of documents. A document is visible to its uploader, to whoever may see the request or
order it is attached to, and to procurement, finance and admins; to nobody else (404)."""

from django.db.models import Q, QuerySet
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
