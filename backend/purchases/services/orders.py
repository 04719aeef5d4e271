import logging
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.exceptions import ApplicationError, conflict
from core.jobs import job_run_once
from core.services import audit_record, model_snapshot
from notifications.models import Notification
from notifications.services import notify
from users.models import User

from ..events import order_changed
from ..models import (
    ARCHIVABLE_STATUSES,
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseRequest,
    Vendor,
    archive_cutoff,
)
from .common import next_number, require_status, task_send_on_commit

logger = logging.getLogger(__name__)

POStatus = PurchaseOrder.Status
ORDER_AUDIT_FIELDS = ["number", "status", "vendor", "currency", "total", "purchase_request", "archived"]


@transaction.atomic
def purchase_order_create_from_request(
    *, request: PurchaseRequest, vendor: Vendor, actor: User, automatic: bool = False
) -> PurchaseOrder:
    """Issue the one purchase order of an approved request, its lines copied from the request.
    The one-to-one column makes a second order for the same request impossible; the lock on the
    request makes the loser of a race get a clear 409 instead of a database error."""
    request = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != PurchaseRequest.Status.APPROVED:
        raise conflict(
            f"Only an approved request can become an order; {request.number} is {request.get_status_display().lower()}."
        )
    if PurchaseOrder.objects.filter(purchase_request=request).exists():
        raise conflict(f"{request.number} already has a purchase order.", code="purchase_order_exists")
    if not vendor.is_active:
        raise ApplicationError("vendor_inactive", f"{vendor.name} is inactive.", fields={"vendor": ["This vendor is inactive."]})
    try:
        with transaction.atomic():
            order = PurchaseOrder.objects.create(
                number=next_number("PO"),
                purchase_request=request,
                vendor=vendor,
                currency=request.currency,
                total=request.total,
                total_base=request.base_total,
                issued_at=timezone.now(),
                created_by=actor,
            )
    except IntegrityError as exc:
        raise conflict(f"{request.number} already has a purchase order.", code="purchase_order_exists") from exc
    PurchaseOrderLine.objects.bulk_create(
        PurchaseOrderLine(
            purchase_order=order,
            request_item=item,
            position=item.position,
            description=item.description,
            quantity=item.quantity,
            unit_price=item.unit_price,
            line_total=item.line_total,
        )
        for item in request.items.all()
    )
    if request.vendor_id != vendor.pk:
        # The request shows the vendor it was ordered from everywhere (detail, search, spend by
        # vendor), not "not chosen yet" or the one first named.
        audit_record(
            actor=actor,
            action="purchase_request.vendor_set",
            instance=request,
            before={"vendor": request.vendor.name if request.vendor else None},
            after={"vendor": vendor.name, "purchase_order": order.number},
        )
        request.vendor = vendor
        request.save(update_fields=["vendor", "updated_at"])
    after = {**model_snapshot(order, ORDER_AUDIT_FIELDS), **({"automatic": True} if automatic else {})}
    audit_record(actor=actor, action="purchase_order.create", instance=order, after=after)
    task_send_on_commit("purchases.purchase_order_vendor_notify", order.pk)
    how = " automatically on approval" if automatic else ""
    notify(
        users=[request.requester],
        kind=Notification.Kind.PO_ISSUED,
        text=f"{order.number} was issued{how} to {vendor.name} for your request {request.number}.",
        instance=order,
        url=f"/purchase-orders/{order.pk}",
        email=True,
        exclude=actor,
    )
    logger.info("%s issued for %s to %s", order.number, request.number, vendor.name)
    return order


@transaction.atomic
def purchase_order_cancel(*, order: PurchaseOrder, actor: User) -> PurchaseOrder:
    order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
    require_status(order, {POStatus.ISSUED}, "cancel")
    if order.goods_receipts.exists():
        raise conflict("Goods have been received against this order; it can no longer be cancelled.")
    before = model_snapshot(order, ORDER_AUDIT_FIELDS)
    order.status, order.cancelled_at = POStatus.CANCELLED, timezone.now()
    order.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(
        actor=actor,
        action="purchase_order.cancel",
        instance=order,
        before=before,
        after=model_snapshot(order, ORDER_AUDIT_FIELDS),
    )
    order_changed.send(sender=PurchaseOrder, order_id=order.pk, reason="cancelled")
    return order


@transaction.atomic
def goods_receipt_create(*, order: PurchaseOrder, actor: User, lines: list[dict], note: str = "") -> GoodsReceipt:
    """Record goods received against an order's lines. Partial receipts are allowed; receiving
    more than was ordered is refused; the order's status follows on its own."""
    order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
    require_status(order, {POStatus.ISSUED, POStatus.PARTIALLY_RECEIVED}, "receive goods for")
    order_lines: dict[int, PurchaseOrderLine] = {line.pk: line for line in order.lines.select_for_update()}
    quantities: dict[int, Decimal] = defaultdict(Decimal)
    errors: dict[int, list[str]] = {}
    for index, receipt_line in enumerate(lines):
        po_line_id = receipt_line["po_line"]
        if po_line_id not in order_lines:
            errors[index] = [f"Line {po_line_id} is not a line of {order.number}."]
            continue
        quantities[po_line_id] += receipt_line["quantity"]
    if errors:
        raise ApplicationError("validation_error", "Some receipt lines are invalid.", fields={"lines": errors})
    over = {
        str(line_id): f"Only {order_lines[line_id].quantity - order_lines[line_id].received_quantity} left to receive."
        for line_id, quantity in quantities.items()
        if order_lines[line_id].received_quantity + quantity > order_lines[line_id].quantity
    }
    if over:
        raise ApplicationError("over_receipt", "More would be received than was ordered.", fields={"lines": over})

    before = model_snapshot(order, ORDER_AUDIT_FIELDS)
    receipt = GoodsReceipt.objects.create(purchase_order=order, received_by=actor, note=note)
    GoodsReceiptLine.objects.bulk_create(
        GoodsReceiptLine(goods_receipt=receipt, po_line_id=line_id, quantity=quantity) for line_id, quantity in quantities.items()
    )
    for line_id, quantity in quantities.items():
        line = order_lines[line_id]
        line.received_quantity += quantity
        line.save(update_fields=["received_quantity"])
    fully = all(line.received_quantity == line.quantity for line in order_lines.values())
    order.status = POStatus.RECEIVED if fully else POStatus.PARTIALLY_RECEIVED
    order.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="goods_receipt.create",
        instance=order,
        before=before,
        after={
            **model_snapshot(order, ORDER_AUDIT_FIELDS),
            "receipt": receipt.pk,
            "lines": {str(line_id): str(quantity) for line_id, quantity in quantities.items()},
        },
    )
    order_changed.send(sender=PurchaseOrder, order_id=order.pk, reason="goods_received")
    request = order.purchase_request
    state = "all goods" if fully else "part of the goods"
    notify(
        users=[request.requester],
        kind=Notification.Kind.GOODS_RECEIVED,
        text=f"{actor.full_name or actor.email} received {state} of {order.number} ({request.title}).",
        instance=order,
        url=f"/purchase-orders/{order.pk}",
        email=True,
        exclude=actor,
    )
    return receipt


def purchase_order_close(*, order_id: int, actor: User | None) -> bool:
    """Close an order that is fully received and fully invoiced (the caller, accounts payable,
    knows that its invoices are paid). Answers whether it was closed now."""
    order = PurchaseOrder.objects.select_for_update().get(pk=order_id)
    if order.status != POStatus.RECEIVED or order.lines.filter(invoiced_quantity__lt=F("quantity")).exists():
        return False
    before = model_snapshot(order, ORDER_AUDIT_FIELDS)
    order.status = POStatus.CLOSED
    order.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="purchase_order.close", instance=order, before=before, after=model_snapshot(order, ORDER_AUDIT_FIELDS)
    )
    return True


def purchase_orders_archive(*, today: date) -> dict | None:
    """Monthly: flag received, closed and cancelled orders issued more than
    PO_ARCHIVE_AFTER_DAYS ago as archived, in one UPDATE, once per month."""

    def work() -> dict:
        cutoff = archive_cutoff()
        archived = PurchaseOrder.objects.filter(archived=False, status__in=ARCHIVABLE_STATUSES, issued_at__lt=cutoff).update(
            archived=True, updated_at=timezone.now()
        )
        return {"archived": archived, "cutoff": cutoff.isoformat()}

    return job_run_once(job="purchase_order_archive", period=today.strftime("%Y-%m"), work=work)
