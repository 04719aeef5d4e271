import logging
import uuid
from collections.abc import Iterable

from django.db import models, transaction
from django.forms.models import model_to_dict

from .context import client_ip_var, request_id_var
from .models import AuditEvent, TrackedTask

logger = logging.getLogger(__name__)


def model_snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The concrete field values of an instance, for an audit event's before/after."""
    return model_to_dict(instance, fields=list(fields) if fields else None)


def audit_record(
    *,
    actor,
    action: str,
    instance: models.Model,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append an audit event. Call it inside the service's transaction, so the event and the
    change it describes are committed together or not at all."""
    event = AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        before=before,
        after=after,
        ip_address=client_ip_var.get(),
        request_id=request_id_var.get(),
    )
    logger.info("audit %s %s#%s by %s", action, event.object_type, event.object_id, event.actor_id)
    return event


def task_enqueue(*, task, owner, args: tuple = (), kwargs: dict | None = None) -> TrackedTask:
    """Record who owns a task and send it to the broker once the current transaction commits,
    so the worker never looks for rows that are not there yet."""
    task_id = str(uuid.uuid4())
    tracked = TrackedTask.objects.create(task_id=task_id, name=task.name, owner=owner)
    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs or {}, task_id=task_id))
    return tracked
