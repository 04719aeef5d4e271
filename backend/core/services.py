import logging
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

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


def _referenced_files() -> set[str]:
    """Every file name any model's FileField points at (documents, reports, ...)."""
    referenced: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                referenced.update(name for name in model._default_manager.values_list(field.name, flat=True) if name)
    return referenced


def _walk(storage, folder: str = ""):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}{directory}/")


def storage_cleanup(*, older_than: timedelta) -> dict:
    """Remove files that no row references and that are older than `older_than`: abandoned
    uploads, temp files and leftovers of failed transactions, from the default storage and from
    Django's upload temp folder. A referenced file is never removed."""
    cutoff = timezone.now() - older_than
    referenced = _referenced_files()
    removed: list[str] = []
    for name in list(_walk(default_storage)):
        if name in referenced or default_storage.get_modified_time(name) >= cutoff:
            continue
        default_storage.delete(name)
        removed.append(name)
    temp_dir = Path(settings.FILE_UPLOAD_TEMP_DIR)
    for path in temp_dir.glob("*") if temp_dir.is_dir() else []:
        if path.is_file() and datetime.fromtimestamp(path.stat().st_mtime, tz=UTC) < cutoff:
            path.unlink(missing_ok=True)
            removed.append(f"{settings.FILE_UPLOAD_TEMP_DIR}/{path.name}")
    logger.info("storage cleanup removed %d file(s): %s", len(removed), removed[:20])
    return {"removed": removed, "kept_referenced": len(referenced)}
