from django.conf import settings
from django.db import models

from core.models import choices_check


class NotificationKind(models.TextChoices):
    APPROVAL_WAITING = "approval_waiting", "A step waits on you"
    REQUEST_DECIDED = "request_decided", "Your request was decided"
    COMMENT = "comment", "A comment on something you follow"
    MENTION = "mention", "You were mentioned"
    PO_ISSUED = "po_issued", "A PO was issued for your request"
    PO_CHANGED = "po_changed", "Your request's PO was amended, cancelled or closed"
    GOODS_RECEIVED = "goods_received", "Goods were received"
    HOLD = "hold", "An invoice hold you own"


class Notification(models.Model):
    """Something that happened which `user` should see, with the link to its object (an app path
    such as /purchase-requests/12). Written in the transaction of the change it announces."""

    Kind = NotificationKind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=200, help_text="The app path of the object, e.g. /purchase-requests/12.")
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=choices_check("kind", NotificationKind.choices), name="notification_kind_valid")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.text}"
