from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from celery import current_app
from django.db import transaction
from django.utils import timezone

from core.exceptions import conflict

from ..models import NumberSequence

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_total(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return money(quantity * unit_price)


def next_number(prefix: str) -> str:
    """`PR-2026-000123`: the next number for this prefix and year. Must run inside the caller's
    transaction: the sequence row stays locked until it commits, so no two creates share a
    number (gaps are possible when a transaction rolls back; duplicates never)."""
    assert transaction.get_connection().in_atomic_block, "next_number needs a transaction"
    key = f"{prefix}-{timezone.now().year}"
    NumberSequence.objects.bulk_create([NumberSequence(key=key)], ignore_conflicts=True)
    sequence = NumberSequence.objects.select_for_update().get(key=key)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return f"{key}-{sequence.last_value:06d}"


def task_send_on_commit(name: str, *args) -> None:
    """Send the task registered as `name` once the current transaction commits (at once
    outside one). By name: services never import the tasks modules, which import them."""
    transaction.on_commit(lambda: current_app.signature(name, args=args).apply_async())


def require_status(instance: Any, allowed: set[str], action: str) -> None:
    if instance.status not in allowed:
        raise conflict(f"Cannot {action} a {instance._meta.verbose_name} that is {instance.get_status_display().lower()}.")
