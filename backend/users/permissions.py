"""What each role may do, and the permission classes that enforce it. One table: the
capabilities /api/auth/me/ shows the SPA are the ones the API checks. Row-level visibility
lives in each app's selectors."""

from django.db import models
from rest_framework.permissions import BasePermission

from .models import Role


class Capability(models.TextChoices):
    """Every capability a user may hold (the enum of `permissions` in /api/auth/me/)."""

    PURCHASE_REQUEST_CREATE = "purchase_request.create", "Create purchase requests"
    APPROVAL_ACT = "approval.act", "Act on approval steps"
    PURCHASE_ORDER_MANAGE = "purchase_order.manage", "Manage purchase orders"
    VENDOR_MANAGE = "vendor.manage", "Manage vendors"
    INVOICE_MANAGE = "invoice.manage", "Manage invoices"
    BANK_ACCOUNT_MANAGE = "bank_account.manage", "Enter and confirm vendor bank accounts"
    PAYMENT_MANAGE = "payment.manage", "Prepare, approve and confirm payment runs"
    EXCHANGE_RATE_MANAGE = "exchange_rate.manage", "Manage exchange rates"
    AUDIT_VIEW = "audit.view", "Read the audit trail"
    REPORT_VIEW = "report.view", "Read reports"
    USER_MANAGE = "user.manage", "Manage users"
    DEPARTMENT_MANAGE = "department.manage", "Manage departments"


C = Capability
# What each role may do, as shown to the SPA in /api/auth/me/ and enforced by the classes below.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    role: [capability.value for capability in capabilities]
    for role, capabilities in {
        Role.REQUESTER: [C.PURCHASE_REQUEST_CREATE],
        Role.APPROVER: [C.PURCHASE_REQUEST_CREATE, C.APPROVAL_ACT],
        Role.PROCUREMENT: [
            C.PURCHASE_REQUEST_CREATE,
            C.PURCHASE_ORDER_MANAGE,
            C.VENDOR_MANAGE,
            C.BANK_ACCOUNT_MANAGE,
            C.REPORT_VIEW,
        ],
        Role.FINANCE: [
            C.PURCHASE_REQUEST_CREATE,
            C.APPROVAL_ACT,
            C.INVOICE_MANAGE,
            C.BANK_ACCOUNT_MANAGE,
            C.PAYMENT_MANAGE,
            C.EXCHANGE_RATE_MANAGE,
            C.AUDIT_VIEW,
            C.REPORT_VIEW,
        ],
        Role.ADMIN: list(Capability),
    }.items()
}
del C


def permissions_for(user) -> list[str]:
    granted = ROLE_PERMISSIONS[Role.ADMIN if user.is_admin else user.role]
    # Approval steps go to whoever holds an approval limit on the requester's management line,
    # whatever their role: such a user needs the inbox as much as an approver does.
    if user.approval_limit > 0 and Capability.APPROVAL_ACT not in granted:
        return [*granted, Capability.APPROVAL_ACT.value]
    return granted


def has_capability(user, capability: str) -> bool:
    """Whether a user holds a role capability. (Only the table: the extra approval.act of an
    approval limit is for the SPA's inbox; the approval endpoints check the step's approver.)"""
    if not (user and user.is_authenticated):
        return False
    return capability in ROLE_PERMISSIONS[Role.ADMIN if user.is_admin else user.role]


class CapabilityPermission(BasePermission):
    """Lets in the users whose role holds `capability` in ROLE_PERMISSIONS."""

    capability: str = ""

    def has_permission(self, request, view) -> bool:
        return has_capability(request.user, self.capability)


class IsReportReader(CapabilityPermission):
    message = "Only finance, procurement and administrators may read the daily reports."
    capability = Capability.REPORT_VIEW


class IsAdmin(CapabilityPermission):
    message = "Only administrators may do this."
    capability = Capability.USER_MANAGE


class IsRateKeeper(CapabilityPermission):
    message = "Only finance and administrators may manage exchange rates."
    capability = Capability.EXCHANGE_RATE_MANAGE


class IsProcurement(CapabilityPermission):
    message = "Only procurement may do this."
    capability = Capability.PURCHASE_ORDER_MANAGE


class IsAuditor(CapabilityPermission):
    """Reads the audit trail: finance and admin."""

    message = "Only finance and administrators may read the audit trail."
    capability = Capability.AUDIT_VIEW


class IsInvoiceClerk(CapabilityPermission):
    """Enters, corrects, approves and cancels vendor invoices: finance and admin."""

    message = "Only finance and administrators may manage invoices."
    capability = Capability.INVOICE_MANAGE


class IsBankAccountKeeper(CapabilityPermission):
    """Reads, enters and confirms vendor bank accounts: procurement, finance and admin."""

    message = "Only procurement, finance and administrators may see or change vendor bank accounts."
    capability = Capability.BANK_ACCOUNT_MANAGE


class IsPaymentClerk(CapabilityPermission):
    """Payment runs and bank statements: finance and admin."""

    message = "Only finance and administrators may manage payments."
    capability = Capability.PAYMENT_MANAGE
