from django.db import models
from django.db.models import QuerySet

from .models import Comment


def comment_list(*, instance: models.Model) -> QuerySet[Comment]:
    """The discussion of `instance`, oldest first. The caller has checked that the user may see
    `instance` (its own selector, 404 otherwise): comments are visible with their object."""
    return (
        Comment.objects.filter(object_type=instance._meta.label_lower, object_id=str(instance.pk))
        .select_related("author")
        .prefetch_related("mentions", "documents")
    )
