"""Thin tasks: ids in, one service call. Safe to run twice (each notification records itself)."""

from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from . import notifications
from .services import approval_steps_follow_delegations, purchase_orders_archive

RETRY = {"autoretry_for": (SMTPException, ConnectionError, TimeoutError), "retry_backoff": True, "max_retries": 5}


@shared_task(name="purchases.approval_step_notify", **RETRY)
def approval_step_notify_task(step_id: int) -> bool:
    return notifications.approval_step_notify(step_id=step_id)


@shared_task(name="purchases.purchase_request_decision_notify", **RETRY)
def purchase_request_decision_notify_task(request_id: int) -> bool:
    return notifications.purchase_request_decision_notify(request_id=request_id)


@shared_task(name="purchases.purchase_order_vendor_notify", **RETRY)
def purchase_order_vendor_notify_task(order_id: int) -> bool:
    return notifications.purchase_order_vendor_notify(order_id=order_id)


@shared_task(name="purchases.purchase_orders_archive_monthly")
def purchase_orders_archive_monthly_task() -> dict | None:
    return purchase_orders_archive(today=timezone.localdate())


@shared_task(name="purchases.delegations_follow_daily")
def delegations_follow_daily_task() -> int:
    """Each morning: steps of people whose leave starts today go to their delegates, and come
    back to those who returned. Idempotent."""
    return approval_steps_follow_delegations()
