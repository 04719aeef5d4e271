"""Every write to purchasing data goes through these services."""

from .approvals import (
    approval_chain_build,
    approval_step_reassign,
    approval_steps_follow_delegations,
    approval_steps_reroute_from,
    purchase_request_approve,
    purchase_request_reject,
)
from .delegations import delegation_create, delegation_end
from .orders import (
    purchase_order_cancel,
    purchase_order_close,
    purchase_order_create_from_request,
    purchase_order_issue,
    purchase_order_revise,
    purchase_order_update,
    purchase_orders_archive,
    purchase_request_close,
)
from .receipts import goods_receipt_create, goods_return_create
from .requests import (
    purchase_request_cancel,
    purchase_request_create,
    purchase_request_delete,
    purchase_request_duplicate,
    purchase_request_revise,
    purchase_request_submit,
    purchase_request_update,
)
from .vendors import vendor_create, vendor_update

__all__ = [
    "approval_chain_build",
    "approval_steps_follow_delegations",
    "delegation_create",
    "delegation_end",
    "purchase_request_duplicate",
    "purchase_request_revise",
    "approval_step_reassign",
    "approval_steps_reroute_from",
    "goods_receipt_create",
    "goods_return_create",
    "purchase_order_issue",
    "purchase_order_revise",
    "purchase_order_update",
    "purchase_request_close",
    "purchase_order_cancel",
    "purchase_order_close",
    "purchase_order_create_from_request",
    "purchase_orders_archive",
    "purchase_request_approve",
    "purchase_request_cancel",
    "purchase_request_create",
    "purchase_request_delete",
    "purchase_request_reject",
    "purchase_request_submit",
    "purchase_request_update",
    "vendor_create",
    "vendor_update",
]
