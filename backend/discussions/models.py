from django.conf import settings
from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Comments are append-only.")

    def delete(self):
        raise TypeError("Comments are append-only.")


class Comment(models.Model):
    """One message in the discussion of an object (a purchase request, an order, an invoice),
    named by its model label and id. Append-only: a comment is never edited or removed."""

    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField()
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in")
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="comments")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id", "created_at"])]
        constraints = [models.CheckConstraint(condition=~models.Q(body=""), name="comment_body_not_empty")]

    def __str__(self) -> str:
        return f"{self.author} on {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Comments are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Comments are append-only.")
