"""Every read of purchasing data, with its row-level visibility rule:
requesters see their own requests and the orders made from them; approvers also see the
requests they are or were an approver on (and their orders); procurement, finance and admins
see everything. Whatever a user may not see answers 404."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework.exceptions import ValidationError

from core.db import read_replica
from core.models import AuditEvent
from users.models import Role, User

from .filters import PurchaseOrderFilter, PurchaseRequestFilter, VendorFilter
from .models import ApprovalStep, PurchaseOrder, PurchaseOrderLine, PurchaseRequest, Vendor

SEES_ALL_ROLES = {Role.PROCUREMENT, Role.FINANCE, Role.ADMIN}


def sees_all_purchasing(user: User) -> bool:
    return user.is_admin or user.role in SEES_ALL_ROLES


def purchase_request_visible(*, user: User) -> QuerySet[PurchaseRequest]:
    qs = PurchaseRequest.objects.all()
    if sees_all_purchasing(user):
        return qs
    approver_on = ApprovalStep.objects.filter(purchase_request=OuterRef("pk"), approver=user)
    return qs.filter(Q(requester=user) | Q(Exists(approver_on)))


def may_receive_goods(*, user: User, order: PurchaseOrder) -> bool:
    """Procurement, admins and the requester (who often takes delivery) record receipts."""
    return user.is_admin or user.role == Role.PROCUREMENT or order.purchase_request.requester_id == user.pk


def purchase_order_visible(*, user: User) -> QuerySet[PurchaseOrder]:
    qs = PurchaseOrder.objects.all()
    if sees_all_purchasing(user):
        return qs
    approver_on = ApprovalStep.objects.filter(purchase_request=OuterRef("purchase_request"), approver=user)
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
    qs = (
        purchase_request_visible(user=user)
        .using(read_replica())
        .select_related("requester", "department", "vendor")
        .prefetch_related(Prefetch("approval_steps", queryset=pending, to_attr="pending_steps"))
    )
    return _apply(PurchaseRequestFilter, filters, qs)


def purchase_request_get(*, user: User, pk: int) -> PurchaseRequest:
    qs = (
        purchase_request_visible(user=user)
        .select_related("requester", "department", "vendor", "purchase_order")
        .prefetch_related("items", Prefetch("approval_steps", queryset=ApprovalStep.objects.select_related("approver")))
    )
    return get_object_or_404(qs, pk=pk)


def approval_inbox(*, user: User, filters: dict | None = None) -> QuerySet[ApprovalStep]:
    """The steps waiting on this user, oldest request first."""
    qs = (
        ApprovalStep.objects.filter(approver=user, status=ApprovalStep.Status.PENDING)
        .select_related("purchase_request__requester", "purchase_request__department", "purchase_request__vendor")
        .order_by("purchase_request__submitted_at", "pk")
    )
    search = (filters or {}).get("search")
    if search:
        qs = qs.filter(Q(purchase_request__number__icontains=search) | Q(purchase_request__title__icontains=search))
    return qs


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
        .select_related("vendor", "purchase_request", "purchase_request__requester")
        .prefetch_related(Prefetch("lines", queryset=PurchaseOrderLine.objects.order_by("position")))
    )
    return get_object_or_404(qs, pk=pk)


def vendor_list(*, filters: dict | None = None) -> QuerySet[Vendor]:
    """The vendor master is visible to every signed-in user (requesters pick vendors)."""
    return _apply(VendorFilter, filters, Vendor.objects.using(read_replica()))


def purchase_request_history(*, user: User, pk: int) -> QuerySet[AuditEvent]:
    """The audit trail of one request (and of its order), for whoever may see the request."""
    request = get_object_or_404(purchase_request_visible(user=user), pk=pk)
    order_id = PurchaseOrder.objects.filter(purchase_request=request).values_list("pk", flat=True).first()
    condition = Q(object_type="purchases.purchaserequest", object_id=str(request.pk))
    if order_id:
        condition |= Q(object_type="purchases.purchaseorder", object_id=str(order_id))
    return AuditEvent.objects.filter(condition).select_related("actor").order_by("created_at", "id")
