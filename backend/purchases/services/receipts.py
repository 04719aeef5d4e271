"""Goods received against an order (with what was refused at the door), and goods sent back."""

from collections import defaultdict

from django.db import transaction

from core.exceptions import ApplicationError
from core.money import ZERO
from core.services import audit_record, model_snapshot
from notifications.models import Notification
from notifications.services import notify
from users.models import User

from ..events import order_changed
from ..models import GoodsReceipt, GoodsReceiptLine, PurchaseOrder, PurchaseOrderLine
from .common import require_status
from .orders import ORDER_AUDIT_FIELDS, POStatus


def _lines_of(order: PurchaseOrder, lines: list[dict]) -> tuple[dict[int, PurchaseOrderLine], dict[int, dict]]:
    """The order's lines (locked) and the input summed per line; 400 for a line not on the order."""
    order_lines: dict[int, PurchaseOrderLine] = {line.pk: line for line in order.lines.select_for_update()}
    summed: dict[int, dict] = defaultdict(lambda: {"quantity": ZERO, "rejected_quantity": ZERO, "notes": []})
    errors: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        if line["po_line"] not in order_lines:
            errors[str(index)] = [f"Line {line['po_line']} is not a line of {order.number}."]
            continue
        entry = summed[line["po_line"]]
        entry["quantity"] += line["quantity"]
        entry["rejected_quantity"] += line.get("rejected_quantity", ZERO)
        if line.get("note"):
            entry["notes"].append(line["note"])
    if errors:
        raise ApplicationError("validation_error", "Some lines are invalid.", fields={"lines": errors})
    return order_lines, summed


def _status_after(order_lines: dict[int, PurchaseOrderLine]) -> str:
    lines = order_lines.values()
    if all(line.received_quantity == line.quantity for line in lines):
        return POStatus.RECEIVED
    return POStatus.PARTIALLY_RECEIVED if any(line.received_quantity for line in lines) else POStatus.ISSUED


def _record(
    order: PurchaseOrder,
    *,
    actor: User,
    kind: str,
    order_lines: dict[int, PurchaseOrderLine],
    summed: dict[int, dict],
    sign: int,
    note: str,
    delivery_note: str = "",
) -> GoodsReceipt:
    before = model_snapshot(order, ORDER_AUDIT_FIELDS)
    receipt = GoodsReceipt.objects.create(
        purchase_order=order, kind=kind, received_by=actor, note=note, delivery_note=delivery_note
    )
    GoodsReceiptLine.objects.bulk_create(
        GoodsReceiptLine(
            goods_receipt=receipt,
            po_line_id=line_id,
            quantity=entry["quantity"],
            rejected_quantity=entry["rejected_quantity"],
            note="; ".join(entry["notes"])[:500],
        )
        for line_id, entry in summed.items()
    )
    for line_id, entry in summed.items():
        line = order_lines[line_id]
        line.received_quantity += sign * entry["quantity"]
        line.save(update_fields=["received_quantity"])
    order.status = _status_after(order_lines)
    order.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=f"goods_{kind}.create",
        instance=order,
        before=before,
        after={
            **model_snapshot(order, ORDER_AUDIT_FIELDS),
            "receipt": receipt.pk,
            "delivery_note": delivery_note,
            "note": note,
            "lines": {
                str(line_id): {"quantity": str(entry["quantity"]), "rejected": str(entry["rejected_quantity"])}
                for line_id, entry in summed.items()
            },
        },
    )
    order_changed.send(sender=PurchaseOrder, order_id=order.pk, reason=f"goods_{kind}")
    return receipt


@transaction.atomic
def goods_receipt_create(
    *, order: PurchaseOrder, actor: User, lines: list[dict], note: str = "", delivery_note: str = ""
) -> GoodsReceipt:
    """Record goods received against an order's lines: the accepted quantity counts as
    received, a rejected quantity (refused at the door) does not. Partial receipts are allowed;
    accepting more than was ordered is refused; the order's status follows on its own."""
    order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
    require_status(order, {POStatus.ISSUED, POStatus.PARTIALLY_RECEIVED}, "receive goods for")
    order_lines, summed = _lines_of(order, lines)
    empty = [str(line_id) for line_id, entry in summed.items() if not entry["quantity"] and not entry["rejected_quantity"]]
    if empty:
        raise ApplicationError(
            "validation_error",
            "A receipt line must accept or reject something.",
            fields={"lines": {line_id: ["Nothing received or rejected."] for line_id in empty}},
        )
    over = {
        str(line_id): f"Only {order_lines[line_id].quantity - order_lines[line_id].received_quantity} left to receive."
        for line_id, entry in summed.items()
        if order_lines[line_id].received_quantity + entry["quantity"] > order_lines[line_id].quantity
    }
    if over:
        raise ApplicationError("over_receipt", "More would be received than was ordered.", fields={"lines": over})
    receipt = _record(
        order,
        actor=actor,
        kind=GoodsReceipt.Kind.RECEIPT,
        order_lines=order_lines,
        summed=summed,
        sign=1,
        note=note,
        delivery_note=delivery_note,
    )
    request = order.purchase_request
    state = "all goods" if order.status == POStatus.RECEIVED else "part of the goods"
    rejected = sum((entry["rejected_quantity"] for entry in summed.values()), ZERO)
    refused = f", refusing {rejected.normalize():f}" if rejected else ""
    notify(
        users=[request.requester],
        kind=Notification.Kind.GOODS_RECEIVED,
        text=f"{actor.full_name or actor.email} received {state} of {order.number}{refused} ({request.title}).",
        instance=order,
        url=f"/purchase-orders/{order.pk}",
        email=True,
        exclude=actor,
    )
    return receipt


@transaction.atomic
def goods_return_create(*, order: PurchaseOrder, actor: User, lines: list[dict], reason: str) -> GoodsReceipt:
    """Goods sent back to the vendor after they were received: their quantity no longer counts
    as received (so accounts payable's match holds an invoice for them)."""
    order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
    require_status(order, {POStatus.PARTIALLY_RECEIVED, POStatus.RECEIVED}, "return goods of")
    order_lines, summed = _lines_of(order, lines)
    over = {
        str(line_id): f"Only {order_lines[line_id].received_quantity.normalize():f} received on this line."
        for line_id, entry in summed.items()
        if entry["quantity"] <= 0 or entry["quantity"] > order_lines[line_id].received_quantity
    }
    if over:
        raise ApplicationError("over_return", "More would be returned than was received.", fields={"lines": over})
    return _record(
        order, actor=actor, kind=GoodsReceipt.Kind.RETURN, order_lines=order_lines, summed=summed, sign=-1, note=reason
    )
