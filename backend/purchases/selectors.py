"""Every read of purchasing data, with its row-level visibility rule:
requesters see their own requests and the orders made from them; approvers also see the
requests they are or were an approver on (and their orders); procurement, finance and admins
see everything. Whatever a user may not see answers 404."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from users.models import Role, User

from .models import ApprovalStep, PurchaseOrder, PurchaseOrderLine, PurchaseRequest, Vendor

SEES_ALL_ROLES = {Role.PROCUREMENT, Role.FINANCE, Role.ADMIN}


def sees_all_purchasing(user: User) -> bool:
    return user.is_admin or user.role in SEES_ALL_ROLES


def _request_visibility(user: User, prefix: str = "") -> Q:
    approver_on = ApprovalStep.objects.filter(purchase_request=OuterRef(f"{prefix}pk" if prefix else "pk"), approver=user)
    return Q(**{f"{prefix}requester": user}) | Q(Exists(approver_on))


def purchase_request_visible(*, user: User) -> QuerySet[PurchaseRequest]:
    qs = PurchaseRequest.objects.all()
    if sees_all_purchasing(user):
        return qs
    return qs.filter(_request_visibility(user))


def purchase_order_visible(*, user: User) -> QuerySet[PurchaseOrder]:
    qs = PurchaseOrder.objects.all()
    if sees_all_purchasing(user):
        return qs
    approver_on = ApprovalStep.objects.filter(purchase_request=OuterRef("purchase_request"), approver=user)
    return qs.filter(Q(purchase_request__requester=user) | Q(Exists(approver_on)))
