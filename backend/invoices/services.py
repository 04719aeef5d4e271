"""Writing accounts payable: entering an invoice (by hand or from a read document), correcting
it, the three-way match and its holds, releasing a hold, approving and cancelling.

Every service that matches locks the purchase-order lines first (ordered by id), then the
invoice: two invoices billing one line are matched one after the other, and the second counts
the first."""

import logging
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from core.exceptions import ApplicationError, conflict
from core.money import MONEY_TOTAL, QUANTITY
from core.services import audit_record
from currencies.selectors import convert, rate_on
from documents.models import Document
from documents.services import document_learn_correction
from notifications.models import Notification
from notifications.services import notify
from purchases.models import PurchaseOrder, PurchaseOrderLine, Vendor
from purchases.services import purchase_order_close
from purchases.services.common import task_send_on_commit
from users.models import Role, User

from . import matching
from .matching import Facts, Finding, Line, Order, OrderLine, Suspect, Tolerances
from .models import (
    INVOICE_MONEY,
    HoldCode,
    HoldOwner,
    HoldStatus,
    Invoice,
    InvoiceCorrection,
    InvoiceHold,
    InvoiceLine,
    MatchPolicy,
)
from .notifications import hold_owners
from .rules import currency_exponent, decimals, due_from_terms, normalize_number

logger = logging.getLogger(__name__)

Status = Invoice.Status
OPEN_STATUSES = [Status.RECEIVED, Status.MATCHED, Status.ON_HOLD]
APPROVED_STATUSES = [Status.APPROVED, Status.SCHEDULED, Status.PAID]
HEADER_FIELDS = [
    "kind",
    "vendor",
    "number",
    "invoice_date",
    "due_date",
    "currency",
    "subtotal",
    "tax",
    "total",
    "payment_terms",
    "purchase_order",
    "credit_for",
]
# The largest values the columns hold (a sum beyond them is capped, a typed one refused).
MAX_QUANTITY = Decimal(10) ** (QUANTITY["max_digits"] - QUANTITY["decimal_places"]) - Decimal("0.001")
MAX_AMOUNT = Decimal(10) ** (INVOICE_MONEY["max_digits"] - INVOICE_MONEY["decimal_places"])
MAX_BASE_TOTAL = Decimal(10) ** (MONEY_TOTAL["max_digits"] - MONEY_TOTAL["decimal_places"])
LINE_FIELDS = ["description", "quantity", "unit_price", "amount", "tax_rate", "po_line"]
AMOUNT_FIELDS = ["subtotal", "tax", "total"]
# Invoice fields whose correction teaches the document reader where the vendor prints them
# (the invoice's name -> the reader's).
LEARNED_FIELDS = {
    "number": "invoice_number",
    "invoice_date": "invoice_date",
    "due_date": "due_date",
    "subtotal": "subtotal",
    "tax": "tax",
    "total": "total",
}


def _invalid(message: str, fields: dict, code: str = "validation_error") -> ApplicationError:
    return ApplicationError(code, message, fields=fields)


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _snapshot(invoice: Invoice) -> dict:
    data = {name: _json(getattr(invoice, name)) for name in HEADER_FIELDS}
    data.update(status=invoice.status, match_status=invoice.match_status)
    data["lines"] = [{name: _json(getattr(line, name)) for name in LINE_FIELDS} for line in invoice.lines.all()]
    return data


# --- Tolerances ----------------------------------------------------------------------------


def tolerances_for(vendor_id: int | None) -> tuple[Tolerances, bool]:
    """The company's tolerances (settings) with the vendor's own overrides, and whether the
    vendor bills services."""
    policy = MatchPolicy.objects.filter(vendor_id=vendor_id).first() if vendor_id else None
    values = {
        "price_percent": settings.INVOICE_PRICE_TOLERANCE_PERCENT,
        "price_amount": settings.INVOICE_PRICE_TOLERANCE_AMOUNT,
        "quantity_units": settings.INVOICE_QUANTITY_TOLERANCE_UNITS,
        "quantity_percent": settings.INVOICE_QUANTITY_TOLERANCE_PERCENT,
        "header_difference": settings.INVOICE_HEADER_DIFFERENCE,
    }
    if policy:
        for name, column in (
            ("price_percent", "price_tolerance_percent"),
            ("price_amount", "price_tolerance_amount"),
            ("quantity_units", "quantity_tolerance_units"),
            ("quantity_percent", "quantity_tolerance_percent"),
        ):
            if getattr(policy, column) is not None:
                values[name] = getattr(policy, column)
    return Tolerances(**{name: Decimal(str(value)) for name, value in values.items()}), bool(policy and policy.services)


# --- Validation of what a person entered ----------------------------------------------------


def _validate(invoice: Invoice, lines: list[dict], *, strict: bool) -> None:
    """The rules that make an entry wrong rather than held: 400 with the fields named. `strict`
    for what a person typed (figures that do not add up are a typing error); what was read
    from a document is checked by the match instead (a hold a person resolves)."""
    errors: dict[str, Any] = {}
    order = invoice.purchase_order
    if invoice.due_date and invoice.invoice_date and invoice.due_date < invoice.invoice_date:
        errors["due_date"] = ["The due date is before the invoice date."]
    if invoice.kind == Invoice.Kind.CREDIT_NOTE:
        credited = invoice.credit_for
        if credited is None:
            errors["credit_for"] = ["A credit note names the invoice it corrects."]
        elif credited.kind != Invoice.Kind.INVOICE or credited.status == Status.CANCELLED:
            errors["credit_for"] = ["A credit note corrects a live invoice (not a credit note, not cancelled)."]
        elif invoice.vendor_id and credited.vendor_id and invoice.vendor_id != credited.vendor_id:
            errors["credit_for"] = ["The credited invoice is from another vendor."]
        elif invoice.total is not None and credited.total is not None:
            others = Invoice.objects.filter(credit_for=credited, kind=Invoice.Kind.CREDIT_NOTE).exclude(
                status=Status.CANCELLED
            ).exclude(pk=invoice.pk).aggregate(total=Sum("total"))["total"] or Decimal("0")
            if invoice.total + others > credited.total:
                errors["total"] = [
                    f"Credits of {invoice.total + others} would exceed the {credited.total} of invoice {credited.number}."
                ]
        if credited is not None and invoice.purchase_order_id != credited.purchase_order_id:
            errors["purchase_order"] = ["A credit note bills the order of the invoice it corrects."]
        elif credited is not None:
            _check_credited_quantities(invoice, credited, lines, errors)
    elif invoice.credit_for_id:
        errors["credit_for"] = ["Only a credit note names an invoice it corrects."]
    if strict and order and invoice.vendor_id and order.vendor_id != invoice.vendor_id:
        errors["purchase_order"] = [f"{order.number} was issued to {order.vendor.name}, not to this vendor."]
    exponent = currency_exponent(invoice.currency)
    for name in AMOUNT_FIELDS:
        value = getattr(invoice, name)
        if value is not None and decimals(value) > exponent:
            errors[name] = [f"{invoice.currency} amounts have {exponent} decimals."]
    figures = (invoice.subtotal, invoice.tax, invoice.total)
    if strict and None not in figures and abs(figures[0] + figures[1] - figures[2]) > matching.TOTALS_EPSILON:  # type: ignore[operator]
        errors["total"] = [f"Subtotal {invoice.subtotal} + tax {invoice.tax} is not the total {invoice.total}."]
    line_errors: dict[int, dict] = {}
    order_line_ids = set(order.lines.values_list("pk", flat=True)) if order else set()
    for index, line in enumerate(lines):
        problems: dict[str, list[str]] = {}
        po_line = line.get("po_line")
        if po_line is not None and po_line.pk not in order_line_ids:
            problems["po_line"] = [
                f"Line {po_line.pk} is not a line of {order.number}."
                if order
                else "A PO line needs the invoice's purchase order."
            ]
        for name in ("unit_price", "amount"):
            value = line.get(name)
            if value is not None and decimals(value) > max(exponent, 2 if name == "unit_price" else exponent):
                problems[name] = [f"{invoice.currency} amounts have {exponent} decimals."]
        quantity, price, amount = line.get("quantity"), line.get("unit_price"), line.get("amount")
        if amount is not None and amount >= MAX_AMOUNT:
            problems["amount"] = [f"An amount must be below {MAX_AMOUNT}."]
        if (
            strict
            and quantity is not None
            and price is not None
            and amount is not None
            and abs(quantity * price - amount) > matching.TOTALS_EPSILON
        ):
            problems["amount"] = [f"{quantity} x {price} is not {amount}."]
        if problems:
            line_errors[index] = problems
    if line_errors:
        errors["lines"] = line_errors
    if errors:
        raise _invalid("Some fields of the invoice are invalid.", errors)


def _check_credited_quantities(invoice: Invoice, credited: Invoice, lines: list[dict], errors: dict) -> None:
    """A credit note gives back at most, line by line, what its invoice billed there (less what
    its other credit notes gave back already)."""
    billed = dict(credited.lines.exclude(po_line=None).values_list("po_line_id").annotate(quantity=Sum("quantity")))
    given = dict(
        InvoiceLine.objects.filter(invoice__credit_for=credited, invoice__kind=Invoice.Kind.CREDIT_NOTE, po_line__isnull=False)
        .exclude(invoice__status=Status.CANCELLED)
        .exclude(invoice_id=invoice.pk)
        .values_list("po_line_id")
        .annotate(quantity=Sum("quantity"))
    )
    asked: dict[int, Decimal] = {}
    for line in lines:
        if line.get("po_line") is not None and line.get("quantity") is not None:
            asked[line["po_line"].pk] = asked.get(line["po_line"].pk, Decimal("0")) + line["quantity"]
    problems = {}
    for po_line_id, quantity in asked.items():
        room = (billed.get(po_line_id) or Decimal("0")) - (given.get(po_line_id) or Decimal("0"))
        if quantity > room:
            problems[str(po_line_id)] = [f"Invoice {credited.number} leaves {room} of this line to credit, not {quantity}."]
    if problems:
        errors["lines"] = problems


def _credit_order(invoice: Invoice) -> PurchaseOrder | None:
    """The order a document bills: its own, or for a credit note the credited invoice's."""
    if invoice.kind == Invoice.Kind.CREDIT_NOTE and invoice.credit_for_id:
        return invoice.credit_for.purchase_order  # type: ignore[union-attr]
    return invoice.purchase_order


def _lock_order_lines(*orders: PurchaseOrder | None) -> None:
    """Lock the orders, then their lines, each in id order: the order purchasing takes them in
    (a goods receipt locks its order, then the lines), so the two never wait on each other."""
    ids = sorted({order.pk for order in orders if order is not None})
    if ids:
        list(PurchaseOrder.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        list(PurchaseOrderLine.objects.select_for_update().filter(purchase_order_id__in=ids).order_by("pk").values("pk"))


def _fill_derived(invoice: Invoice) -> None:
    """The normalised number, a due date from the payment terms, and the base total."""
    vendor_name = invoice.vendor.name if invoice.vendor else ""
    invoice.number_normalized = normalize_number(invoice.number, vendor_name) if invoice.number.strip() else ""
    if not invoice.payment_terms and invoice.vendor_id:
        invoice.payment_terms = invoice.vendor.payment_terms  # type: ignore[union-attr]
    if invoice.due_date is None:
        invoice.due_date = due_from_terms(invoice.invoice_date, invoice.payment_terms)
    invoice.total_base = None
    if invoice.total is not None and invoice.currency:
        rate = rate_on(currency=invoice.currency, day=invoice.invoice_date or timezone.localdate())
        order = _credit_order(invoice)
        if rate is None and order and order.currency == invoice.currency:
            rate = order.purchase_request.exchange_rate
        if rate is not None:
            invoice.total_base = convert(invoice.total, rate)
            if invoice.total_base >= MAX_BASE_TOTAL:
                raise _invalid("The total is too large.", {"total": ["Too large once converted to the base currency."]})


def _refuse_duplicate(invoice: Invoice) -> None:
    if not (invoice.vendor_id and invoice.number_normalized):
        return
    other = (
        Invoice.objects.filter(vendor_id=invoice.vendor_id, kind=invoice.kind, number_normalized=invoice.number_normalized)
        .exclude(status=Status.CANCELLED)
        .exclude(pk=invoice.pk)
        .first()
    )
    if other:
        raise _duplicate(other)


def _duplicate(other: Invoice) -> ApplicationError:
    return ApplicationError(
        "duplicate_invoice",
        f"{other.vendor} already has {other.get_kind_display().lower()} {other.number} (id {other.pk}, "
        f"{other.get_status_display().lower()}).",
        fields={"number": [f"Already entered as invoice {other.pk}."]},
        status_code=409,
    )


def _save_lines(invoice: Invoice, lines: list[dict]) -> None:
    invoice.lines.all().delete()
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, position=index, **{name: line.get(name) for name in LINE_FIELDS if name in line})
        for index, line in enumerate(lines, start=1)
    )


def _complete_line(line: dict, exponent: int) -> dict:
    """A typed line without an amount gets quantity x unit price, rounded the currency's way."""
    if line.get("amount") is None and line.get("quantity") is not None and line.get("unit_price") is not None:
        amount = (line["quantity"] * line["unit_price"]).quantize(Decimal(1).scaleb(-exponent), rounding=ROUND_HALF_UP)
        line = {**line, "amount": amount}
    return line


# --- Entering an invoice ------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() and 0 <= number < MAX_AMOUNT else None


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def prefill_from_document(document: Document) -> tuple[dict, list[dict], dict]:
    """What a read document says, as invoice fields: (header, lines, extracted), where
    `extracted` keeps each value with its confidence. A field not read stays empty."""
    if document.status != Document.Status.COMPLETED:
        raise conflict(
            f"The document is {document.get_status_display().lower()}: an invoice is created from a read document.",
            code="document_not_ready",
        )
    data = document.extracted_data or {}
    confidence = data.get("confidence") or {}
    header: dict[str, Any] = {
        "number": str(data.get("invoice_number") or "")[:60],
        "invoice_date": _day(data.get("invoice_date")),
        "due_date": _day(data.get("due_date")),
        "currency": str(data.get("currency") or "")[:3].upper(),
        "subtotal": _decimal(data.get("subtotal")) if data.get("subtotal") is not None else None,
        "tax": _decimal(data.get("tax")) if data.get("tax") is not None else None,
        "total": _decimal(data.get("total")) if data.get("total") is not None else None,
        "vendor_name_read": str(data.get("vendor_name") or "")[:200],
    }
    order = None
    po_number = str(data.get("po_number") or "").strip()
    if po_number:
        order = PurchaseOrder.objects.filter(number__iexact=po_number).select_related("vendor").first()
    order = order or document.purchase_order
    vendor = Vendor.objects.filter(pk=data["vendor_id"]).first() if isinstance(data.get("vendor_id"), int) else None
    header["purchase_order"] = order
    header["vendor"] = vendor or (order.vendor if order else None)
    items = [item for item in data.get("line_items") or [] if isinstance(item, dict)][:200]
    lines: list[dict[str, Any]] = [
        {
            "description": str(item.get("description") or "")[:500],
            "quantity": _decimal(item.get("quantity")) or None,
            "unit_price": _decimal(item.get("unit_price")),
            "amount": _decimal(item.get("amount")),
        }
        for item in items
    ]
    if order:
        order_lines = [
            matching.OrderLineRef(line.pk, line.description, line.quantity, line.unit_price) for line in order.lines.all()
        ]
        assignment = matching.assign_lines(
            [matching.LineRef(line["description"], line["quantity"], line["unit_price"]) for line in lines], order_lines
        )
        by_id = {line.pk: line for line in order.lines.all()}
        for index, po_line_id in assignment.items():
            lines[index]["po_line"] = by_id[po_line_id]
    extracted = {
        name: {"value": _json(header.get(name)), "confidence": confidence.get(key)}
        for name, key in (
            ("number", "invoice_number"),
            ("invoice_date", "invoice_date"),
            ("due_date", "due_date"),
            ("currency", "currency"),
            ("subtotal", "subtotal"),
            ("tax", "tax"),
            ("total", "total"),
            ("vendor", "vendor_name"),
            ("purchase_order", "po_number"),
        )
    }
    extracted["vendor"]["printed"] = header["vendor_name_read"]
    extracted["lines"] = {
        "value": [{name: _json(line.get(name)) for name in LINE_FIELDS} for line in lines],
        "confidence": confidence.get("line_items"),
    }
    return header, lines, extracted


@transaction.atomic
def invoice_create(*, actor: User, header: dict, lines: list[dict] | None, document: Document | None = None) -> Invoice:
    """Enter an invoice or credit note. From a document: its read values, overridden by any
    field given in `header`/`lines`; by hand: the fields given. Matched at once."""
    extracted: dict = {}
    values: dict[str, Any] = {}
    typed_lines = lines
    if document is not None:
        values, read_lines, extracted = prefill_from_document(document)
        lines = read_lines if lines is None else lines
    values.update(header)
    values.setdefault("kind", Invoice.Kind.INVOICE)
    invoice = Invoice(entered_by=actor, document=document, extracted=extracted, **values)
    if invoice.credit_for_id:
        # Lock the credited invoice: two credit notes, or a cancel, cannot slip past the checks.
        credited = Invoice.objects.select_for_update(of=("self",)).select_related("purchase_order").get(pk=invoice.credit_for_id)
        invoice.credit_for = credited
        if invoice.purchase_order_id is None:
            invoice.purchase_order = credited.purchase_order
    if invoice.vendor_id is None and invoice.credit_for_id:
        invoice.vendor = invoice.credit_for.vendor  # type: ignore[union-attr]
    if invoice.vendor_id is None and invoice.purchase_order_id:
        invoice.vendor = invoice.purchase_order.vendor  # type: ignore[union-attr]
    if not invoice.currency and document is None:  # typed without one: the credited invoice's, or the order's
        source = invoice.credit_for or invoice.purchase_order
        invoice.currency = source.currency if source else ""
    exponent = currency_exponent(invoice.currency)
    # Typed lines get their amounts worked out; read ones keep what the document printed.
    lines = [_complete_line(line, exponent) for line in typed_lines] if typed_lines is not None else (lines or [])
    _lock_order_lines(_credit_order(invoice), invoice.purchase_order)
    _validate(invoice, lines, strict=document is None or bool(set(header) & set(AMOUNT_FIELDS)) or typed_lines is not None)
    _fill_derived(invoice)
    _refuse_duplicate(invoice)
    try:
        with transaction.atomic():
            invoice.save()
    except IntegrityError as error:
        other = (
            Invoice.objects.filter(vendor=invoice.vendor, kind=invoice.kind, number_normalized=invoice.number_normalized)
            .exclude(status=Status.CANCELLED)
            .first()
        )
        if other is None:
            raise
        raise _duplicate(other) from error
    _save_lines(invoice, lines)
    audit_record(actor=actor, action=f"{invoice.kind}.create", instance=invoice, after=_snapshot(invoice))
    _match(invoice, actor=actor)
    if invoice.kind == Invoice.Kind.CREDIT_NOTE and invoice.purchase_order_id:
        task_send_on_commit("invoices.rematch_order", invoice.purchase_order_id)
    logger.info("%s %s entered by %s: %s", invoice.kind, invoice.pk, actor, invoice.status)
    return invoice


@transaction.atomic
def invoice_correct(*, actor: User, invoice: Invoice, header: dict, lines: list[dict] | None) -> Invoice:
    """Correct fields of an invoice not yet approved (audited before/after, each change kept
    as a correction against what was read), then match it again."""
    new_credited = header.get("credit_for")
    old_order = _credit_order(invoice)
    _lock_order_lines(old_order, header.get("purchase_order"), new_credited.purchase_order if new_credited else None)
    invoice = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("vendor", "purchase_order", "credit_for")
        .get(pk=invoice.pk)
    )
    if not invoice.is_open:
        raise conflict(
            f"An invoice that is {invoice.get_status_display().lower()} can no longer be corrected; cancel it and enter it again."
        )
    if _credit_order(invoice) != old_order:
        raise conflict("The invoice changed while it was being corrected; load it again.", code="concurrent_change")
    before = _snapshot(invoice)
    changed: dict[str, tuple[Any, Any]] = {}
    if "vendor" in header and invoice.vendor_name_read:
        # A person named the vendor: the seller's name printed on the document is settled.
        changed["vendor_name_read"] = (invoice.vendor_name_read, "")
        invoice.vendor_name_read = ""
    for name, value in header.items():
        if getattr(invoice, name) != value:
            changed[name] = (getattr(invoice, name), value)
            setattr(invoice, name, value)
    exponent = currency_exponent(invoice.currency)
    if lines is not None:
        lines = [_complete_line(line, exponent) for line in lines]
        old_lines = before["lines"]
        new_lines = [{name: _json(line.get(name)) for name in LINE_FIELDS} for line in lines]
        if old_lines != new_lines:
            changed["lines"] = (old_lines, new_lines)
    current_lines = (
        lines if lines is not None else [{name: getattr(line, name) for name in LINE_FIELDS} for line in invoice.lines.all()]
    )
    if "due_date" not in header and ({"invoice_date", "payment_terms"} & set(changed)):
        old_date, old_terms = before["invoice_date"], before["payment_terms"]
        derived = due_from_terms(date.fromisoformat(old_date) if old_date else None, old_terms)
        if derived is not None and invoice.due_date == derived:
            invoice.due_date = due_from_terms(invoice.invoice_date, invoice.payment_terms)  # it came from the terms
    _validate(invoice, current_lines, strict=bool(set(header) & set(AMOUNT_FIELDS)) or lines is not None)
    if not changed:
        return invoice
    _fill_derived(invoice)
    _refuse_duplicate(invoice)
    invoice.last_corrected_by = actor
    try:
        with transaction.atomic():
            invoice.save()
    except IntegrityError as error:
        raise conflict("Another invoice of this vendor has this number.", code="duplicate_invoice") from error
    if lines is not None and "lines" in changed:
        _save_lines(invoice, lines)
    InvoiceCorrection.objects.bulk_create(
        InvoiceCorrection(
            invoice=invoice,
            document=invoice.document,
            vendor=invoice.vendor,
            field=name,
            extracted_value=(invoice.extracted.get(name) or {}).get("value"),
            previous_value=_json(old) if name != "lines" else old,
            corrected_value=_json(new) if name != "lines" else new,
            corrected_by=actor,
        )
        for name, (old, new) in changed.items()
    )
    audit_record(actor=actor, action="invoice.correct", instance=invoice, before=before, after=_snapshot(invoice))
    if invoice.document is not None and invoice.vendor_id is not None:
        for name, (_old, new) in changed.items():
            if name in LEARNED_FIELDS and new not in (None, ""):
                document_learn_correction(
                    document=invoice.document,
                    vendor_id=invoice.vendor_id,
                    field=LEARNED_FIELDS[name],
                    value=_json(new),
                    actor=actor,
                )
    _match(invoice, actor=actor)
    # What this invoice bills changed: the other invoices of its order(s) are matched again.
    for order in {old_order, _credit_order(invoice)} - {None}:
        if order != _credit_order(invoice):
            _update_order_invoiced(order)
        task_send_on_commit("invoices.rematch_order", order.pk)  # type: ignore[union-attr]
    return invoice


# --- The match ----------------------------------------------------------------------------


def _suspects(invoice: Invoice) -> tuple[Suspect, ...]:
    found: dict[int, Suspect] = {}
    others = Invoice.objects.exclude(status=Status.CANCELLED).exclude(pk=invoice.pk).filter(kind=invoice.kind)
    total = invoice.total
    if invoice.vendor_id and total is not None and invoice.invoice_date:
        window = timedelta(days=settings.INVOICE_DUPLICATE_DAYS)
        for other in others.filter(
            vendor_id=invoice.vendor_id,
            total__gte=total - matching.CENT,
            total__lte=total + matching.CENT,
            invoice_date__range=(invoice.invoice_date - window, invoice.invoice_date + window),
        ).exclude(number_normalized=invoice.number_normalized)[:5]:
            found[other.pk] = Suspect(
                other.pk,
                other.number,
                f"same vendor and total {matching.money(total, other.currency)} {other.currency}, dated {other.invoice_date}",
            )
    if invoice.document_id:
        for other in others.filter(document__sha256=invoice.document.sha256)[:5]:  # type: ignore[union-attr]
            found.setdefault(other.pk, Suspect(other.pk, other.number, "the same file was entered as that invoice"))
    return tuple(found[key] for key in sorted(found))


def _order_facts(invoice: Invoice, order: PurchaseOrder, services: bool) -> Order:
    """The order's lines with what they ordered, received and what other invoices bill so far:
    the non-cancelled invoices entered before this one and every approved one (money already
    decided, whatever its order of entry), less every non-cancelled credit note."""
    live = (
        InvoiceLine.objects.filter(po_line__purchase_order=order)
        .exclude(invoice__status=Status.CANCELLED)
        .exclude(invoice_id=invoice.pk)
    )
    billed = dict(
        live.filter(invoice__kind=Invoice.Kind.INVOICE)
        .filter(Q(invoice_id__lt=invoice.pk) | Q(invoice__status__in=APPROVED_STATUSES))
        .values_list("po_line_id")
        .annotate(quantity=Sum("quantity"))
    )
    credited = dict(
        live.filter(invoice__kind=Invoice.Kind.CREDIT_NOTE).values_list("po_line_id").annotate(quantity=Sum("quantity"))
    )
    lines = {
        line.pk: OrderLine(
            id=line.pk,
            position=line.position,
            description=line.description,
            ordered=line.quantity,
            received=line.received_quantity,
            unit_price=line.unit_price,
            invoiced_before=(billed.get(line.pk) or Decimal("0")) - (credited.get(line.pk) or Decimal("0")),
        )
        for line in order.lines.all()
    }
    return Order(
        id=order.pk,
        number=order.number,
        vendor_id=order.vendor_id,
        vendor_name=order.vendor.name,
        currency=order.currency,
        cancelled=order.status == PurchaseOrder.Status.CANCELLED,
        requester_id=order.purchase_request.requester_id,
        services=services,
        lines=lines,
    )


def _facts(invoice: Invoice, services: bool) -> Facts:
    order = _credit_order(invoice)
    return Facts(
        kind=invoice.kind,
        vendor_id=invoice.vendor_id,
        vendor_name=invoice.vendor.name if invoice.vendor_id else "",  # type: ignore[union-attr]
        vendor_name_read=invoice.vendor_name_read,
        currency=invoice.currency,
        subtotal=invoice.subtotal,
        tax=invoice.tax,
        total=invoice.total,
        lines=tuple(
            Line(line.position, line.description, line.quantity, line.unit_price, line.amount, line.po_line_id)
            for line in invoice.lines.all()
        ),
        order=_order_facts(invoice, order, services) if order else None,
        suspects=_suspects(invoice),
    )


def _suspect_still_live(hold: InvoiceHold) -> bool:
    """Whether an invoice the suspicion names is still live (only its cancel clears the hold by itself)."""
    others = hold.evidence.get("other_invoices") or []
    return Invoice.objects.filter(pk__in=others).exclude(status=Status.CANCELLED).exists()


def _merged(findings: list[Finding]) -> dict[tuple[str, int | None], Finding]:
    """One hold per reason and line: two header findings of one reason read as one sentence."""
    merged: dict[tuple[str, int | None], Finding] = {}
    for finding in findings:
        key = (finding.code, finding.line_position)
        if key in merged:
            first = merged[key]
            finding = Finding(
                first.code,
                first.owner,
                f"{first.detail} {finding.detail}"[:500],
                first.line_position,
                first.owner_user_id,
                {**first.evidence, **finding.evidence},
            )
        merged[key] = finding
    return merged


def _update_order_invoiced(order: PurchaseOrder | None) -> None:
    """Each line's invoiced quantity: non-cancelled invoices less credit notes."""
    if order is None:
        return
    live = InvoiceLine.objects.filter(po_line__purchase_order=order).exclude(invoice__status=Status.CANCELLED)
    sums = dict(
        live.values_list("po_line_id").annotate(
            quantity=Sum("quantity", filter=Q(invoice__kind=Invoice.Kind.INVOICE))
            - Sum("quantity", filter=Q(invoice__kind=Invoice.Kind.CREDIT_NOTE), default=Decimal("0"))
        )
    )
    lines = list(order.lines.all())
    for line in lines:
        line.invoiced_quantity = min(MAX_QUANTITY, max(Decimal("0"), sums.get(line.pk) or Decimal("0")))
    PurchaseOrderLine.objects.bulk_update(lines, ["invoiced_quantity"])


def _match(invoice: Invoice, *, actor: User | None) -> Invoice:
    """Run the match on an open invoice (its order's lines already locked by the caller) and
    apply it: holds opened, kept, or cleared, the status that follows, auto-approval."""
    invoice.refresh_from_db()
    if not invoice.is_open:
        return invoice
    tolerances, services = tolerances_for(invoice.vendor_id)
    result = matching.match(_facts(invoice, services), tolerances)
    wanted = _merged(result.findings)
    now = timezone.now()
    line_ids = {line.position: line.pk for line in invoice.lines.all()}
    opened, cleared = [], []
    holds = list(invoice.holds.all())
    for hold in holds:
        if hold.status != HoldStatus.OPEN:
            continue
        finding = wanted.get((hold.code, hold.line_position))
        if finding is None and hold.code == HoldCode.DUPLICATE_SUSPECT and _suspect_still_live(hold):
            continue  # a correction (a moved date, a changed total) does not clear a suspicion: a person decides
        if finding is None:
            hold.status, hold.released_at, hold.reason = HoldStatus.CLEARED, now, "Cleared by the match: the check passes now."
            hold.save(update_fields=["status", "released_at", "reason"])
            cleared.append(hold.code)
        elif (hold.detail, hold.evidence) != (finding.detail[:500], finding.evidence):
            hold.detail, hold.evidence = finding.detail[:500], finding.evidence
            hold.save(update_fields=["detail", "evidence"])
    for key, finding in wanted.items():
        code, position = key
        if any(hold.code == code and hold.line_position == position and hold.status == HoldStatus.OPEN for hold in holds):
            continue
        # A person released exactly this finding already: it stays released.
        if any(
            hold.code == code
            and hold.line_position == position
            and hold.status == HoldStatus.RELEASED
            and hold.detail == finding.detail
            for hold in holds
        ):
            continue
        hold = InvoiceHold.objects.create(
            invoice=invoice,
            code=code,
            owner_role=finding.owner,
            owner_user_id=finding.owner_user_id,
            line_id=line_ids.get(position) if position else None,
            line_position=position,
            detail=finding.detail[:500],
            evidence=finding.evidence,
        )
        opened.append(code)
        task_send_on_commit("invoices.hold_notify", hold.pk)  # the e-mail
        notify(
            users=hold_owners(hold),
            kind=Notification.Kind.HOLD,
            text=f"Invoice {invoice.number or invoice.pk} from {invoice.vendor or 'an unknown vendor'} is on hold: "
            f"{hold.get_code_display().lower()}.",
            instance=invoice,
            url=f"/invoices/{invoice.pk}",
        )
    still_open = invoice.holds.filter(status=HoldStatus.OPEN).exists()
    before = (invoice.status, invoice.match_status)
    if still_open:
        invoice.status, invoice.match_status = Status.ON_HOLD, Invoice.MatchStatus.ON_HOLD
    elif not result.complete:
        invoice.status, invoice.match_status = Status.RECEIVED, Invoice.MatchStatus.PENDING
    else:
        invoice.status, invoice.match_status = Status.MATCHED, Invoice.MatchStatus.MATCHED
    invoice.match_result = {
        **result.as_json(),
        "tolerances": {k: str(v) for k, v in vars(tolerances).items()},
        "at": now.isoformat(),
    }
    invoice.matched_at = now
    invoice.save(update_fields=["status", "match_status", "match_result", "matched_at", "updated_at"])
    _update_order_invoiced(_credit_order(invoice))
    if opened or cleared or before != (invoice.status, invoice.match_status):
        audit_record(
            actor=actor,
            action="invoice.match",
            instance=invoice,
            before={"status": before[0], "match_status": before[1]},
            after={"status": invoice.status, "match_status": invoice.match_status, "opened": opened, "cleared": cleared},
        )
    if invoice.status == Status.MATCHED and _auto_approvable(invoice):
        _approve(invoice, actor=None, automatic=True)
    return invoice


def _auto_approvable(invoice: Invoice) -> bool:
    """PO-backed (or a no-PO invoice whose hold was released by someone entitled to approve
    it), billing nothing off the order beyond the small-difference threshold (freight, a fee:
    finance approves those), and within the auto-approval limit (none: any amount)."""
    off_order = sum((line.amount or Decimal("0") for line in invoice.lines.all() if line.po_line_id is None), Decimal("0"))
    if invoice.purchase_order_id is not None and off_order > settings.INVOICE_HEADER_DIFFERENCE:
        return False
    backed = (
        invoice.purchase_order_id is not None or invoice.holds.filter(code=HoldCode.NO_PO, status=HoldStatus.RELEASED).exists()
    )
    limit = settings.INVOICE_AUTO_APPROVE_LIMIT
    if limit is None:
        return backed
    return backed and invoice.total_base is not None and invoice.total_base <= limit


def _approve(invoice: Invoice, *, actor: User | None, automatic: bool) -> None:
    invoice.status, invoice.approved_by, invoice.approved_at = Status.APPROVED, actor, timezone.now()
    invoice.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    audit_record(
        actor=actor,
        action="invoice.approve",
        instance=invoice,
        before={"status": Status.MATCHED},
        after={"status": Status.APPROVED, "automatic": automatic, "total_base": _json(invoice.total_base)},
    )


@transaction.atomic
def invoice_rematch(*, invoice_id: int) -> Invoice | None:
    invoice = Invoice.objects.select_related("credit_for").filter(pk=invoice_id).first()
    if invoice is None:
        return None
    _lock_order_lines(_credit_order(invoice))
    invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
    return _match(invoice, actor=None)


def invoices_rematch_for_order(*, order_id: int) -> dict:
    """Match again every open invoice on an order (a receipt, a cancel or a credit note changed
    what they are compared with), oldest first, each in its own transaction."""
    ids = list(
        Invoice.objects.filter(
            Q(purchase_order_id=order_id) | Q(credit_for__purchase_order_id=order_id), status__in=OPEN_STATUSES
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    statuses: dict[str, int] = {}
    for invoice_id in ids:
        try:
            invoice = invoice_rematch(invoice_id=invoice_id)
        except Exception:  # one invoice that cannot be matched must not stop the others
            logger.exception("re-match of invoice %s (order %s) failed", invoice_id, order_id)
            statuses["failed"] = statuses.get("failed", 0) + 1
            continue
        if invoice is not None:
            statuses[invoice.status] = statuses.get(invoice.status, 0) + 1
    logger.info("re-matched %d invoices of order %s: %s", len(ids), order_id, statuses)
    return statuses


# --- People acting on invoices -----------------------------------------------------------


def may_release(*, user: User, hold: InvoiceHold) -> bool:
    if user.is_admin:
        return True
    if hold.owner_role == HoldOwner.PROCUREMENT:
        return user.role == Role.PROCUREMENT
    if hold.owner_role == HoldOwner.REQUESTER:
        return user.role == Role.PROCUREMENT or hold.owner_user_id == user.pk
    return user.role == Role.FINANCE


def _four_eyes(invoice: Invoice, actor: User, what: str) -> None:
    if actor.pk in (invoice.entered_by_id, invoice.last_corrected_by_id):
        raise ApplicationError(
            "four_eyes",
            f"You entered or last corrected this invoice: someone else must {what}.",
            status_code=403,
        )


def hold_release_check(*, actor: User, invoice: Invoice, hold: InvoiceHold) -> None:
    """403 unless `actor` may release `hold`: its owner's role, never whoever entered or last
    corrected the invoice, and for a no-PO invoice an approval limit that covers its total."""
    if not may_release(user=actor, hold=hold):
        raise ApplicationError(
            "permission_denied", f"A {hold.get_code_display().lower()} hold is released by {hold.owner_role}.", status_code=403
        )
    _four_eyes(invoice, actor, "release its holds")
    if (
        hold.code == HoldCode.NO_PO
        and not actor.is_admin
        and (invoice.total_base is None or actor.approval_limit < invoice.total_base)
    ):
        raise ApplicationError(
            "approval_limit_exceeded",
            "An invoice without a purchase order is approved by someone whose approval limit covers its total.",
            status_code=403,
        )


@transaction.atomic
def invoice_hold_release(*, actor: User, invoice: Invoice, hold_id: int, reason: str) -> Invoice:
    _lock_order_lines(_credit_order(invoice))
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    hold = InvoiceHold.objects.filter(invoice=invoice, pk=hold_id).first()
    if hold is None:
        raise ApplicationError("not_found", "No such hold on this invoice.", status_code=404)
    hold_release_check(actor=actor, invoice=invoice, hold=hold)
    if hold.status != HoldStatus.OPEN:
        raise conflict(f"This hold is already {hold.get_status_display().lower()}.")
    if not reason.strip():
        raise _invalid("A reason is required to release a hold.", {"reason": ["Say why the invoice may be paid anyway."]})
    hold.status, hold.released_by, hold.released_at, hold.reason = HoldStatus.RELEASED, actor, timezone.now(), reason.strip()
    hold.save(update_fields=["status", "released_by", "released_at", "reason"])
    audit_record(
        actor=actor,
        action="invoice_hold.release",
        instance=invoice,
        before={"hold": hold.pk, "code": hold.code, "status": HoldStatus.OPEN},
        after={"hold": hold.pk, "code": hold.code, "status": HoldStatus.RELEASED, "reason": hold.reason, "detail": hold.detail},
    )
    return _match(invoice, actor=actor)


def invoice_approve(*, actor: User, invoice: Invoice) -> Invoice:
    """Approve a matched invoice. It is matched once more first, in a transaction of its own
    (what it was compared with may have changed since: a cancelled credit note, a receipt), so a
    refusal keeps the new holds; then approved under the locks if it still matches."""
    _four_eyes(invoice, actor, "approve it")
    invoice_rematch(invoice_id=invoice.pk)
    with transaction.atomic():
        _lock_order_lines(_credit_order(invoice))
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status == Status.MATCHED:
            invoice = _match(invoice, actor=actor)
        if invoice.status == Status.APPROVED and invoice.approved_by_id is None:
            return invoice  # the match approved it by itself (within the auto-approval limit)
        if invoice.status != Status.MATCHED:
            raise conflict(
                f"Only a matched invoice can be approved; this one is {invoice.get_status_display().lower()}"
                + (" (release or clear its holds first)." if invoice.status == Status.ON_HOLD else ".")
            )
        _approve(invoice, actor=actor, automatic=False)
        return invoice


@transaction.atomic
def invoice_cancel(*, actor: User, invoice: Invoice, reason: str = "") -> Invoice:
    order = _credit_order(invoice)
    _lock_order_lines(order)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status not in [*OPEN_STATUSES, Status.APPROVED]:
        raise conflict(f"An invoice that is {invoice.get_status_display().lower()} can no longer be cancelled.")
    if invoice.kind == Invoice.Kind.INVOICE and invoice.credit_notes.exclude(status=Status.CANCELLED).exists():
        raise conflict("Cancel the credit notes of this invoice first.")
    before = _snapshot(invoice)
    invoice.status, invoice.cancelled_at = Status.CANCELLED, timezone.now()
    invoice.save(update_fields=["status", "cancelled_at", "updated_at"])
    if invoice.kind == Invoice.Kind.CREDIT_NOTE:
        _refuse_uncovered_approvals(order)
    invoice.holds.filter(status=HoldStatus.OPEN).update(
        status=HoldStatus.CLEARED, released_at=invoice.cancelled_at, reason="The invoice was cancelled."
    )
    audit_record(
        actor=actor,
        action="invoice.cancel",
        instance=invoice,
        before=before,
        after={**before, "status": invoice.status, "reason": reason},
    )
    _update_order_invoiced(order)
    if order:
        task_send_on_commit("invoices.rematch_order", order.pk)
    return invoice


def _refuse_uncovered_approvals(order: PurchaseOrder | None) -> None:
    """Without a cancelled credit note, approved invoices must still fit what was received."""
    if order is None:
        return
    _, services = tolerances_for(order.vendor_id)
    live = InvoiceLine.objects.filter(po_line__purchase_order=order).exclude(invoice__status=Status.CANCELLED)
    approved = Q(invoice__kind=Invoice.Kind.INVOICE, invoice__status__in=APPROVED_STATUSES)
    net = dict(
        live.values_list("po_line_id").annotate(
            quantity=Sum("quantity", filter=approved, default=Decimal("0"))
            - Sum("quantity", filter=Q(invoice__kind=Invoice.Kind.CREDIT_NOTE), default=Decimal("0"))
        )
    )
    for line in order.lines.all():
        limit = line.quantity if services else line.received_quantity
        if (net.get(line.pk) or 0) > limit:
            raise conflict(
                f"Approved invoices bill more of line {line.position} of {order.number} than was "
                f"{'ordered' if services else 'received'} once this credit note is gone: it cannot be cancelled.",
            )


# --- Paying (the payments app schedules approved invoices in a run and pays them) -------------


def _lock_in_status(invoice_ids: list[int], status: str, what: str) -> list[Invoice]:
    invoices = list(Invoice.objects.select_for_update().filter(pk__in=invoice_ids).order_by("pk"))
    wrong = [invoice for invoice in invoices if invoice.status != status]
    if wrong or len(invoices) != len(set(invoice_ids)):
        named = ", ".join(f"{invoice.number or invoice.pk} ({invoice.get_status_display().lower()})" for invoice in wrong)
        raise conflict(f"Only {status.lower()} invoices can be {what}: {named or 'some no longer exist'}.")
    return invoices


def _set_status(invoices: list[Invoice], *, actor: User | None, status: str, action: str, extra: dict | None = None) -> None:
    extra = extra or {}
    now = timezone.now()
    for invoice in invoices:
        before = {"status": invoice.status}
        invoice.status, invoice.updated_at = status, now
        for name, value in extra.items():
            setattr(invoice, name, value)
        audit_record(
            actor=actor,
            action=action,
            instance=invoice,
            before=before,
            after={"status": status, **{name: _json(value) for name, value in extra.items()}},
        )
    Invoice.objects.bulk_update(invoices, ["status", "updated_at", *extra])


def invoices_schedule(*, actor: User, invoice_ids: list[int], run: str) -> None:
    """APPROVED -> SCHEDULED: the invoices are in payment run `run` (inside its transaction)."""
    invoices = _lock_in_status(invoice_ids, Status.APPROVED, "scheduled for payment")
    _set_status(invoices, actor=actor, status=Status.SCHEDULED, action="invoice.schedule")
    logger.info("%d invoices scheduled in %s", len(invoices), run)


def invoices_unschedule(*, actor: User, invoice_ids: list[int], run: str) -> None:
    """SCHEDULED -> APPROVED: removed from run `run`, or the run was cancelled."""
    invoices = _lock_in_status(invoice_ids, Status.SCHEDULED, "taken out of a payment run")
    _set_status(invoices, actor=actor, status=Status.APPROVED, action="invoice.unschedule")
    logger.info("%d invoices taken out of %s", len(invoices), run)


def invoices_mark_paid(*, actor: User | None, invoice_ids: list[int], paid_on: date, reference: str) -> list[int]:
    """SCHEDULED -> PAID, with the day and the payment's reference; then each order whose
    invoices are all paid closes if it is fully received and invoiced. Answers the closed orders."""
    invoices = _lock_in_status(invoice_ids, Status.SCHEDULED, "marked paid")
    _set_status(
        invoices,
        actor=actor,
        status=Status.PAID,
        action="invoice.pay",
        extra={"paid_on": paid_on, "payment_reference": reference[:140]},
    )
    closed = []
    for order_id in sorted({invoice.purchase_order_id for invoice in invoices if invoice.purchase_order_id}):
        unpaid = Invoice.objects.filter(purchase_order_id=order_id, kind=Invoice.Kind.INVOICE).exclude(
            status__in=[Status.PAID, Status.CANCELLED]
        )
        if not unpaid.exists() and purchase_order_close(order_id=order_id, actor=actor):
            closed.append(order_id)
    return closed
