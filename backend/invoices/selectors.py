"""Reads of accounts payable, with their visibility rule: procurement, finance and admins see
every invoice; anyone else sees the invoices billing an order they may see (their own
requests', or those they approved). Whatever a user may not see answers 404."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, ExpressionWrapper, F, Min, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.models import AuditEvent
from core.money import MONEY_TOTAL
from purchases.models import PurchaseOrder, PurchaseOrderLine
from purchases.selectors import purchase_order_visible, purchase_request_followers, sees_all_purchasing
from users.models import Role, User

from .models import HoldOwner, HoldStatus, Invoice, InvoiceHold, InvoiceLine

ZERO = Value(Decimal("0"), output_field=DecimalField(**MONEY_TOTAL))


def invoice_visible(*, user: User) -> QuerySet[Invoice]:
    qs = Invoice.objects.all()
    if sees_all_purchasing(user):
        return qs
    return qs.filter(purchase_order__in=purchase_order_visible(user=user))


def invoice_list(*, user: User, filters: dict) -> QuerySet[Invoice]:
    qs = (
        invoice_visible(user=user)
        .select_related("vendor", "purchase_order")
        .annotate(open_holds=Count("holds", filter=Q(holds__status=HoldStatus.OPEN)))
    )
    for name in ("status", "match_status", "kind", "vendor", "purchase_order"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("due_by"):
        qs = qs.filter(due_date__lte=filters["due_by"])
    if search := filters.get("search"):
        qs = qs.filter(
            Q(number__icontains=search) | Q(vendor__name__icontains=search) | Q(purchase_order__number__icontains=search)
        )
    return qs.order_by(filters.get("ordering") or "-created_at", "-id")


def invoice_get(*, user: User, pk: int) -> Invoice:
    qs = (
        invoice_visible(user=user)
        .select_related(
            "vendor",
            "purchase_order",
            "purchase_order__purchase_request",
            "credit_for",
            "document",
            "entered_by",
            "last_corrected_by",
            "approved_by",
        )
        .prefetch_related(
            # Each line with its PO line (ordered, received and invoiced quantities).
            Prefetch("lines", queryset=InvoiceLine.objects.select_related("po_line").order_by("position")),
            Prefetch("holds", queryset=InvoiceHold.objects.select_related("released_by", "owner_user")),
        )
    )
    return get_object_or_404(qs, pk=pk)


def holds_for(*, user: User) -> Q:
    """The open holds a user's role owns: procurement the price holds (and the receipt holds
    after their requester), finance the rest, a requester the receipts they are waiting on."""
    if user.is_admin:
        return Q()
    if user.role == Role.PROCUREMENT:
        return Q(owner_role__in=[HoldOwner.PROCUREMENT, HoldOwner.REQUESTER])
    if user.role == Role.FINANCE:
        return Q(owner_role=HoldOwner.FINANCE)
    return Q(owner_role=HoldOwner.REQUESTER, owner_user=user)


def match_exceptions(*, user: User, filters: dict) -> QuerySet[InvoiceHold]:
    """The open holds waiting on the caller, oldest first."""
    qs = (
        InvoiceHold.objects.filter(holds_for(user=user), status=HoldStatus.OPEN, invoice__in=invoice_visible(user=user))
        .select_related("invoice__vendor", "invoice__purchase_order", "owner_user")
        .order_by("created_at", "pk")
    )
    if filters.get("code"):
        qs = qs.filter(code=filters["code"])
    if filters.get("vendor"):
        qs = qs.filter(invoice__vendor=filters["vendor"])
    return qs


def invoice_history(*, invoice: Invoice) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(object_type="invoices.invoice", object_id=str(invoice.pk))
        .select_related("actor")
        .order_by("created_at", "pk")
    )


# --- Reports ------------------------------------------------------------------------------


def payables_report(*, group_by: str, date_from: date | None, date_to: date | None) -> list[dict]:
    """Per department or vendor, in the base currency: committed (issued POs), received (the
    value of the goods received), invoiced (live invoices less credit notes) and paid."""
    key = {"department": "purchase_request__department__name", "vendor": "vendor__name"}[group_by]
    orders = PurchaseOrder.objects.exclude(status=PurchaseOrder.Status.CANCELLED)
    if date_from:
        orders = orders.filter(issued_at__date__gte=date_from)
    if date_to:
        orders = orders.filter(issued_at__date__lte=date_to)
    rows: dict[str, dict] = {}

    def row(name: str | None) -> dict:
        name = name or "(none)"
        return rows.setdefault(
            name,
            {"name": name, "committed": Decimal("0"), "received": Decimal("0"), "invoiced": Decimal("0"), "paid": Decimal("0")},
        )

    for name, total in orders.values_list(key).annotate(total=Sum("total_base")):
        row(name)["committed"] += total or 0
    lines = PurchaseOrderLine.objects.filter(purchase_order__in=orders)
    line_key = f"purchase_order__{key}"
    received_value = F("received_quantity") * F("unit_price") * F("purchase_order__purchase_request__exchange_rate")
    for name, value in lines.values_list(line_key).annotate(value=Sum(received_value, output_field=DecimalField(**MONEY_TOTAL))):
        row(name)["received"] += value or 0
    # Invoiced and paid net of tax, at the order's rate, like committed and received.
    invoices = Invoice.objects.filter(purchase_order__in=orders).exclude(status=Invoice.Status.CANCELLED)
    net = ExpressionWrapper(
        (F("total") - Coalesce(F("tax"), ZERO)) * F("purchase_order__purchase_request__exchange_rate"),
        output_field=DecimalField(**MONEY_TOTAL),
    )
    is_invoice, is_credit = Q(kind=Invoice.Kind.INVOICE), Q(kind=Invoice.Kind.CREDIT_NOTE)
    for name, value, paid in invoices.values_list(line_key).annotate(
        value=Sum(net, filter=is_invoice, default=ZERO) - Sum(net, filter=is_credit, default=ZERO),
        paid=Sum(net, filter=is_invoice & Q(status=Invoice.Status.PAID), default=ZERO),
    ):
        row(name)["invoiced"] += value or 0
        row(name)["paid"] += paid or 0
    cent = Decimal("0.01")
    return [
        {**values, **{k: values[k].quantize(cent) for k in ("committed", "received", "invoiced", "paid")}}
        for _, values in sorted(rows.items())
    ]


def received_not_invoiced() -> QuerySet[PurchaseOrderLine]:
    """The accrual list: PO lines with more received than invoiced, oldest receipt first."""
    return (
        PurchaseOrderLine.objects.filter(received_quantity__gt=F("invoiced_quantity"))
        .exclude(purchase_order__status=PurchaseOrder.Status.CANCELLED)
        .select_related("purchase_order__vendor", "purchase_order__purchase_request__department")
        .annotate(
            not_invoiced_quantity=F("received_quantity") - F("invoiced_quantity"),
            not_invoiced_amount=ExpressionWrapper(
                (F("received_quantity") - F("invoiced_quantity")) * F("unit_price"), output_field=DecimalField(**MONEY_TOTAL)
            ),
            first_received_at=Min("receipt_lines__goods_receipt__received_at"),
        )
        .order_by("first_received_at", "pk")
    )


def holds_report() -> list[dict]:
    """Open holds by reason and age (0-7, 8-30, over 30 days), with the base-currency amount of
    the invoices they stop."""
    now = timezone.now()
    age = Case(
        When(created_at__gt=now - timedelta(days=8), then=Value("0-7 days")),
        When(created_at__gt=now - timedelta(days=31), then=Value("8-30 days")),
        default=Value("over 30 days"),
    )
    labels = dict(InvoiceHold.Code.choices)
    groups: dict[tuple[str, str], dict] = {}
    holds = InvoiceHold.objects.filter(status=HoldStatus.OPEN).annotate(age=age)
    for code, bucket, invoice_id, amount in holds.values_list("code", "age", "invoice_id", "invoice__total_base"):
        group = groups.setdefault((code, bucket), {"count": 0, "invoices": {}})
        group["count"] += 1
        group["invoices"][invoice_id] = amount or Decimal("0")  # an invoice held twice counts once
    return [
        {"code": code, "age": bucket, "reason": labels[code], "count": group["count"], "amount": sum(group["invoices"].values())}
        for (code, bucket), group in sorted(groups.items())
    ]


def invoice_followers(*, invoice: Invoice) -> list[User]:
    """Who hears about an invoice's discussion: who entered, corrected and approved it, and the
    followers of the request its order came from."""
    people = [user for user in (invoice.entered_by, invoice.last_corrected_by, invoice.approved_by) if user]
    order = invoice.purchase_order
    if order is not None:
        people += purchase_request_followers(request=order.purchase_request)
    return people


def invoice_may_see(*, user: User, invoice: Invoice) -> bool:
    return invoice_visible(user=user).filter(pk=invoice.pk).exists()
