"""Signals purchasing sends for the apps built on it (which purchasing never imports).

`order_changed` is sent inside the transaction that changed a purchase order (with `order_id`
and `reason`: "goods_receipt", "goods_return", "revised" or "cancelled"): accounts payable re-matches the order's invoices
once it commits."""

from django.dispatch import Signal

order_changed = Signal()
