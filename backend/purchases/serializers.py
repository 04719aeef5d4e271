from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.money import MONEY, QUANTITY
from core.serializers import StrictInputSerializer, iso_currency
from currencies.models import RATE
from users.serializers import DepartmentRefSerializer, UserRefSerializer

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


class VendorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vendor
        fields = ["id", "name"]


class PurchaseOrderRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PurchaseOrder
        fields = ["id", "number", "status"]


class VendorOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vendor
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "address",
            "tax_id",
            "currency",
            "payment_terms",
            "is_active",
            "created_at",
            "updated_at",
        ]


# --- Purchase requests ---------------------------------------------------------------------


class ItemInputSerializer(StrictInputSerializer):
    description = serializers.CharField(max_length=500)
    quantity = serializers.DecimalField(**QUANTITY)
    unit_price = serializers.DecimalField(**MONEY, min_value=Decimal("0"))

    def validate_quantity(self, value: Decimal) -> Decimal:
        if value <= 0:
            raise serializers.ValidationError("Quantity must be greater than zero.")
        return value


class PurchaseRequestInputSerializer(StrictInputSerializer):
    title = serializers.CharField(max_length=200)
    justification = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    currency = serializers.CharField(max_length=3)
    vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.filter(is_active=True), required=False, allow_null=True)
    needed_by = serializers.DateField(required=False, allow_null=True)
    items = ItemInputSerializer(many=True, allow_empty=False, max_length=200)

    def validate_currency(self, value: str) -> str:
        return iso_currency(value)


# Small-integer columns are declared plainly: a ModelSerializer would take their bounds from the
# database backend, and the OpenAPI schema (the web app's types) must not depend on it.


class ItemOutputSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(read_only=True)

    class Meta:
        model = PurchaseRequestItem
        fields = ["id", "position", "description", "quantity", "unit_price", "line_total"]


class ApprovalStepOutputSerializer(serializers.ModelSerializer):
    approver = UserRefSerializer()
    on_behalf_of = UserRefSerializer(allow_null=True, help_text="The approver away, for whom `approver` stands in.")
    sequence = serializers.IntegerField(read_only=True)
    round = serializers.IntegerField(read_only=True, help_text="1, or higher after the request was revised.")

    class Meta:
        model = ApprovalStep
        fields = [
            "id",
            "round",
            "sequence",
            "approver",
            "on_behalf_of",
            "rule",
            "approval_limit",
            "status",
            "comment",
            "decided_at",
        ]


class OrderProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    received_percent = serializers.IntegerField(help_text="Received, by value, 0-100.")
    invoiced_percent = serializers.IntegerField(help_text="Invoiced, by value (may pass 100 within the tolerances).")


class PurchaseRequestListOutputSerializer(serializers.ModelSerializer):
    exchange_rate = serializers.DecimalField(
        **RATE, allow_null=True, help_text="Set at submit: units of the base currency per unit of `currency`."
    )
    total_base = serializers.DecimalField(**MONEY, allow_null=True, help_text="Set at submit: the total in the base currency.")
    requester = UserRefSerializer()
    department = DepartmentRefSerializer()
    vendor = VendorRefSerializer(allow_null=True)
    current_approver = serializers.SerializerMethodField()
    order = serializers.SerializerMethodField(help_text="The open purchase order, with how much of it was received and invoiced.")

    class Meta:
        model = PurchaseRequest
        fields = [
            "id",
            "number",
            "title",
            "status",
            "currency",
            "total",
            "exchange_rate",
            "total_base",
            "requester",
            "department",
            "vendor",
            "needed_by",
            "current_approver",
            "order",
            "created_at",
            "submitted_at",
            "decided_at",
        ]

    def get_current_approver(self, request: PurchaseRequest) -> str | None:
        pending = getattr(request, "pending_steps", None)
        return pending[0].approver.email if pending else None

    @extend_schema_field(OrderProgressSerializer(allow_null=True))
    def get_order(self, request: PurchaseRequest) -> dict | None:
        orders = getattr(request, "open_orders", None)
        if not orders:
            return None
        order = orders[0]

        def percent(value) -> int:
            return int(value * 100 / order.total) if order.total and value else 0

        return {
            "id": order.pk,
            "number": order.number,
            "status": order.status,
            "received_percent": percent(order.received_value),
            "invoiced_percent": percent(order.invoiced_value),
        }


class GoodsReceiptLineOutputSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(source="po_line.position", help_text="The order line's position.")
    description = serializers.CharField(source="po_line.description")

    class Meta:
        model = GoodsReceiptLine
        fields = ["po_line", "position", "description", "quantity", "rejected_quantity", "note"]
        read_only_fields = fields  # all present in every response (the schema says required)


class GoodsReceiptOutputSerializer(serializers.ModelSerializer):
    received_by = UserRefSerializer()
    lines = GoodsReceiptLineOutputSerializer(many=True)
    purchase_order = serializers.IntegerField(source="purchase_order_id")

    class Meta:
        model = GoodsReceipt
        fields = ["id", "purchase_order", "kind", "received_by", "received_at", "delivery_note", "note", "lines"]
        read_only_fields = fields  # all present in every response (the schema says required)


class PurchaseRequestDetailOutputSerializer(PurchaseRequestListOutputSerializer):
    flags = serializers.ListField(child=serializers.CharField(), help_text="Warnings for the approvers, set at submit.")
    items = ItemOutputSerializer(many=True)
    approval_steps = ApprovalStepOutputSerializer(many=True)
    purchase_order = serializers.SerializerMethodField()
    purchase_orders = serializers.SerializerMethodField()
    receipts = serializers.SerializerMethodField()
    approval_round = serializers.IntegerField(help_text="1, or higher once a rejected request was revised.")
    released_total = serializers.DecimalField(
        **MONEY, help_text="No longer committed: closed without an order, or the open part of a short-closed order."
    )

    class Meta(PurchaseRequestListOutputSerializer.Meta):
        fields = [
            field for field in PurchaseRequestListOutputSerializer.Meta.fields if field not in ("current_approver", "order")
        ] + [
            "justification",
            "flags",
            "items",
            "approval_steps",
            "approval_round",
            "purchase_order",
            "purchase_orders",
            "receipts",
            "closed_at",
            "released_total",
            "updated_at",
        ]

    @extend_schema_field(PurchaseOrderRefSerializer(allow_null=True))
    def get_purchase_order(self, request: PurchaseRequest) -> dict | None:
        """The open order, else the last one cancelled."""
        orders = request.orders  # type: ignore[attr-defined]
        order = next((o for o in orders if o.status != PurchaseOrder.Status.CANCELLED), orders[0] if orders else None)
        return PurchaseOrderRefSerializer(order).data if order else None

    @extend_schema_field(PurchaseOrderRefSerializer(many=True))
    def get_purchase_orders(self, request: PurchaseRequest) -> list:
        """Every order of the request, newest first (a cancelled one may be followed by another)."""
        return PurchaseOrderRefSerializer(request.orders, many=True).data  # type: ignore[attr-defined]

    @extend_schema_field(GoodsReceiptOutputSerializer(many=True))
    def get_receipts(self, request: PurchaseRequest) -> list:
        """The receipts and returns of its orders, newest first."""
        receipts = [receipt for order in request.orders for receipt in order.goods_receipts.all()]  # type: ignore[attr-defined]
        receipts.sort(key=lambda receipt: (receipt.received_at, receipt.pk), reverse=True)
        return GoodsReceiptOutputSerializer(receipts, many=True).data


# --- Purchase orders -----------------------------------------------------------------------


class PurchaseOrderLineOutputSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(read_only=True)

    class Meta:
        model = PurchaseOrderLine
        fields = [
            "id",
            "position",
            "description",
            "quantity",
            "unit_price",
            "line_total",
            "tax_rate",
            "received_quantity",
            "invoiced_quantity",
        ]
        read_only_fields = fields  # all present in every response (the schema says required)


class PurchaseRequestRefSerializer(serializers.ModelSerializer):
    requester = UserRefSerializer()

    class Meta:
        model = PurchaseRequest
        fields = ["id", "number", "title", "requester"]


class PurchaseOrderListOutputSerializer(serializers.ModelSerializer):
    vendor = VendorRefSerializer()
    purchase_request = PurchaseRequestRefSerializer()
    archived = serializers.BooleanField(
        source="is_archived", help_text="Received, closed or cancelled, and issued more than PO_ARCHIVE_AFTER_DAYS ago."
    )
    revision = serializers.IntegerField(help_text="1 as first issued; each change order adds one.")
    label = serializers.CharField(help_text="The number as the vendor sees it: `PO-2026-000045 rev 2` once amended.")

    class Meta:
        model = PurchaseOrder
        fields = [
            "id",
            "number",
            "status",
            "vendor",
            "purchase_request",
            "currency",
            "total",
            "revision",
            "label",
            "expected_delivery",
            "issued_at",
            "archived",
            "created_at",
        ]
        read_only_fields = fields  # all present in every response (the schema says required)


class PurchaseOrderRevisionOutputSerializer(serializers.ModelSerializer):
    revision = serializers.IntegerField()
    created_by = UserRefSerializer()
    changes = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = PurchaseOrderRevision
        fields = ["revision", "created_by", "created_at", "note", "changes", "total_before", "total_after"]
        read_only_fields = fields  # all present in every response (the schema says required)


class PurchaseOrderDetailOutputSerializer(PurchaseOrderListOutputSerializer):
    lines = PurchaseOrderLineOutputSerializer(many=True)
    created_by = UserRefSerializer(help_text="Procurement's contact for the vendor.")
    vendor_currency = serializers.CharField(source="vendor.currency", help_text="Warn when it differs from `currency`.")
    revisions = PurchaseOrderRevisionOutputSerializer(many=True, help_text="The change orders, oldest first.")
    receipts = GoodsReceiptOutputSerializer(many=True, source="goods_receipts", help_text="Receipts and returns, newest first.")
    approved_total = serializers.DecimalField(**MONEY, source="purchase_request.total", help_text="The request as approved.")
    max_total = serializers.SerializerMethodField(
        help_text="The highest total (before tax) a change may reach without new approval."
    )

    class Meta(PurchaseOrderListOutputSerializer.Meta):
        fields = PurchaseOrderListOutputSerializer.Meta.fields + [
            "lines",
            "tax_total",
            "vendor_currency",
            "approved_total",
            "max_total",
            "expected_delivery",
            "ship_to",
            "payment_terms",
            "incoterms",
            "notes",
            "created_by",
            "revisions",
            "receipts",
            "cancelled_at",
            "cancel_reason",
            "short_closed_at",
            "updated_at",
        ]
        read_only_fields = fields  # all present in every response (the schema says required)

    @extend_schema_field(serializers.DecimalField(**MONEY))
    def get_max_total(self, order: PurchaseOrder) -> str:
        return str(order.purchase_request.order_ceiling)
