import logging
from collections.abc import Iterable
from functools import partial

from celery import current_app
from django.db import models, transaction
from django.utils import timezone

from users.models import User

from .mail import absolute_url, send_mail
from .models import Notification

logger = logging.getLogger(__name__)

# What the reader is expected to do, said in every e-mail.
EXPECTED: dict[str, str] = {
    Notification.Kind.APPROVAL_WAITING: "Please approve or reject it.",
    Notification.Kind.REQUEST_DECIDED: "Nothing is needed from you unless you want to revise it.",
    Notification.Kind.COMMENT: "Read it and answer in the discussion if needed.",
    Notification.Kind.MENTION: "You were mentioned: please read it and answer in the discussion.",
    Notification.Kind.PO_ISSUED: "Nothing is needed from you; goods are received against the PO.",
    Notification.Kind.GOODS_RECEIVED: "Check the receipt against what you expected.",
    Notification.Kind.HOLD: "Please review the hold and release it or have it corrected.",
}


def notify(
    *,
    users: Iterable[User],
    kind: str,
    text: str,
    instance: models.Model,
    url: str,
    email: bool = False,
    exclude: User | None = None,
) -> list[Notification]:
    """One in-app notification per active user (each once; never `exclude`, who caused it),
    written in the caller's transaction. With `email`, each is also mailed once it commits
    (events that have a mail of their own, such as an approval waiting, pass email=False)."""
    seen: set[int] = set()
    rows = []
    for user in users:
        if user is None or not user.is_active or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                user=user,
                kind=kind,
                text=text[:300],
                url=url,
                object_type=instance._meta.label_lower,
                object_id=str(instance.pk),
            )
        )
    created = Notification.objects.bulk_create(rows)
    if email:
        for notification in created:
            transaction.on_commit(partial(_send_email_task, notification.pk))
    return created


def _send_email_task(notification_id: int) -> None:
    current_app.signature("notifications.notification_email", args=(notification_id,)).apply_async()


@transaction.atomic
def notification_email(*, notification_id: int) -> bool:
    """Mail one notification with its link and what is expected. Once: a task run twice sends once."""
    notification = Notification.objects.select_for_update().select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.user.email:
        return False
    send_mail(
        template="notifications/email/notification",
        subject=notification.text,
        to=[notification.user.email],
        context={
            "notification": notification,
            "link": absolute_url(notification.url),
            "expected": EXPECTED.get(notification.kind, ""),
        },
    )
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def notification_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
