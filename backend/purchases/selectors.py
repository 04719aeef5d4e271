"""Every read of purchasing data, with its row-level visibility rule:
requesters see their own requests and the orders made from them; approvers also see the
requests they are or were an approver on, or that a delegate decides for them (and their orders); procurement, finance and admins
see everything. Whatever a user may not see answers 404."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, DecimalField, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from core.db import read_replica
from core.exceptions import ApplicationError
from core.models import AuditEvent
from core.search import matches_text
from currencies.selectors import to_base
from users.models import Role, User

from .filters import PurchaseOrderFilter, PurchaseRequestFilter, VendorFilter
from .models import (
    ApprovalStep,
    Delegation,
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderRevision,
    PurchaseRequest,
    Vendor,
)
from .routing import amount_text, approval_route, limit_checks

SEES_ALL_ROLES = {Role.PROCUREMENT, Role.FINANCE, Role.ADMIN}


def sees_all_purchasing(user: User) -> bool:
    return user.is_admin or user.role in SEES_ALL_ROLES


def purchase_request_visible(*, user: User) -> QuerySet[PurchaseRequest]:
    qs = PurchaseRequest.objects.all()
    if sees_all_purchasing(user):
        return qs
    approver_on = ApprovalStep.objects.filter(Q(approver=user) | Q(on_behalf_of=user), purchase_request=OuterRef("pk"))
    return qs.filter(Q(requester=user) | Q(Exists(approver_on)))


def may_receive_goods(*, user: User, order: PurchaseOrder) -> bool:
    """Procurement, admins and the requester (who often takes delivery) record receipts."""
    return user.is_admin or user.role == Role.PROCUREMENT or order.purchase_request.requester_id == user.pk


def purchase_order_visible(*, user: User) -> QuerySet[PurchaseOrder]:
    qs = PurchaseOrder.objects.all()
    if sees_all_purchasing(user):
        return qs
    approver_on = ApprovalStep.objects.filter(
        Q(approver=user) | Q(on_behalf_of=user), purchase_request=OuterRef("purchase_request")
    )
    return qs.filter(Q(purchase_request__requester=user) | Q(Exists(approver_on)))


def _apply(filterset_class, data, queryset):
    filterset = filterset_class(data or {}, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def purchase_request_list(*, user: User, filters: dict | None = None) -> QuerySet[PurchaseRequest]:
    # The current approver comes from one extra query for the page, not a subquery per row
    # (which PostgreSQL evaluates for every matching row before sorting).
    pending = ApprovalStep.objects.filter(status=ApprovalStep.Status.PENDING).select_related("approver")
    # The page's open orders with how much of them (by value) was received and invoiced: one
    # more query for the page.
    value = F("lines__unit_price")
    orders = (
        PurchaseOrder.objects.using(read_replica())
        .exclude(status=PurchaseOrder.Status.CANCELLED)
        .annotate(
            received_value=Sum(F("lines__received_quantity") * value),
            invoiced_value=Sum(F("lines__invoiced_quantity") * value),
        )
    )
    qs = (
        purchase_request_visible(user=user)
        .using(read_replica())
        .select_related("requester", "department", "vendor")
        .prefetch_related(
            Prefetch("approval_steps", queryset=pending, to_attr="pending_steps"),
            Prefetch("purchase_orders", queryset=orders, to_attr="open_orders"),
        )
    )
    return _apply(PurchaseRequestFilter, filters, qs)


def purchase_request_get(*, user: User, pk: int) -> PurchaseRequest:
    qs = (
        purchase_request_visible(user=user)
        .select_related("requester", "department", "vendor")
        .prefetch_related(
            "items",
            Prefetch("approval_steps", queryset=ApprovalStep.objects.select_related("approver", "on_behalf_of")),
            Prefetch("purchase_orders", queryset=PurchaseOrder.objects.order_by("-id"), to_attr="orders"),
            Prefetch("purchase_orders__goods_receipts", queryset=_receipts()),
        )
    )
    return get_object_or_404(qs, pk=pk)


def _receipts() -> QuerySet[GoodsReceipt]:
    """Receipts and returns, newest first, with who recorded them and their lines."""
    lines = GoodsReceiptLine.objects.select_related("po_line").order_by("po_line__position")
    return GoodsReceipt.objects.select_related("received_by").prefetch_related(Prefetch("lines", queryset=lines))


INBOX_ORDERINGS = {
    "age": ["purchase_request__submitted_at"],  # oldest first
    "-age": ["-purchase_request__submitted_at"],
    "amount": ["purchase_request__total_base"],
    "-amount": ["-purchase_request__total_base"],
    "requester": ["purchase_request__requester__email", "purchase_request__submitted_at"],
}


def approval_inbox(*, user: User, filters: dict | None = None) -> QuerySet[ApprovalStep]:
    """The steps waiting on this user, oldest request first."""
    qs = ApprovalStep.objects.filter(approver=user, status=ApprovalStep.Status.PENDING).select_related(
        "purchase_request__requester", "purchase_request__department", "purchase_request__vendor"
    )
    filters = filters or {}
    if search := filters.get("search"):
        qs = qs.filter(matches_text("purchase_request__number", search) | matches_text("purchase_request__title", search))
    if department := filters.get("department"):
        qs = qs.filter(purchase_request__department_id=department)
    return qs.order_by(*INBOX_ORDERINGS[filters.get("ordering") or "age"], "pk")


def purchase_order_list(*, user: User, filters: dict | None = None) -> QuerySet[PurchaseOrder]:
    qs = (
        purchase_order_visible(user=user)
        .using(read_replica())
        .select_related("vendor", "purchase_request", "purchase_request__requester")
    )
    return _apply(PurchaseOrderFilter, filters, qs)


def purchase_order_get(*, user: User, pk: int) -> PurchaseOrder:
    qs = (
        purchase_order_visible(user=user)
        .select_related("vendor", "purchase_request", "purchase_request__requester", "created_by")
        .prefetch_related(
            Prefetch("lines", queryset=PurchaseOrderLine.objects.order_by("position")),
            Prefetch("revisions", queryset=PurchaseOrderRevision.objects.select_related("created_by")),
            Prefetch("goods_receipts", queryset=_receipts()),
        )
    )
    return get_object_or_404(qs, pk=pk)


def procurement_queue(*, today) -> dict[str, list]:
    """Procurement's work: approved requests waiting for an order (none issued, a draft to
    complete, or the last one cancelled), oldest approval first, each with why; and issued
    orders past their expected delivery, most overdue first."""
    open_order = PurchaseOrder.objects.filter(purchase_request=OuterRef("pk")).exclude(status=PurchaseOrder.Status.CANCELLED)
    draft = open_order.filter(status=PurchaseOrder.Status.DRAFT)
    cancelled = PurchaseOrder.objects.filter(purchase_request=OuterRef("pk"), status=PurchaseOrder.Status.CANCELLED)
    waiting = (
        PurchaseRequest.objects.using(read_replica())
        .filter(status=RequestStatus.APPROVED, closed_at__isnull=True)
        .filter(~Exists(open_order) | Exists(draft))
        .annotate(
            has_draft=Exists(draft),
            was_cancelled=Exists(cancelled),
            draft_id=Min("purchase_orders__id", filter=Q(purchase_orders__status=PurchaseOrder.Status.DRAFT)),
        )
        .select_related("requester", "department", "vendor")
        .order_by("decided_at", "id")
    )
    late = (
        PurchaseOrder.objects.using(read_replica())
        .filter(status__in=[PurchaseOrder.Status.ISSUED, PurchaseOrder.Status.PARTIALLY_RECEIVED], expected_delivery__lt=today)
        .select_related("vendor", "purchase_request__requester")
        .order_by("expected_delivery", "id")
    )
    return {"requests": list(waiting[:500]), "late_orders": list(late[:500])}


def queue_reason(request: PurchaseRequest) -> str:
    """Why an approved request waits in procurement's queue (see procurement_queue)."""
    if request.has_draft:  # type: ignore[attr-defined]
        return "draft"
    if request.was_cancelled:  # type: ignore[attr-defined]
        return "po_cancelled"
    if request.vendor is None:
        return "no_vendor"
    return "vendor_inactive" if not request.vendor.is_active else "not_issued"


def vendor_list(*, filters: dict | None = None) -> QuerySet[Vendor]:
    """The vendor master is visible to every signed-in user (requesters pick vendors)."""
    return _apply(VendorFilter, filters, Vendor.objects.using(read_replica()))


def purchase_request_history(*, user: User, pk: int) -> QuerySet[AuditEvent]:
    """The audit trail of one request (and of its order), for whoever may see the request."""
    request = get_object_or_404(purchase_request_visible(user=user), pk=pk)
    order_ids = list(PurchaseOrder.objects.filter(purchase_request=request).values_list("pk", flat=True))
    condition = Q(object_type="purchases.purchaserequest", object_id=str(request.pk))
    if order_ids:
        condition |= Q(object_type="purchases.purchaseorder", object_id__in=[str(pk) for pk in order_ids])
    return AuditEvent.objects.filter(condition).select_related("actor").order_by("created_at", "id")


# --- Committed spend -------------------------------------------------------------------------
# The one definition of what counts against a department's budget, used by the submit check
# (services) and by the budgets of the reports and the dashboard.

RequestStatus = PurchaseRequest.Status
# Requests that count against a department's budget: waiting for approval or approved.
COMMITTED_STATUSES = [RequestStatus.PENDING_APPROVAL, RequestStatus.APPROVED]
ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))
# What a request commits: its total less what was released (closed without an order, or the
# open part of a short-closed order).
COMMITTED_TOTAL = F("total") - F("released_total")
COMMITTED_BASE = F("total_base") - F("released_base")
SPEND_GROUPS = {
    "department": ("department__code", "department__name"),
    "vendor": ("vendor__name",),
    "month": ("month",),
}


def fiscal_year_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """The fiscal year containing `moment`, starting on FISCAL_YEAR_START_MONTH (1 = January)."""
    start_month = settings.FISCAL_YEAR_START_MONTH
    local = timezone.localtime(moment)
    year = local.year if local.month >= start_month else local.year - 1
    tz = timezone.get_current_timezone()
    return datetime(year, start_month, 1, tzinfo=tz), datetime(year + 1, start_month, 1, tzinfo=tz)


def committed_requests(
    queryset: QuerySet[PurchaseRequest] | None = None, *, start: datetime, end: datetime
) -> QuerySet[PurchaseRequest]:
    """Requests that count as spend: approved or waiting for approval, submitted in [start, end)
    (of `queryset`, all requests by default)."""
    queryset = PurchaseRequest.objects.all() if queryset is None else queryset
    return queryset.filter(status__in=COMMITTED_STATUSES, submitted_at__gte=start, submitted_at__lt=end)


def department_committed(*, department_id: int, moment: datetime) -> Decimal:
    """The committed spend of one department in the fiscal year of `moment`. Reads the primary
    database: the submit check runs it inside its transaction, under the department's lock."""
    start, end = fiscal_year_bounds(moment)
    queryset = committed_requests(start=start, end=end).filter(department_id=department_id)
    total = queryset.aggregate(total=Sum(COMMITTED_BASE))["total"] or Decimal("0")
    return total.quantize(Decimal("0.01"))  # SQLite's SUM drops the scale


def department_committed_totals(*, moment: datetime, department_ids=None) -> dict[int, Decimal]:
    """Committed spend per department id in the fiscal year of `moment` (departments without
    any are left out), optionally only of `department_ids`."""
    start, end = fiscal_year_bounds(moment)
    queryset = committed_requests(PurchaseRequest.objects.using(read_replica()), start=start, end=end)
    if department_ids is not None:
        queryset = queryset.filter(department_id__in=department_ids)
    rows = queryset.values("department_id").annotate(committed=Sum(COMMITTED_BASE)).order_by()
    return {row["department_id"]: row["committed"] for row in rows}


def _requests_for(user: User | None) -> QuerySet[PurchaseRequest]:
    """The requests `user` may see; every request for the system (user None)."""
    queryset = PurchaseRequest.objects.all() if user is None else purchase_request_visible(user=user)
    return queryset.using(read_replica())


def committed_spend(
    *, user: User | None, start: datetime, end: datetime, group_by: str, department: int | None = None
) -> list[dict]:
    """Committed spend submitted in [start, end) over the requests `user` may see (all for user
    None), grouped by department (`department__code`, `department__name`), vendor
    (`vendor__name`) or month (`month`, the first moment of it), and by `currency`; each row
    has `request_count`, `approved_total` and `pending_total` (Decimals, in `currency`) and
    `approved_base` and `pending_base` (in the base currency)."""
    queryset = committed_requests(_requests_for(user), start=start, end=end)
    if department:
        queryset = queryset.filter(department_id=department)
    if group_by == "month":
        queryset = queryset.annotate(month=TruncMonth("submitted_at"))
    keys = SPEND_GROUPS[group_by]
    return list(
        queryset.values(*keys, "currency")
        .annotate(
            request_count=Count("id"),
            approved_total=Coalesce(Sum(COMMITTED_TOTAL, filter=Q(status=RequestStatus.APPROVED)), ZERO),
            pending_total=Coalesce(Sum("total", filter=Q(status=RequestStatus.PENDING_APPROVAL)), ZERO),
            approved_base=Coalesce(Sum(COMMITTED_BASE, filter=Q(status=RequestStatus.APPROVED)), ZERO),
            pending_base=Coalesce(Sum("total_base", filter=Q(status=RequestStatus.PENDING_APPROVAL)), ZERO),
        )
        .order_by(*keys, "currency")
    )


def purchase_request_totals_by_status(*, start: datetime, end: datetime) -> list[Any]:
    """Every request submitted in [start, end), per `status` and `currency`: `request_count`,
    `amount` (the sum of their totals) and `amount_base` (in the base currency)."""
    queryset = _requests_for(None).filter(submitted_at__gte=start, submitted_at__lt=end)
    return list(
        queryset.values("status", "currency")
        .annotate(request_count=Count("id"), amount=Sum("total"), amount_base=Sum("total_base"))
        .order_by("status", "currency")
    )


# The statuses the counts below always carry (other apps declare them without importing models).
PURCHASE_REQUEST_STATUSES: list[str] = list(RequestStatus.values)
PURCHASE_ORDER_STATUSES: list[str] = list(PurchaseOrder.Status.values)


def purchase_request_counts_by_status(*, user: User) -> dict[str, int]:
    """How many requests `user` may see in each status (every status, 0 included)."""
    counts = dict(_requests_for(user).values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in PURCHASE_REQUEST_STATUSES}


def purchase_order_counts_by_status(*, user: User) -> dict[str, int]:
    """How many orders `user` may see in each status (every status, 0 included)."""
    orders = purchase_order_visible(user=user).using(read_replica())
    counts = dict(orders.values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in PURCHASE_ORDER_STATUSES}


def purchase_order_spend(*, user: User, since: datetime, by_month: bool = False) -> list[dict]:
    """The totals of the orders `user` may see issued since `since` (cancelled ones left out),
    per `currency` (and per `month`, the first moment of it, with by_month): `amount`, and
    `amount_base` in the base currency."""
    orders = (
        purchase_order_visible(user=user)
        .using(read_replica())
        .exclude(status=PurchaseOrder.Status.CANCELLED)
        .filter(issued_at__gte=since)
    )
    keys: tuple[str, ...] = ("currency",)
    if by_month:
        orders, keys = orders.annotate(month=TruncMonth("issued_at")), ("month", "currency")
    return list(orders.values(*keys).annotate(amount=Sum("total"), amount_base=Sum("total_base")).order_by(*keys))


def approval_step_counts(*, user: User, decided_since: datetime) -> dict[str, int]:
    """The steps waiting on `user` (`pending`) and those they approved since `decided_since`
    (`approved`)."""
    Status = ApprovalStep.Status
    return (
        ApprovalStep.objects.using(read_replica())
        .filter(approver=user)
        .aggregate(
            pending=Count("id", filter=Q(status=Status.PENDING)),
            approved=Count("id", filter=Q(status=Status.APPROVED, decided_at__gte=decided_since)),
        )
    )


def delegations_of(*, user: User) -> QuerySet[Delegation]:
    """Delegations given or received by `user`, newest first: nobody else's."""
    return Delegation.objects.filter(Q(delegator=user) | Q(delegate=user)).select_related("delegator", "delegate")


def delegation_get(*, user: User, pk: int) -> Delegation:
    """One of `user`'s own delegations (404 for anyone else's)."""
    return get_object_or_404(Delegation.objects.filter(delegator=user).select_related("delegator", "delegate"), pk=pk)


def purchase_request_route(
    *, request: PurchaseRequest, total: Decimal | None = None, currency: str | None = None
) -> dict[str, Any]:
    """Who will approve `request` (or approves it, once submitted), in which order and why, and
    whether the spending limit and budget pass. `total` and `currency` preview a draft being
    edited; they are ignored once the request is submitted."""
    base = settings.BASE_CURRENCY
    answer: dict[str, Any] = {"base_currency": base, "steps": [], "checks": [], "problems": []}
    if request.pk and request.status != PurchaseRequest.Status.DRAFT:
        steps = request.approval_steps.filter(round=request.approval_round).select_related("approver", "on_behalf_of")
        answer.update(currency=request.currency, total=request.total, total_base=request.total_base)
        answer["steps"] = [
            {
                "sequence": step.sequence,
                "approver": step.approver,
                "approval_limit": step.approval_limit,
                "rule": step.rule,
                "on_behalf_of": step.on_behalf_of,
                "status": step.status,
            }
            for step in steps.order_by("sequence")
        ]
        return answer
    total = request.total if total is None else total
    currency = currency or request.currency
    answer.update(currency=currency, total=total, total_base=None)
    now = timezone.now()
    try:
        _rate, total_base = to_base(amount=total, currency=currency, day=timezone.localdate(now))
        answer["total_base"] = total_base
        route = approval_route(request, total=total_base, day=timezone.localdate(now))
    except ApplicationError as error:
        answer["problems"].append({"code": error.code, "message": error.message})
        return answer
    answer["steps"] = [
        {
            "sequence": position,
            "approver": step.approver,
            "approval_limit": step.approver.approval_limit,
            "rule": step.rule,
            "on_behalf_of": step.on_behalf_of,
            "status": None,
        }
        for position, step in enumerate(route, start=1)
    ]
    shown = amount_text(total, currency, total_base)
    committed = department_committed(department_id=request.department_id, moment=now)
    for check in limit_checks(request, total_base=total_base, shown=shown, committed=committed):
        answer["checks"].append({"code": check.code, "passes": check.passes, "message": check.message})
        if not check.passes:
            answer["problems"].append({"code": check.code, "message": check.message})
    return answer


def purchase_request_followers(*, request: PurchaseRequest) -> list[User]:
    """Who hears about a request's discussion: the requester, everyone on its approval chain
    (any round, and those a delegate stood in for) and, once it has a PO, procurement: who issued
    it, or (issued by the approval itself) procurement's users, at most 20."""
    steps = ApprovalStep.objects.filter(purchase_request=request).select_related("approver", "on_behalf_of")
    people = [request.requester]
    for step in steps:
        people += [step.approver, *([step.on_behalf_of] if step.on_behalf_of else [])]
    order = PurchaseOrder.objects.filter(purchase_request=request).select_related("created_by").first()
    if order is not None:
        if order.created_by.role == Role.PROCUREMENT:
            people.append(order.created_by)
        else:  # issued by the approval itself: procurement, who looks after the order, hears of it
            people += list(User.objects.filter(role=Role.PROCUREMENT, is_active=True).order_by("pk")[:20])
    return people


def purchase_request_may_see(*, user: User, request: PurchaseRequest) -> bool:
    return purchase_request_visible(user=user).filter(pk=request.pk).exists()


def purchase_order_may_see(*, user: User, order: PurchaseOrder) -> bool:
    return purchase_order_visible(user=user).filter(pk=order.pk).exists()


def approver_list(*, search: str = "") -> QuerySet[User]:
    """Active people with an approval limit, whom anyone signed in may pick as a delegate (name,
    address and limit only)."""
    qs = User.objects.filter(is_active=True, approval_limit__gt=0).order_by("full_name", "email")
    if search:
        qs = qs.filter(matches_text("email", search) | matches_text("full_name", search))
    return qs


def goods_receipt_get(*, pk: int) -> GoodsReceipt:
    """One receipt as its API answers it (the caller has just recorded it)."""
    return _receipts().get(pk=pk)
