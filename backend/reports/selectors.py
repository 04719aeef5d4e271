"""Reads for reports and the dashboard. Every figure is aggregated in SQL, scoped by the
purchasing visibility rules, and split by currency (amounts in different currencies are never
added together)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from core.db import read_replica
from core.models import AuditEvent
from purchases.models import ApprovalStep, PurchaseOrder, PurchaseRequest
from purchases.selectors import purchase_order_visible, purchase_request_visible, sees_all_purchasing
from purchases.services.requests import COMMITTED_STATUSES, fiscal_year_bounds
from users.models import Department, User

from .models import SpendingReport

Status = PurchaseRequest.Status
ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))
GROUPS = {
    "department": ("department__code", "department__name"),
    "vendor": ("vendor__name",),
    "month": ("month",),
}


def money_text(value) -> str:
    return f"{(value or Decimal('0')):.2f}"


def _day_bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(date_from, time.min, tzinfo=tz), datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz)


def committed_requests(queryset: QuerySet[PurchaseRequest], start: datetime, end: datetime) -> QuerySet[PurchaseRequest]:
    """Requests that count as spend: approved or waiting for approval, submitted in [start, end)."""
    return queryset.filter(status__in=COMMITTED_STATUSES, submitted_at__gte=start, submitted_at__lt=end)


def _spend_columns() -> dict:
    return {
        "request_count": Count("id"),
        "approved_total": Coalesce(Sum("total", filter=Q(status=Status.APPROVED)), ZERO),
        "pending_total": Coalesce(Sum("total", filter=Q(status=Status.PENDING_APPROVAL)), ZERO),
    }


def spending_report(*, user: User, date_from: date, date_to: date, group_by: str, department: int | None = None) -> list[dict]:
    """Approved and pending request totals submitted between two dates (inclusive), grouped by
    department, vendor or month, and by currency, over the requests the user may see."""
    start, end = _day_bounds(date_from, date_to)
    queryset = committed_requests(purchase_request_visible(user=user).using(read_replica()), start, end)
    if department:
        queryset = queryset.filter(department_id=department)
    return spending_rows(queryset, group_by)


def spending_rows(queryset: QuerySet[PurchaseRequest], group_by: str) -> list[dict]:
    if group_by == "month":
        queryset = queryset.annotate(month=TruncMonth("submitted_at"))
    keys = GROUPS[group_by]
    rows = queryset.values(*keys, "currency").annotate(**_spend_columns()).order_by(*keys, "currency")
    result = []
    for row in rows:
        if group_by == "department":
            group = {"key": row["department__code"], "name": row["department__name"]}
        elif group_by == "vendor":
            name = row["vendor__name"] or "(no vendor)"
            group = {"key": name, "name": name}
        else:
            month = timezone.localtime(row["month"]).strftime("%Y-%m")
            group = {"key": month, "name": month}
        result.append(
            {
                **group,
                "currency": row["currency"],
                "request_count": row["request_count"],
                "approved_total": money_text(row["approved_total"]),
                "pending_total": money_text(row["pending_total"]),
                "total": money_text(row["approved_total"] + row["pending_total"]),
            }
        )
    return result


def department_budgets(*, user: User | None, moment: datetime) -> list[dict]:
    """Budget, committed (pending + approved this fiscal year) and remaining per department the
    user may see: all for procurement, finance, admins and the system (user None); their own
    otherwise."""
    start, end = fiscal_year_bounds(moment)
    departments = Department.objects.using(read_replica())
    if user is not None and not sees_all_purchasing(user):
        departments = departments.filter(pk=user.department_id)
    committed = Q(
        purchase_requests__status__in=COMMITTED_STATUSES,
        purchase_requests__submitted_at__gte=start,
        purchase_requests__submitted_at__lt=end,
    )
    rows = departments.annotate(committed=Coalesce(Sum("purchase_requests__total", filter=committed), ZERO)).order_by("code")
    return [
        {
            "id": row.pk,
            "code": row.code,
            "name": row.name,
            "annual_budget": money_text(row.annual_budget),
            "committed": money_text(row.committed),
            "remaining": money_text(row.annual_budget - row.committed),
            "used_percent": round(float(row.committed / row.annual_budget * 100), 1) if row.annual_budget else None,
        }
        for row in rows
    ]


def spending_report_list() -> QuerySet[SpendingReport]:
    return SpendingReport.objects.all()


# --- Dashboard -------------------------------------------------------------------------------

DASHBOARD_VERSION_KEY = "dashboard:version"


def dashboard_cache_version() -> int:
    cache.add(DASHBOARD_VERSION_KEY, 1, timeout=None)
    return cache.get(DASHBOARD_VERSION_KEY) or 1


def _amounts_by_currency(queryset, field: str = "total") -> list[dict]:
    rows = queryset.values("currency").annotate(amount=Sum(field)).order_by("currency")
    return [{"currency": row["currency"], "amount": money_text(row["amount"])} for row in rows]


def _recent_activity(user: User, requests: QuerySet[PurchaseRequest], limit: int = 10) -> list[dict]:
    events = AuditEvent.objects.using(read_replica()).filter(
        object_type__in=["purchases.purchaserequest", "purchases.purchaseorder"]
    )
    if not sees_all_purchasing(user):
        visible_ids = requests.annotate(key=Cast("pk", CharField())).values("key")
        events = events.filter(object_type="purchases.purchaserequest", object_id__in=visible_ids)
    return [
        {
            "id": event.pk,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "object_repr": event.object_repr,
            "actor": event.actor.email if event.actor else None,
            "created_at": event.created_at.isoformat(),
        }
        for event in events.select_related("actor")[:limit]
    ]


def _compute_dashboard(user: User) -> dict:
    now = timezone.now()
    local = timezone.localtime(now)
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    year_start = month_start.replace(month=1)
    today_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    replica = read_replica()
    requests = purchase_request_visible(user=user).using(replica)
    all_orders = purchase_order_visible(user=user).using(replica)
    orders = all_orders.exclude(status=PurchaseOrder.Status.CANCELLED)
    request_counts = dict(requests.values_list("status").annotate(n=Count("id")).order_by())
    order_counts = dict(all_orders.values_list("status").annotate(n=Count("id")).order_by())
    my_steps = (
        ApprovalStep.objects.using(replica)
        .filter(approver=user)
        .aggregate(
            pending=Count("id", filter=Q(status=ApprovalStep.Status.PENDING)),
            approved_today=Count("id", filter=Q(status=ApprovalStep.Status.APPROVED, decided_at__gte=today_start)),
        )
    )
    twelve_months_ago = (month_start - timedelta(days=335)).replace(day=1)
    by_month = (
        orders.filter(issued_at__gte=twelve_months_ago)
        .annotate(month=TruncMonth("issued_at"))
        .values("month", "currency")
        .annotate(amount=Sum("total"))
        .order_by("month", "currency")
    )
    return {
        "generated_at": now.isoformat(),
        "requests_by_status": {status: request_counts.get(status, 0) for status in Status.values},
        "orders_by_status": {status: order_counts.get(status, 0) for status in PurchaseOrder.Status.values},
        "spend_this_month": _amounts_by_currency(orders.filter(issued_at__gte=month_start)),
        "spend_this_year": _amounts_by_currency(orders.filter(issued_at__gte=year_start)),
        "spend_by_month": [
            {
                "month": timezone.localtime(row["month"]).strftime("%Y-%m"),
                "currency": row["currency"],
                "amount": money_text(row["amount"]),
            }
            for row in by_month
        ],
        "pending_approvals": my_steps["pending"],
        "approved_today": my_steps["approved_today"],
        "budgets": department_budgets(user=user, moment=now),
        "recent_activity": _recent_activity(user, requests),
    }


def dashboard_stats(*, user: User) -> dict:
    """The caller's dashboard, cached per user for DASHBOARD_CACHE_SECONDS. Any change to a
    request, step, order or department bumps the cache version (reports/signals.py), so a
    cached dashboard is never older than the last committed change."""
    key = f"dashboard:{dashboard_cache_version()}:{user.pk}"
    stats = cache.get(key)
    if stats is None:
        stats = _compute_dashboard(user)
        cache.set(key, stats, timeout=settings.DASHBOARD_CACHE_SECONDS)
    return stats
