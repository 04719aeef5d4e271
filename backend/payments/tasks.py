"""Thin tasks: ids in, one notification. Safe to run twice (each row records that it was sent)."""

from celery import shared_task

from purchases.tasks import RETRY

from . import notifications


@shared_task(name="payments.bank_account_notify", **RETRY)
def bank_account_notify_task(account_id: int) -> bool:
    return notifications.bank_account_notify(account_id=account_id)


@shared_task(name="payments.remittance_notify", **RETRY)
def remittance_notify_task(payment_id: int) -> bool:
    return notifications.remittance_notify(payment_id=payment_id)
