from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.money import MONEY, QUANTITY
from core.serializers import StrictInputSerializer, iso_currency
from currencies.models import RATE
from users.serializers import DepartmentRefSerializer, UserRefSerializer

from .models import ApprovalStep, PurchaseOrder, PurchaseOrderLine, PurchaseRequest, PurchaseRequestItem, Vendor


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


class PurchaseRequestListOutputSerializer(serializers.ModelSerializer):
    exchange_rate = serializers.DecimalField(
        **RATE, allow_null=True, help_text="Set at submit: units of the base currency per unit of `currency`."
    )
    total_base = serializers.DecimalField(**MONEY, allow_null=True, help_text="Set at submit: the total in the base currency.")
    requester = UserRefSerializer()
    department = DepartmentRefSerializer()
    vendor = VendorRefSerializer(allow_null=True)
    current_approver = serializers.SerializerMethodField()

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
            "created_at",
            "submitted_at",
            "decided_at",
        ]

    def get_current_approver(self, request: PurchaseRequest) -> str | None:
        pending = getattr(request, "pending_steps", None)
        return pending[0].approver.email if pending else None


class PurchaseRequestDetailOutputSerializer(PurchaseRequestListOutputSerializer):
    flags = serializers.ListField(child=serializers.CharField(), help_text="Warnings for the approvers, set at submit.")
    items = ItemOutputSerializer(many=True)
    approval_steps = ApprovalStepOutputSerializer(many=True)
    purchase_order = serializers.SerializerMethodField()
    approval_round = serializers.IntegerField(help_text="1, or higher once a rejected request was revised.")

    class Meta(PurchaseRequestListOutputSerializer.Meta):
        fields = [field for field in PurchaseRequestListOutputSerializer.Meta.fields if field != "current_approver"] + [
            "justification",
            "flags",
            "items",
            "approval_steps",
            "approval_round",
            "purchase_order",
            "updated_at",
        ]

    @extend_schema_field(PurchaseOrderRefSerializer(allow_null=True))
    def get_purchase_order(self, request: PurchaseRequest) -> dict | None:
        order = getattr(request, "purchase_order", None)
        return PurchaseOrderRefSerializer(order).data if order else None


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
            "received_quantity",
            "invoiced_quantity",
        ]


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
            "issued_at",
            "archived",
            "created_at",
        ]


class PurchaseOrderDetailOutputSerializer(PurchaseOrderListOutputSerializer):
    lines = PurchaseOrderLineOutputSerializer(many=True)

    class Meta(PurchaseOrderListOutputSerializer.Meta):
        fields = PurchaseOrderListOutputSerializer.Meta.fields + ["lines", "cancelled_at", "updated_at"]
