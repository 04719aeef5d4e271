from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from users.models import User

from .models import Notification


def notification_list(*, user: User, unread: bool = False) -> QuerySet[Notification]:
    """The caller's own notifications (nobody else's), unread first, newest first within each."""
    qs = Notification.objects.filter(user=user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by(F("read_at").desc(nulls_first=True), "-created_at", "-id")


def notification_get(*, user: User, pk: int) -> Notification:
    return get_object_or_404(Notification.objects.filter(user=user), pk=pk)
