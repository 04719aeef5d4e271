import logging
import re
from collections.abc import Callable, Iterable

from django.db import models, transaction

from core.exceptions import invalid_field
from core.services import audit_record
from documents.models import Document
from notifications.models import Notification
from notifications.services import notify
from users.models import User

from .models import Comment

logger = logging.getLogger(__name__)

# "@alice@example.com": a mention names the person's e-mail address after an @.
MENTION = re.compile(r"(?<![\w.+-])@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
MAX_BODY = 5000


def mentioned_users(body: str, *, may_see: Callable[[User], bool], what: str) -> list[User]:
    emails = list(dict.fromkeys(email.lower().rstrip(".") for email in MENTION.findall(body)))
    users = {user.email.lower(): user for user in User.objects.filter(email__in=emails, is_active=True)}
    for email in emails:
        user = users.get(email)
        if user is None:
            raise invalid_field("body", f"Nobody active has the address {email}.")
        if not may_see(user):
            raise invalid_field("body", f"{email} cannot see this {what}, so cannot be mentioned.")
    return [users[email] for email in emails]


@transaction.atomic
def comment_create(
    *,
    instance: models.Model,
    author: User,
    body: str,
    documents: Iterable[int] = (),
    may_see: Callable[[User], bool],
    followers: Iterable[User],
    url: str,
    what: str,
) -> Comment:
    """Add `author`'s comment to `instance`'s discussion. The people mentioned (who must be able
    to see it: `may_see`) and the followers are notified; the author never is. Attachments are
    documents the author uploaded."""
    body = body.strip()
    if not body:
        raise invalid_field("body", "Write something.")
    if len(body) > MAX_BODY:
        raise invalid_field("body", f"At most {MAX_BODY} characters.")
    mentioned = mentioned_users(body, may_see=may_see, what=what)
    document_ids = sorted(set(documents))
    attached = list(Document.objects.filter(pk__in=document_ids, uploaded_by=author))
    if len(attached) != len(document_ids):
        raise invalid_field("documents", "Attach only documents you uploaded.")
    comment = Comment.objects.create(object_type=instance._meta.label_lower, object_id=str(instance.pk), author=author, body=body)
    comment.mentions.set(mentioned)
    comment.documents.set(attached)
    audit_record(
        actor=author,
        action="comment.create",
        instance=instance,
        after={"comment": comment.pk, "body": body, "mentions": [u.email for u in mentioned], "documents": document_ids},
    )
    who = author.full_name or author.email
    excerpt = body if len(body) <= 120 else body[:119] + "…"
    notify(
        users=mentioned,
        kind=Notification.Kind.MENTION,
        text=f"{who} mentioned you on {instance}: {excerpt}",
        instance=instance,
        url=url,
        email=True,
        exclude=author,
    )
    mentioned_ids = {u.pk for u in mentioned}
    notify(
        users=[user for user in followers if user.pk not in mentioned_ids],
        kind=Notification.Kind.COMMENT,
        text=f"{who} commented on {instance}: {excerpt}",
        instance=instance,
        url=url,
        email=True,
        exclude=author,
    )
    logger.info("comment %d on %s by %s (%d mentioned)", comment.pk, instance, author.email, len(mentioned))
    return comment
