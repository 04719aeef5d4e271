"""Role-based permission classes. Row-level visibility lives in each app's selectors."""

from rest_framework.permissions import BasePermission

from .models import Role

# What each role may do, as shown to the SPA in /api/auth/me/ (the API enforces it again).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.REQUESTER: ["purchase_request.create"],
    Role.APPROVER: ["purchase_request.create", "approval.act"],
    Role.PROCUREMENT: ["purchase_request.create", "purchase_order.manage", "vendor.manage", "report.view"],
    Role.FINANCE: ["purchase_request.create", "approval.act", "invoice.manage", "audit.view", "report.view"],
    Role.ADMIN: [
        "purchase_request.create",
        "approval.act",
        "purchase_order.manage",
        "vendor.manage",
        "invoice.manage",
        "audit.view",
        "report.view",
        "user.manage",
        "department.manage",
    ],
}


def permissions_for(user) -> list[str]:
    granted = ROLE_PERMISSIONS[Role.ADMIN if user.is_admin else user.role]
    # Approval steps go to whoever holds an approval limit on the requester's management line,
    # whatever their role: such a user needs the inbox as much as an approver does.
    if user.approval_limit > 0 and "approval.act" not in granted:
        return [*granted, "approval.act"]
    return granted


class RolePermission(BasePermission):
    roles: frozenset[str] = frozenset()

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.is_admin or user.role in self.roles


class IsAdmin(RolePermission):
    message = "Only administrators may do this."


class IsApprover(RolePermission):
    message = "Only approvers may do this."
    roles = frozenset({Role.APPROVER, Role.FINANCE})


class IsProcurement(RolePermission):
    message = "Only procurement may do this."
    roles = frozenset({Role.PROCUREMENT})


class IsFinance(RolePermission):
    message = "Only finance may do this."
    roles = frozenset({Role.FINANCE})


class IsAuditor(RolePermission):
    """Reads the audit trail: finance and admin."""

    message = "Only finance and administrators may read the audit trail."
    roles = frozenset({Role.FINANCE})
