"""Thin tasks: ids in, one service call. Safe to run twice (a re-match of an unchanged invoice
changes nothing; a hold records that its owner was told)."""

from celery import shared_task

from purchases.tasks import RETRY

from . import notifications
from .services import invoices_rematch_for_order


@shared_task(name="invoices.rematch_order")
def rematch_order_task(order_id: int) -> dict:
    return invoices_rematch_for_order(order_id=order_id)


@shared_task(name="invoices.hold_notify", **RETRY)
def hold_notify_task(hold_id: int) -> bool:
    return notifications.hold_notify(hold_id=hold_id)
