from django.dispatch import receiver

from purchases.events import order_changed
from purchases.services.common import task_send_on_commit


@receiver(order_changed)
def rematch_order_invoices(sender, order_id: int, reason: str, **kwargs) -> None:
    """A receipt or a cancel on an order: its invoices are matched again once that commits."""
    task_send_on_commit("invoices.rematch_order", order_id)
