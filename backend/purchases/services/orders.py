"""Purchase orders: drafted from an approved request, issued, amended by change orders,
cancelled or short-closed. The request, its department's budget and the vendor's mail follow
every step."""

import logging
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.exceptions import ApplicationError, conflict, invalid_field
from core.jobs import job_run_once
from core.money import ZERO, format_money
from core.services import audit_record, model_snapshot
from currencies.selectors import convert
from notifications.models import Notification
from notifications.services import notify
from users.models import User

from ..events import order_changed
from ..models import (
    ARCHIVABLE_STATUSES,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderRevision,
    PurchaseRequest,
    Vendor,
    archive_cutoff,
    taxes_by_rate,
)
from .common import line_total, next_number, require_status, task_send_on_commit

logger = logging.getLogger(__name__)

POStatus = PurchaseOrder.Status
OPEN_FOR_CHANGE: set[str] = {POStatus.ISSUED, POStatus.PARTIALLY_RECEIVED}
ORDER_AUDIT_FIELDS = ["number", "status", "revision", "vendor", "currency", "total", "tax_total", "purchase_request", "archived"]
DRAFT_FIELDS = ["expected_delivery", "ship_to", "payment_terms", "incoterms", "notes"]
VENDOR_MAIL_TASK = "purchases.purchase_order_vendor_notify"


def _snapshot(order: PurchaseOrder) -> dict:
    lines = [
        {
            "position": line.position,
            "description": line.description,
            "quantity": str(line.quantity),
            "unit_price": str(line.unit_price),
            "tax_rate": str(line.tax_rate),
        }
        for line in order.lines.all()
    ]
    return {**model_snapshot(order, ORDER_AUDIT_FIELDS + DRAFT_FIELDS), "lines": lines}


def _quantity(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _tolerance_check(order: PurchaseOrder, request: PurchaseRequest, total: Decimal) -> None:
    """The order's total (before tax) may exceed the approved request's by PO_PRICE_TOLERANCE_PERCENT."""
    percent = settings.PO_PRICE_TOLERANCE_PERCENT
    ceiling = request.order_ceiling
    if total > ceiling:
        message = (
            f"{order.number} would total {format_money(total, order.currency)}, more than {percent.normalize():f} % above "
            f"the approved {format_money(request.total, request.currency)} (at most {format_money(ceiling, order.currency)}). "
            "A larger amount needs a new, approved request."
        )
        raise ApplicationError("over_tolerance", message, fields={"lines": [message]})


def _set_lines(order: PurchaseOrder, lines: list[dict]) -> list[str]:
    """Make the order's lines `lines` (`po_line` names a line kept, changed or not; a line
    without it is added; a line left out is removed). A line keeps at least what was received
    or invoiced on it, and one with receipts or invoices stays. Answers what changed, one
    sentence per change, as the vendor reads them."""
    current = {line.pk: line for line in order.lines.select_for_update()}
    errors: dict[str, list[str]] = {}
    kept: dict[int, dict] = {}
    for index, data in enumerate(lines):
        pk = data.get("po_line")
        if pk is None:
            continue
        if pk not in current:
            errors[str(index)] = [f"Line {pk} is not a line of {order.number}."]
        elif pk in kept:
            errors[str(index)] = ["This line is listed twice."]
        else:
            kept[pk] = data
            floor = max(current[pk].received_quantity, current[pk].invoiced_quantity)
            if data["quantity"] < floor:
                errors[str(index)] = [f"{_quantity(floor)} already received or invoiced: the quantity cannot be lower."]
    removed = [line for pk, line in current.items() if pk not in kept]
    for line in removed:
        if line.received_quantity or line.invoiced_quantity or line.receipt_lines.exists() or line.invoice_lines.exists():
            errors.setdefault("removed", []).append(
                f"Line {line.position} ({line.description}) has receipts or invoices and cannot be removed."
            )
    if errors:
        raise ApplicationError("validation_error", "Some order lines are invalid.", fields={"lines": errors})

    changes: list[str] = []
    for line in removed:
        changes.append(f"Line {line.position} removed: {line.description}.")
        line.delete()
    position = max((line.position for line in current.values()), default=0)
    for data in lines:
        tax_rate = data.get("tax_rate", ZERO)
        if data.get("po_line") is None:
            position += 1
            PurchaseOrderLine.objects.create(
                purchase_order=order,
                position=position,
                description=data["description"],
                quantity=data["quantity"],
                unit_price=data["unit_price"],
                line_total=line_total(data["quantity"], data["unit_price"]),
                tax_rate=tax_rate,
            )
            changes.append(
                f"Line {position} added: {data['description']}, {_quantity(data['quantity'])} x "
                f"{format_money(data['unit_price'], order.currency)}."
            )
            continue
        line = current[data["po_line"]]
        said = []
        if data["description"] != line.description:
            said.append(f"description now {data['description']!r}")
        if data["quantity"] != line.quantity:
            said.append(f"quantity {_quantity(line.quantity)} -> {_quantity(data['quantity'])}")
        if data["unit_price"] != line.unit_price:
            said.append(
                f"unit price {format_money(line.unit_price, order.currency)} -> {format_money(data['unit_price'], order.currency)}"
            )
        if tax_rate != line.tax_rate:
            said.append(f"tax {line.tax_rate.normalize():f} % -> {tax_rate.normalize():f} %")
        if said:
            changes.append(f"Line {line.position} ({line.description}): {', '.join(said)}.")
            line.description, line.quantity, line.unit_price, line.tax_rate = (
                data["description"],
                data["quantity"],
                data["unit_price"],
                tax_rate,
            )
            line.line_total = line_total(line.quantity, line.unit_price)
            line.save(update_fields=["description", "quantity", "unit_price", "tax_rate", "line_total"])
    return changes


def _refresh_totals(order: PurchaseOrder, request: PurchaseRequest) -> None:
    lines = list(order.lines.all())
    order.total = sum((line.line_total for line in lines), ZERO)
    order.tax_total = sum((tax for _, _, tax in taxes_by_rate(lines)), ZERO)
    order.total_base = convert(order.total, request.exchange_rate or Decimal("1"))
    _tolerance_check(order, request, order.total)


def _apply(order: PurchaseOrder, request: PurchaseRequest, data: dict) -> list[str]:
    """Header fields and lines of `data` onto the order (locked by the caller)."""
    changes: list[str] = []
    if "expected_delivery" in data and data["expected_delivery"] != order.expected_delivery:
        shown = data["expected_delivery"].isoformat() if data["expected_delivery"] else "none"
        changes.append(f"Expected delivery: {shown}.")
    for field in DRAFT_FIELDS:
        if field in data:
            setattr(order, field, data[field])
    if "lines" in data:
        changes += _set_lines(order, data["lines"])
    _refresh_totals(order, request)
    return changes


@transaction.atomic
def purchase_order_create_from_request(
    *,
    request: PurchaseRequest,
    vendor: Vendor,
    actor: User,
    automatic: bool = False,
    issue: bool = True,
    details: dict | None = None,
) -> PurchaseOrder:
    """The order of an approved request, its lines copied from the request: issued at once, or
    (issue False) a draft procurement completes first. `details` sets the draft's fields and
    lines before that. One open order per request (the database holds it); the lock on the
    request gives the loser of a race a clear 409."""
    request = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != PurchaseRequest.Status.APPROVED:
        raise conflict(
            f"Only an approved request can become an order; {request.number} is {request.get_status_display().lower()}."
        )
    if request.closed_at is not None:
        raise conflict(f"{request.number} was closed by procurement: no order follows it.")
    if existing := PurchaseOrder.objects.filter(purchase_request=request).exclude(status=POStatus.CANCELLED).first():
        raise conflict(f"{request.number} already has a purchase order: {existing.number}.", code="purchase_order_exists")
    if not vendor.is_active:
        raise invalid_field("vendor", f"{vendor.name} is inactive.")
    try:
        with transaction.atomic():
            order = PurchaseOrder.objects.create(
                number=next_number("PO"),
                purchase_request=request,
                vendor=vendor,
                currency=request.currency,
                total=request.total,
                total_base=request.base_total,
                status=POStatus.DRAFT,
                created_by=actor,
                expected_delivery=request.needed_by,
                ship_to=settings.COMPANY_ADDRESS,
                payment_terms=vendor.payment_terms,
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
    if details:
        _apply(order, request, details)
        order.save()
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
    if issue:
        _issue(order, request, actor=actor, automatic=automatic, action="purchase_order.create")
    else:
        after = {**_snapshot(order), **({"automatic": True} if automatic else {})}
        audit_record(actor=actor, action="purchase_order.draft", instance=order, after=after)
        logger.info("%s drafted for %s (%s)", order.number, request.number, vendor.name)
    return order


def _issue(order: PurchaseOrder, request: PurchaseRequest, *, actor: User, automatic: bool, action: str) -> None:
    before = _snapshot(order) if action == "purchase_order.issue" else None
    order.status, order.issued_at = POStatus.ISSUED, timezone.now()
    order.save()
    after = {**_snapshot(order), **({"automatic": True} if automatic else {})}
    audit_record(actor=actor, action=action, instance=order, before=before, after=after)
    task_send_on_commit(VENDOR_MAIL_TASK, order.pk)
    how = " automatically on approval" if automatic else ""
    notify(
        users=[request.requester],
        kind=Notification.Kind.PO_ISSUED,
        text=f"{order.number} was issued{how} to {order.vendor.name} for your request {request.number}.",
        instance=order,
        url=f"/purchase-orders/{order.pk}",
        email=True,
        exclude=actor,
    )
    logger.info("%s issued for %s to %s", order.number, request.number, order.vendor.name)


def _locked(order: PurchaseOrder) -> tuple[PurchaseOrder, PurchaseRequest]:
    order = PurchaseOrder.objects.select_for_update().select_related("vendor").get(pk=order.pk)
    request = PurchaseRequest.objects.select_for_update().get(pk=order.purchase_request_id)
    return order, request


@transaction.atomic
def purchase_order_update(*, order: PurchaseOrder, actor: User, data: dict) -> PurchaseOrder:
    """Complete a draft: vendor, lines (prices and quantities within the tolerance), delivery
    date, ship-to, payment terms, incoterms, notes to the vendor."""
    order, request = _locked(order)
    require_status(order, {POStatus.DRAFT}, "edit")
    before = _snapshot(order)
    if (vendor := data.get("vendor")) is not None and vendor.pk != order.vendor_id:
        if not vendor.is_active:
            raise invalid_field("vendor", f"{vendor.name} is inactive.")
        order.vendor = vendor
        request.vendor = vendor
        request.save(update_fields=["vendor", "updated_at"])
    _apply(order, request, data)
    order.save()
    audit_record(actor=actor, action="purchase_order.update", instance=order, before=before, after=_snapshot(order))
    return order


@transaction.atomic
def purchase_order_issue(*, order: PurchaseOrder, actor: User) -> PurchaseOrder:
    order, request = _locked(order)
    require_status(order, {POStatus.DRAFT}, "issue")
    if not order.vendor.is_active:
        raise invalid_field("vendor", f"{order.vendor.name} is inactive: choose another vendor first.")
    _issue(order, request, actor=actor, automatic=False, action="purchase_order.issue")
    return order


@transaction.atomic
def purchase_order_revise(*, order: PurchaseOrder, actor: User, data: dict) -> PurchaseOrderRevision:
    """A change order: the lines (and the expected delivery) of an issued order amended as the
    next revision, within the tolerance of the approved amount; the vendor is sent the change."""
    order, request = _locked(order)
    require_status(order, OPEN_FOR_CHANGE, "amend")
    before, total_before = _snapshot(order), order.total
    changes = _apply(order, request, {key: data[key] for key in ("lines", "expected_delivery") if key in data})
    if not changes:
        raise ApplicationError("nothing_changed", f"The change order would leave {order.number} as it is.")
    order.revision += 1
    lines = list(order.lines.all())
    if all(line.received_quantity == line.quantity for line in lines):
        order.status = POStatus.RECEIVED
    order.save()
    revision = PurchaseOrderRevision.objects.create(
        purchase_order=order,
        revision=order.revision,
        created_by=actor,
        note=data.get("note", ""),
        changes=changes,
        total_before=total_before,
        total_after=order.total,
    )
    audit_record(
        actor=actor,
        action="purchase_order.revise",
        instance=order,
        before=before,
        after={**_snapshot(order), "changes": changes, "note": revision.note},
    )
    task_send_on_commit(VENDOR_MAIL_TASK, order.pk)
    order_changed.send(sender=PurchaseOrder, order_id=order.pk, reason="revised")
    _tell_requester(order, request, actor, f"{order.label} was amended: {' '.join(changes)}")
    logger.info("%s amended (%d changes)", order.label, len(changes))
    return revision


def _release(request: PurchaseRequest, amount: Decimal) -> None:
    """Take `amount` (in the request's currency) of the request off its department's budget."""
    amount = min(amount, request.total - request.released_total)
    request.released_total += amount
    request.released_base = min(
        request.released_base + convert(amount, request.exchange_rate or Decimal("1")), request.base_total
    )


@transaction.atomic
def purchase_order_cancel(*, order: PurchaseOrder, actor: User, reason: str = "", reissue: bool = False) -> PurchaseOrder:
    """Cancel an order nothing was received on: the request goes back to procurement's queue
    to be ordered again (`reissue`, its amount stays committed) or is closed and its amount
    released from the budget. An order with goods received is short-closed instead: what was
    received stays, the open quantities are cancelled and their amount released."""
    order, request = _locked(order)
    require_status(order, {POStatus.DRAFT, *OPEN_FOR_CHANGE}, "cancel")
    before = _snapshot(order)
    lines = list(order.lines.all())
    now = timezone.now()
    received = any(line.received_quantity for line in lines)
    if received and reissue:
        raise invalid_field("reissue", "Goods were received on this order: it is short-closed, not re-issued.")
    order.cancel_reason = reason
    if received:
        open_value = sum((line_total(line.quantity - line.received_quantity, line.unit_price) for line in lines), ZERO)
        order.status, order.short_closed_at = POStatus.CLOSED, now
        _release(request, open_value)
        request.save(update_fields=["released_total", "released_base", "updated_at"])
        what = f"{order.label} was short-closed: what was received stays, {format_money(open_value, order.currency)} still open is cancelled"
    else:
        order.status, order.cancelled_at = POStatus.CANCELLED, now
        if not reissue:
            _close_request(request, actor=actor, reason=reason or f"{order.number} cancelled")
        what = f"{order.label} was cancelled" + (" and will be ordered again" if reissue else "; the request is closed")
    order.save()
    action = "purchase_order.short_close" if received else "purchase_order.cancel"
    audit_record(
        actor=actor,
        action=action,
        instance=order,
        before=before,
        after={**_snapshot(order), "reason": reason, "reissue": reissue},
    )
    task_send_on_commit(VENDOR_MAIL_TASK, order.pk)
    order_changed.send(sender=PurchaseOrder, order_id=order.pk, reason="cancelled")
    _tell_requester(order, request, actor, f"{what}.")
    logger.info("%s %s by %s", order.number, "short-closed" if received else "cancelled", actor.email)
    return order


def _close_request(request: PurchaseRequest, *, actor: User, reason: str) -> None:
    before = {"released_total": str(request.released_total), "closed_at": None}
    _release(request, request.total)
    request.closed_at = timezone.now()
    request.save(update_fields=["released_total", "released_base", "closed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="purchase_request.close",
        instance=request,
        before=before,
        after={"released_total": str(request.released_total), "closed_at": request.closed_at.isoformat(), "reason": reason},
    )


@transaction.atomic
def purchase_request_close(*, request: PurchaseRequest, actor: User, reason: str) -> PurchaseRequest:
    """Procurement closes an approved request that will not be ordered (after its order was
    cancelled, or never issued): its amount is released from the department's budget."""
    request = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != PurchaseRequest.Status.APPROVED or request.closed_at is not None:
        raise conflict(f"Only an approved request waiting for an order can be closed; {request.number} is not.")
    if existing := PurchaseOrder.objects.filter(purchase_request=request).exclude(status=POStatus.CANCELLED).first():
        raise conflict(f"{request.number} has the order {existing.number}: cancel that instead.", code="purchase_order_exists")
    _close_request(request, actor=actor, reason=reason)
    notify(
        users=[request.requester],
        kind=Notification.Kind.PO_CHANGED,
        text=f"Procurement closed your request {request.number} without an order: {reason}"[:300],
        instance=request,
        url=f"/purchase-requests/{request.pk}",
        email=True,
        exclude=actor,
    )
    return request


def _tell_requester(order: PurchaseOrder, request: PurchaseRequest, actor: User, text: str) -> None:
    notify(
        users=[request.requester],
        kind=Notification.Kind.PO_CHANGED,
        text=text[:300],
        instance=order,
        url=f"/purchase-orders/{order.pk}",
        email=True,
        exclude=actor,
    )


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
