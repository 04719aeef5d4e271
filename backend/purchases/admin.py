from django.contrib import admin

from core.admin import NoDeleteAdmin, ReadOnlyAdmin

from .models import (
    ApprovalStep,
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderRevision,
    PurchaseRequest,
    PurchaseRequestItem,
    Vendor,
)


@admin.register(Vendor)
class VendorAdmin(NoDeleteAdmin):
    """Deactivated, never deleted: purchase orders refer to their vendor."""

    list_display = ("name", "email", "currency", "is_active")
    list_filter = ("is_active", "currency")
    search_fields = ("name", "email", "tax_id")


class ItemInline(admin.TabularInline):
    """Read-only: an edited quantity or price would leave the total and its approvals stale."""

    model = PurchaseRequestItem
    extra = 0
    readonly_fields = ("position", "description", "quantity", "unit_price", "line_total")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ApprovalStepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 0
    readonly_fields = ("sequence", "approver", "approval_limit", "status", "comment", "decided_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        """Approval steps are built by submit and decided by their approvers, never added by hand."""
        return False


@admin.register(PurchaseRequest)
class PurchaseRequestAdmin(NoDeleteAdmin):
    """Read-mostly: state changes go through the API's services (limits, audit, locking)."""

    list_display = ("number", "title", "requester", "department", "status", "total", "currency", "submitted_at")
    list_filter = ("status", "department", "currency")
    search_fields = ("number", "title", "requester__email")
    readonly_fields = (
        "number",
        "status",
        "currency",
        "total",
        "exchange_rate",
        "total_base",
        "vendor",
        "submitted_at",
        "decided_at",
        "requester",
        "department",
    )
    inlines = [ItemInline, ApprovalStepInline]


class OrderLineInline(admin.TabularInline):
    model = PurchaseOrderLine
    extra = 0
    readonly_fields = (
        "position",
        "description",
        "quantity",
        "unit_price",
        "line_total",
        "received_quantity",
        "invoiced_quantity",
    )
    exclude = ("request_item",)
    can_delete = False

    def has_add_permission(self, request, obj=None):
        """Order lines are copied from the request's items when the order is issued."""
        return False


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(NoDeleteAdmin):
    """Cancelled through the services, never deleted: a deleted order would leave its request
    approved with no order, open to a second one."""

    list_display = ("number", "purchase_request", "vendor", "status", "total", "currency", "issued_at", "archived")
    list_filter = ("status", "archived", "currency")
    search_fields = ("number", "purchase_request__number", "vendor__name")
    readonly_fields = (
        "number",
        "purchase_request",
        "vendor",
        "status",
        "currency",
        "total",
        "total_base",
        "issued_at",
        "created_by",
        "revision",
        "tax_total",
        "cancelled_at",
        "short_closed_at",
    )
    inlines = [OrderLineInline]


class ReceiptLineInline(admin.TabularInline):
    model = GoodsReceiptLine
    extra = 0
    can_delete = False


@admin.register(GoodsReceipt)
class GoodsReceiptAdmin(ReadOnlyAdmin):
    """Append-only: a receipt has moved its order's received quantities and status."""

    list_display = ("id", "purchase_order", "kind", "delivery_note", "received_by", "received_at")
    list_filter = ("kind",)
    inlines = [ReceiptLineInline]


@admin.register(PurchaseOrderRevision)
class PurchaseOrderRevisionAdmin(ReadOnlyAdmin):
    """Append-only: what each change order changed, as the vendor was sent it."""

    list_display = ("purchase_order", "revision", "created_by", "created_at", "total_before", "total_after")
    search_fields = ("purchase_order__number",)
