"""Reads for reports and the dashboard. Every figure is aggregated in SQL and scoped by the
purchasing visibility rules. Amounts are shown per currency as entered, and added up only in the
base currency (each request converted at the rate of its submission day)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from core.db import read_replica
from core.models import AuditEvent
from purchases.selectors import (
    approval_step_counts,
    committed_spend,
    department_committed_totals,
    purchase_order_counts_by_status,
    purchase_order_spend,
    purchase_request_counts_by_status,
    purchase_request_visible,
    sees_all_purchasing,
)
from users.models import Department, User

from .models import SpendingReport


def money_text(value) -> str:
    return f"{(value or Decimal('0')):.2f}"


def _day_bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(date_from, time.min, tzinfo=tz), datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz)


def spending_report(*, user: User, date_from: date, date_to: date, group_by: str, department: int | None = None) -> list[dict]:
    """Approved and pending request totals submitted between two dates (inclusive), grouped by
    department, vendor or month, and by currency, over the requests the user may see."""
    start, end = _day_bounds(date_from, date_to)
    return spending_rows(committed_spend(user=user, start=start, end=end, group_by=group_by, department=department), group_by)


def spending_rows(rows: list[dict], group_by: str) -> list[dict]:
    """The rows of `purchases.selectors.committed_spend` as the API and the report show them."""
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
                "total_base": money_text(row["approved_base"] + row["pending_base"]),
            }
        )
    return result


def department_budgets(*, user: User | None, moment: datetime) -> list[dict]:
    """Budget, committed (pending + approved this fiscal year) and remaining per department the
    user may see: all for procurement, finance, admins and the system (user None); their own
    otherwise."""
    departments = Department.objects.using(read_replica()).order_by("code")
    department_ids = None
    if user is not None and not sees_all_purchasing(user):
        departments = departments.filter(pk=user.department_id or 0)
        department_ids = [user.department_id]
    committed = department_committed_totals(moment=moment, department_ids=department_ids)
    result = []
    for row in departments:
        spent = committed.get(row.pk, Decimal("0.00"))
        result.append(
            {
                "id": row.pk,
                "code": row.code,
                "name": row.name,
                "annual_budget": money_text(row.annual_budget),
                "committed": money_text(spent),
                "remaining": money_text(row.annual_budget - spent),
                "used_percent": round(float(spent / row.annual_budget * 100), 1) if row.annual_budget else None,
            }
        )
    return result


def spending_report_list() -> QuerySet[SpendingReport]:
    return SpendingReport.objects.all()


# --- Dashboard -------------------------------------------------------------------------------

DASHBOARD_VERSION_KEY = "dashboard:version"


def dashboard_cache_version() -> int:
    cache.add(DASHBOARD_VERSION_KEY, 1, timeout=None)
    return cache.get(DASHBOARD_VERSION_KEY) or 1


def _amounts_by_currency(rows: list[dict]) -> list[dict]:
    return [{"currency": row["currency"], "amount": money_text(row["amount"])} for row in rows]


def _base_sum(rows: list[dict]) -> str:
    return money_text(sum((row["amount_base"] or Decimal("0") for row in rows), Decimal("0")))


# What each audited action on a request or an order did, as the feed shows it, `{who}` being
# "by alice@example.com" (or "automatically" for the system): every action purchases/services
# records on a request or an order, and the admin's. Anything else reads as its last word.
ACTIVITY_LABELS = {
    "purchase_request.create": "Created {who}",
    "purchase_request.update": "Edited {who}",
    "purchase_request.delete": "Deleted {who}",
    "purchase_request.submit": "Submitted for approval {who}",
    "purchase_request.split_suspected": "Flagged as a possible split purchase on submission {who}",
    "purchase_request.approve": "Approved {who}",
    "purchase_request.reroute": "Sent on to a higher approver: the total is above the approval limit of the approver",
    "purchase_request.reject": "Rejected {who}",
    "purchase_request.cancel": "Cancelled {who}",
    "purchase_request.step_reassign": "Approval step reassigned {who}",
    "purchase_request.revise": "Revised back to a draft {who}",
    "purchase_request.duplicate": "Created as a copy {who}",
    "purchase_request.vendor_set": "Vendor set by the order {who}",
    "comment.create": "Commented on {who}",
    "purchase_order.create": "PO issued {who}",
    "purchase_order.draft": "PO drafted {who}",
    "purchase_order.update": "PO draft edited {who}",
    "purchase_order.issue": "PO issued {who}",
    "purchase_order.revise": "PO amended {who}",
    "purchase_order.cancel": "PO cancelled {who}",
    "purchase_order.short_close": "PO short-closed: open quantities cancelled {who}",
    "purchase_request.close": "Closed without an order {who}",
    "goods_return.create": "Goods returned to the vendor {who}",
    "purchase_order.close": "PO closed {who}",
    "goods_receipt.create": "Goods received {who}",
    "admin.add": "Added in the admin {who}",
    "admin.change": "Changed in the admin {who}",
}


def activity_summary(event: AuditEvent) -> str:
    """What happened and who caused it: "Approved by bob@example.com", "PO issued
    automatically on approval by bob@example.com", "PO closed automatically"."""
    after = event.after if isinstance(event.after, dict) else {}
    who = f"by {event.actor.email}" if event.actor else "automatically"
    label = ACTIVITY_LABELS.get(event.action) or event.action.rsplit(".", 1)[-1].replace("_", " ").capitalize() + " {who}"
    if event.action == "purchase_request.approve" and after.get("status") != "APPROVED":
        label = f"Approved {{who}} at step {after.get('step')}, on to the next approver"
    elif event.action == "purchase_request.reroute" and event.actor:
        label = f"Sent on to a higher approver: the total is above the approval limit of {event.actor.email}"
    elif event.action == "purchase_request.step_reassign" and after.get("approver"):
        label = f"Approval step {after.get('step')} reassigned to {after['approver']} {{who}}"
    elif event.action == "goods_receipt.create" and after.get("status") == "PARTIALLY_RECEIVED":
        label = "Goods partly received {who}"
    elif event.action == "purchase_request.duplicate" and after.get("copied_from"):
        label = f"Created as a copy of {after['copied_from']} {{who}}"
    elif event.action == "purchase_order.revise" and after.get("revision"):
        label = f"PO amended to rev {after['revision']} {{who}}"
    elif event.action == "purchase_order.create" and after.get("automatic"):  # issued by the final approval
        label = "PO issued automatically on approval {who}"
    elif event.action == "purchase_order.draft" and after.get("automatic"):
        label = "PO drafted on approval for procurement to complete {who}"
    if event.action in ("purchase_request.approve", "purchase_request.reject") and after.get("on_behalf_of"):
        label += f" on behalf of {after['on_behalf_of']}"  # a delegate decided
    return label.replace("{who}", who)


def _recent_activity(user: User, limit: int = 10) -> list[dict]:
    events = AuditEvent.objects.using(read_replica()).filter(
        object_type__in=["purchases.purchaserequest", "purchases.purchaseorder"]
    )
    if not sees_all_purchasing(user):
        requests = purchase_request_visible(user=user).using(read_replica())
        visible_ids = requests.annotate(key=Cast("pk", CharField())).values("key")
        events = events.filter(object_type="purchases.purchaserequest", object_id__in=visible_ids)
    page = list(events.select_related("actor")[:limit])
    return [
        {
            "id": event.pk,
            "action": event.action,
            "summary": activity_summary(event),
            "object_type": event.object_type,
            "object_id": event.object_id,
            "object_repr": event.object_repr,
            "actor": event.actor.email if event.actor else None,
            "created_at": event.created_at.isoformat(),
        }
        for event in page
    ]


def _compute_dashboard(user: User) -> dict:
    now = timezone.now()
    local = timezone.localtime(now)
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    year_start = month_start.replace(month=1)
    today_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    my_steps = approval_step_counts(user=user, decided_since=today_start)
    twelve_months_ago = (month_start - timedelta(days=335)).replace(day=1)
    by_month = purchase_order_spend(user=user, since=twelve_months_ago, by_month=True)
    this_month = purchase_order_spend(user=user, since=month_start)
    this_year = purchase_order_spend(user=user, since=year_start)
    return {
        "generated_at": now.isoformat(),
        "requests_by_status": purchase_request_counts_by_status(user=user),
        "orders_by_status": purchase_order_counts_by_status(user=user),
        "base_currency": settings.BASE_CURRENCY,
        "spend_this_month_base": _base_sum(this_month),
        "spend_this_year_base": _base_sum(this_year),
        "spend_this_month": _amounts_by_currency(this_month),
        "spend_this_year": _amounts_by_currency(this_year),
        "spend_by_month": [
            {
                "month": timezone.localtime(row["month"]).strftime("%Y-%m"),
                "currency": row["currency"],
                "amount": money_text(row["amount"]),
                "amount_base": money_text(row["amount_base"]),
            }
            for row in by_month
        ],
        "pending_approvals": my_steps["pending"],
        "approved_today": my_steps["approved"],
        "budgets": department_budgets(user=user, moment=now),
        "recent_activity": _recent_activity(user),
    }


def dashboard_stats(*, user: User) -> dict:
    """The caller's dashboard, cached per user for DASHBOARD_CACHE_SECONDS. Any change to a
    request, step, order or department bumps the cache version (reports/signals.py), so a
    cached dashboard is never older than the last committed change."""
    # v2: the activity events have a summary; a dashboard cached before it has none.
    key = f"dashboard:v2:{dashboard_cache_version()}:{user.pk}"
    stats = cache.get(key)
    if stats is None:
        stats = _compute_dashboard(user)
        cache.set(key, stats, timeout=settings.DASHBOARD_CACHE_SECONDS)
    return stats
