from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from celery import current_app
from celery.result import AsyncResult
from django.http import Http404
from django.utils import timezone

from .models import AuditEvent, TrackedTask


@dataclass(frozen=True)
class TaskStatus:
    task_id: str
    state: str
    progress: int
    result: Any
    error: str | None


def task_status_get(*, task_id: str, user) -> TaskStatus:
    """A task's state, to its owner or an admin; 404 for everyone else and for unknown ids."""
    tracked = TrackedTask.objects.filter(task_id=task_id).first()
    if tracked is None or not (tracked.owner_id == user.pk or user.is_admin):
        raise Http404
    result = AsyncResult(task_id, app=current_app._get_current_object())  # the project's app
    state = result.state
    info = result.info
    progress, payload, error = 0, None, None
    if state == "SUCCESS":
        progress, payload = 100, info
    elif state == "PROGRESS" and isinstance(info, dict):
        progress = max(0, min(100, int(info.get("progress", 0))))
    elif state == "FAILURE":
        error = str(info) or info.__class__.__name__
    elif state == "RETRY":
        error = str(info) if info else None
    return TaskStatus(task_id=task_id, state=state, progress=progress, result=payload, error=error)


def audit_event_list(*, filters: dict | None = None):
    """Audit events; only admin and finance reach this (checked by the view's permission)."""
    qs = AuditEvent.objects.select_related("actor")
    filters = filters or {}
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_id=str(filters["object_id"]))
    if filters.get("action"):
        # "purchase_order" finds every action on orders, "purchase_order.cancel" that one.
        qs = qs.filter(action__startswith=filters["action"])
    if filters.get("actor"):
        qs = qs.filter(actor_id=filters["actor"])
    if filters.get("actor_email"):
        qs = qs.filter(actor__email__icontains=filters["actor_email"])
    if filters.get("search"):
        qs = qs.filter(object_repr__icontains=filters["search"])
    tz = timezone.get_current_timezone()
    if filters.get("since"):
        qs = qs.filter(created_at__gte=datetime.combine(filters["since"], time.min, tzinfo=tz))
    if filters.get("until"):  # inclusive: the whole day
        qs = qs.filter(created_at__lt=datetime.combine(filters["until"] + timedelta(days=1), time.min, tzinfo=tz))
    return qs
