from decimal import Decimal

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.csv import FormatParamIsOurs, csv_response
from core.exceptions import ApplicationError
from core.exports import FORMAT_PARAMETER, Column, ExportableList, list_or_export
from core.idempotency import IDEMPOTENCY_HEADER, idempotent
from core.money import MONEY, MONEY_TOTAL, QUANTITY
from core.pagination import ListApiMixin, paginated_response
from core.serializers import IdField, StrictInputSerializer, iso_currency
from discussions.apis import CommentsApi
from documents.models import Document
from documents.selectors import document_get
from purchases.models import PurchaseOrder, PurchaseOrderLine, Vendor
from purchases.serializers import PurchaseOrderRefSerializer, VendorRefSerializer
from users.permissions import IsInvoiceClerk, IsReportReader
from users.serializers import UserRefSerializer

from . import selectors, services
from .models import INVOICE_MONEY, PERCENT, HoldCode, Invoice, InvoiceHold, InvoiceLine

# --- Output ---------------------------------------------------------------------------------


class PurchaseOrderLineRefSerializer(serializers.ModelSerializer):
    ordered_quantity = serializers.DecimalField(**QUANTITY, source="quantity")
    # Declared: a model's small-integer range differs by database, and so would the schema.
    position = serializers.IntegerField(read_only=True)

    class Meta:
        model = PurchaseOrderLine
        fields = ["id", "position", "description", "ordered_quantity", "received_quantity", "invoiced_quantity", "unit_price"]


class InvoiceLineOutputSerializer(serializers.ModelSerializer):
    po_line = PurchaseOrderLineRefSerializer(allow_null=True)
    position = serializers.IntegerField(read_only=True)

    class Meta:
        model = InvoiceLine
        fields = ["id", "position", "description", "quantity", "unit_price", "amount", "tax_rate", "po_line"]


class HoldOutputSerializer(serializers.ModelSerializer):
    line = serializers.IntegerField(source="line_position", allow_null=True, help_text="The invoice line's position.")
    owner_user = UserRefSerializer(allow_null=True)
    released_by = UserRefSerializer(allow_null=True)
    evidence = serializers.DictField(help_text="The numbers and tolerances the check compared.")
    may_release = serializers.SerializerMethodField()

    class Meta:
        model = InvoiceHold
        fields = [
            "id",
            "code",
            "owner_role",
            "owner_user",
            "line",
            "detail",
            "evidence",
            "status",
            "released_by",
            "released_at",
            "reason",
            "created_at",
            "may_release",
        ]

    def get_may_release(self, hold: InvoiceHold) -> bool:
        """Whether the caller may release this hold now (its owner's role, never the invoice's
        enterer or last corrector, an approval limit covering a no-PO invoice)."""
        user, invoice = self.context.get("user"), hold.invoice
        if user is None or invoice is None or hold.status != InvoiceHold.Status.OPEN:
            return False
        try:
            services.hold_release_check(actor=user, invoice=invoice, hold=hold)
        except ApplicationError:
            return False
        return True


class InvoiceListOutputSerializer(serializers.ModelSerializer):
    vendor = VendorRefSerializer(allow_null=True)
    purchase_order = PurchaseOrderRefSerializer(allow_null=True)
    open_holds = serializers.IntegerField(help_text="How many holds are open.")

    class Meta:
        model = Invoice
        fields = [
            "id",
            "kind",
            "status",
            "match_status",
            "vendor",
            "number",
            "invoice_date",
            "due_date",
            "currency",
            "total",
            "total_base",
            "purchase_order",
            "open_holds",
            "created_at",
        ]


class DocumentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "original_filename", "content_type", "status"]


class InvoiceDetailOutputSerializer(serializers.ModelSerializer):
    vendor = VendorRefSerializer(allow_null=True)
    document = DocumentRefSerializer(allow_null=True)
    purchase_order = PurchaseOrderRefSerializer(allow_null=True)
    entered_by = UserRefSerializer()
    last_corrected_by = UserRefSerializer(allow_null=True)
    approved_by = UserRefSerializer(allow_null=True)
    lines = InvoiceLineOutputSerializer(many=True)
    holds = HoldOutputSerializer(many=True)
    match_result = serializers.DictField(help_text="Every check of the last match with the numbers it compared.")
    extracted = serializers.DictField(help_text="The values read from the document, each with its confidence.")

    class Meta:
        model = Invoice
        fields = [
            "id",
            "kind",
            "status",
            "match_status",
            "vendor",
            "vendor_name_read",
            "number",
            "number_normalized",
            "invoice_date",
            "due_date",
            "currency",
            "subtotal",
            "tax",
            "total",
            "total_base",
            "payment_terms",
            "document",
            "purchase_order",
            "credit_for",
            "entered_by",
            "last_corrected_by",
            "approved_by",
            "approved_at",
            "cancelled_at",
            "paid_on",
            "payment_reference",
            "matched_at",
            "created_at",
            "updated_at",
            "lines",
            "holds",
            "match_result",
            "extracted",
        ]


def _detail(request, invoice: Invoice, code: int = status.HTTP_200_OK) -> Response:
    invoice = selectors.invoice_get(user=request.user, pk=invoice.pk)
    return Response(InvoiceDetailOutputSerializer(invoice, context={"user": request.user}).data, status=code)


# --- Input ----------------------------------------------------------------------------------


def _amount(**kwargs):
    return serializers.DecimalField(**INVOICE_MONEY, min_value=Decimal("0"), **kwargs)


class InvoiceLineInputSerializer(StrictInputSerializer):
    po_line = serializers.PrimaryKeyRelatedField(queryset=PurchaseOrderLine.objects.all(), required=False, allow_null=True)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    # Empty where the document did not show them (a note line); a line billing a PO line
    # without both stays unmatched until they are filled in.
    quantity = serializers.DecimalField(**QUANTITY, min_value=Decimal("0.001"), allow_null=True)
    unit_price = _amount(allow_null=True)
    amount = _amount(required=False, allow_null=True, help_text="Quantity x unit price when left out.")
    tax_rate = serializers.DecimalField(
        **PERCENT, min_value=Decimal("0"), max_value=Decimal("100"), required=False, allow_null=True
    )


class InvoiceFieldsSerializer(StrictInputSerializer):
    vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all(), required=False, allow_null=True)
    number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    invoice_date = serializers.DateField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True, help_text="From the vendor's payment terms when left out.")
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    purchase_order = serializers.PrimaryKeyRelatedField(queryset=PurchaseOrder.objects.all(), required=False, allow_null=True)
    subtotal = _amount(required=False, allow_null=True)
    tax = _amount(required=False, allow_null=True)
    total = _amount(required=False, allow_null=True)
    payment_terms = serializers.CharField(max_length=100, required=False, allow_blank=True)
    credit_for = serializers.PrimaryKeyRelatedField(queryset=Invoice.objects.all(), required=False, allow_null=True)
    lines = InvoiceLineInputSerializer(many=True, required=False, max_length=200)

    def validate_currency(self, value: str) -> str:
        return iso_currency(value) if value else value

    def split(self) -> tuple[dict, list[dict] | None]:
        data = dict(self.validated_data)
        return data, data.pop("lines", None)


class InvoiceCreateInputSerializer(InvoiceFieldsSerializer):
    document = IdField(required=False, help_text="A COMPLETED document: the invoice is pre-filled from what was read.")
    kind = serializers.ChoiceField(choices=Invoice.Kind.choices, required=False)

    def validate(self, data):
        if "document" in data:
            return data
        missing = {
            name: ["Required when the invoice is entered by hand."]
            for name in ("number", "invoice_date", "total", "lines")
            if data.get(name) in (None, "", [])
        }
        if not (data.get("vendor") or data.get("purchase_order") or data.get("credit_for")):
            missing["vendor"] = ["Name the vendor (or the purchase order the invoice bills)."]
        if missing:
            raise serializers.ValidationError(missing)
        return data


class InvoiceFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Invoice.Status.choices, required=False)
    match_status = serializers.ChoiceField(choices=Invoice.MatchStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=Invoice.Kind.choices, required=False)
    vendor = IdField(required=False)
    purchase_order = IdField(required=False)
    due_by = serializers.DateField(required=False)
    search = serializers.CharField(required=False, max_length=100)
    ordering = serializers.ChoiceField(
        choices=["created_at", "-created_at", "due_date", "-due_date", "total", "-total", "invoice_date", "-invoice_date"],
        required=False,
    )


# --- Views ----------------------------------------------------------------------------------


class InvoiceListCreateApi(ExportableList, ListApiMixin, APIView):
    export_name = "invoices"
    export_columns = [
        Column("Number", lambda i: i.number),
        Column("Kind", lambda i: i.get_kind_display()),
        Column("Status", lambda i: i.get_status_display()),
        Column("Match", lambda i: i.get_match_status_display()),
        Column("Vendor", lambda i: i.vendor.name if i.vendor else ""),
        Column("Invoice date", lambda i: i.invoice_date),
        Column("Due date", lambda i: i.due_date),
        Column("Currency", lambda i: i.currency),
        Column("Total", lambda i: i.total),
        Column("Total (base currency)", lambda i: i.total_base),
        Column("PO", lambda i: i.purchase_order.number if i.purchase_order else ""),
        Column("Entered", lambda i: i.created_at),
    ]

    def get_permissions(self):
        return [IsInvoiceClerk()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(
        parameters=[InvoiceFilterSerializer, FORMAT_PARAMETER],
        responses=list_or_export(InvoiceListOutputSerializer(many=True)),
    )
    def get(self, request):
        filters = InvoiceFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        invoices = selectors.invoice_list(user=request.user, filters=filters.validated_data)
        return self.exported(request, invoices) or paginated_response(self, request, invoices, InvoiceListOutputSerializer)

    @extend_schema(
        request=InvoiceCreateInputSerializer,
        responses={201: InvoiceDetailOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        description="Enters an invoice or credit note and matches it. With `document`, the fields read from it "
        "are pre-filled (any field given overrides what was read); 409 `duplicate_invoice` when the vendor already "
        "has a live invoice with the same normalised number.",
    )
    @idempotent
    def post(self, request):
        body = InvoiceCreateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        header, lines = body.split()
        document_id = header.pop("document", None)
        document = document_get(user=request.user, pk=document_id) if document_id else None
        invoice = services.invoice_create(actor=request.user, header=header, lines=lines, document=document)
        return _detail(request, invoice, status.HTTP_201_CREATED)


class InvoiceDetailApi(APIView):
    def get_permissions(self):
        return [IsInvoiceClerk()] if self.request.method == "PATCH" else super().get_permissions()

    @extend_schema(responses=InvoiceDetailOutputSerializer)
    def get(self, request, pk: int):
        return _detail(request, selectors.invoice_get(user=request.user, pk=pk))

    @extend_schema(
        request=InvoiceFieldsSerializer,
        responses=InvoiceDetailOutputSerializer,
        description="Corrects fields of an invoice not yet approved (lines, when given, replace them all) and "
        "matches it again. Every change is audited and kept against the value read from the document.",
    )
    def patch(self, request, pk: int):
        invoice = selectors.invoice_get(user=request.user, pk=pk)
        body = InvoiceFieldsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        header, lines = body.split()
        return _detail(request, services.invoice_correct(actor=request.user, invoice=invoice, header=header, lines=lines))


class InvoiceHistoryApi(ListApiMixin, APIView):
    class EventOutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        action = serializers.CharField()
        actor = UserRefSerializer(allow_null=True)
        before = serializers.DictField(allow_null=True)
        after = serializers.DictField(allow_null=True)
        created_at = serializers.DateTimeField()

    @extend_schema(responses=EventOutputSerializer(many=True))
    def get(self, request, pk: int):
        invoice = selectors.invoice_get(user=request.user, pk=pk)
        return paginated_response(self, request, selectors.invoice_history(invoice=invoice), self.EventOutputSerializer)


class HoldReleaseApi(APIView):
    class ReleaseInputSerializer(StrictInputSerializer):
        reason = serializers.CharField(max_length=2000, help_text="Why the invoice may be paid anyway.")

    @extend_schema(
        request=ReleaseInputSerializer,
        responses=InvoiceDetailOutputSerializer,
        description="Releases a hold (its owner's role only; never whoever entered or last corrected the invoice: 403).",
    )
    def post(self, request, pk: int, hold_id: int):
        invoice = selectors.invoice_get(user=request.user, pk=pk)
        hold = get_object_or_404(InvoiceHold, pk=hold_id, invoice=invoice)
        services.hold_release_check(actor=request.user, invoice=invoice, hold=hold)
        body = self.ReleaseInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        invoice = services.invoice_hold_release(actor=request.user, invoice=invoice, hold_id=hold_id, **body.validated_data)
        return _detail(request, invoice)


class InvoiceApproveApi(APIView):
    permission_classes = [IsInvoiceClerk]

    @extend_schema(request=None, responses=InvoiceDetailOutputSerializer)
    def post(self, request, pk: int):
        invoice = selectors.invoice_get(user=request.user, pk=pk)
        return _detail(request, services.invoice_approve(actor=request.user, invoice=invoice))


class InvoiceCancelApi(APIView):
    permission_classes = [IsInvoiceClerk]

    class CancelInputSerializer(StrictInputSerializer):
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(request=CancelInputSerializer, responses=InvoiceDetailOutputSerializer)
    def post(self, request, pk: int):
        invoice = selectors.invoice_get(user=request.user, pk=pk)
        body = self.CancelInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return _detail(request, services.invoice_cancel(actor=request.user, invoice=invoice, **body.validated_data))


class InvoiceRefSerializer(serializers.ModelSerializer):
    vendor = VendorRefSerializer(allow_null=True)
    purchase_order = PurchaseOrderRefSerializer(allow_null=True)

    class Meta:
        model = Invoice
        fields = ["id", "kind", "status", "number", "vendor", "purchase_order", "currency", "total", "due_date"]


class MatchExceptionListApi(ListApiMixin, APIView):
    class ExceptionFilterSerializer(serializers.Serializer):
        code = serializers.ChoiceField(choices=HoldCode.choices, required=False)
        vendor = IdField(required=False)

    class ExceptionOutputSerializer(HoldOutputSerializer):
        invoice = InvoiceRefSerializer()

        class Meta(HoldOutputSerializer.Meta):
            fields = [*HoldOutputSerializer.Meta.fields, "invoice"]

    @extend_schema(
        parameters=[ExceptionFilterSerializer],
        responses=ExceptionOutputSerializer(many=True),
        description="The open holds waiting on the caller's role, oldest first.",
    )
    def get(self, request):
        filters = self.ExceptionFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        holds = selectors.match_exceptions(user=request.user, filters=filters.validated_data)
        return paginated_response(self, request, holds, self.ExceptionOutputSerializer, context={"user": request.user})


# --- Reports --------------------------------------------------------------------------------


class PayablesRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    committed = serializers.DecimalField(**MONEY_TOTAL)
    received = serializers.DecimalField(**MONEY_TOTAL)
    invoiced = serializers.DecimalField(**MONEY_TOTAL)
    paid = serializers.DecimalField(**MONEY_TOTAL)


class PayablesReportSerializer(serializers.Serializer):
    base_currency = serializers.CharField()
    group_by = serializers.CharField()
    rows = serializers.ListField(child=PayablesRowSerializer())


class PayablesReportApi(APIView):
    permission_classes = [IsReportReader]
    content_negotiation_class = FormatParamIsOurs

    class ReportFilterSerializer(serializers.Serializer):
        group_by = serializers.ChoiceField(choices=["department", "vendor"], default="department")
        date_from = serializers.DateField(required=False)
        date_to = serializers.DateField(required=False)
        format = serializers.ChoiceField(choices=["json", "csv"], default="json")

    @extend_schema(
        parameters=[ReportFilterSerializer],
        responses={200: PayablesReportSerializer, (200, "text/csv"): bytes},
        description="Per department or vendor, in the base currency: committed (issued POs), received, invoiced "
        "(live invoices less credit notes) and paid.",
    )
    def get(self, request):
        filters = self.ReportFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        options = filters.validated_data
        rows = selectors.payables_report(
            group_by=options["group_by"], date_from=options.get("date_from"), date_to=options.get("date_to")
        )
        if options["format"] == "csv":
            columns = ["group_by", "name", "base_currency", "committed", "received", "invoiced", "paid"]
            extra = {"group_by": options["group_by"], "base_currency": settings.BASE_CURRENCY}
            return csv_response(f"payables-{options['group_by']}.csv", columns, ({**extra, **row} for row in rows))
        report = {"base_currency": settings.BASE_CURRENCY, "group_by": options["group_by"], "rows": rows}
        return Response(PayablesReportSerializer(report).data)


class ReceivedNotInvoicedApi(ListApiMixin, APIView):
    permission_classes = [IsReportReader]

    class ReceivedNotInvoicedRowSerializer(serializers.Serializer):
        po_line = serializers.IntegerField(source="pk")
        purchase_order = PurchaseOrderRefSerializer()
        vendor = VendorRefSerializer(source="purchase_order.vendor")
        department = serializers.CharField(source="purchase_order.purchase_request.department.name")
        description = serializers.CharField()
        currency = serializers.CharField(source="purchase_order.currency")
        unit_price = serializers.DecimalField(**MONEY)
        received_quantity = serializers.DecimalField(**QUANTITY)
        invoiced_quantity = serializers.DecimalField(**QUANTITY)
        not_invoiced_quantity = serializers.DecimalField(**QUANTITY)
        not_invoiced_amount = serializers.DecimalField(**MONEY_TOTAL, help_text="At the PO's unit price, in its currency.")
        first_received_at = serializers.DateTimeField(allow_null=True)

    @extend_schema(
        responses=ReceivedNotInvoicedRowSerializer(many=True),
        description="Goods received not invoiced (the month-end accrual list), oldest receipt first.",
    )
    def get(self, request):
        return paginated_response(self, request, selectors.received_not_invoiced(), self.ReceivedNotInvoicedRowSerializer)


class HoldsReportRowSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=HoldCode.choices)
    reason = serializers.CharField()
    age = serializers.ChoiceField(choices=["0-7 days", "8-30 days", "over 30 days"])
    count = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY_TOTAL, help_text="The base-currency total of the invoices held.")


class HoldsReportSerializer(serializers.Serializer):
    base_currency = serializers.CharField()
    rows = serializers.ListField(child=HoldsReportRowSerializer())


class HoldsReportApi(APIView):
    permission_classes = [IsReportReader]

    @extend_schema(responses=HoldsReportSerializer, description="Open invoice holds by reason and age.")
    def get(self, request):
        report = {"base_currency": settings.BASE_CURRENCY, "rows": selectors.holds_report()}
        return Response(HoldsReportSerializer(report).data)


class InvoiceCommentsApi(CommentsApi):
    what = "invoice"

    def get_instance(self, request, pk: int):
        return selectors.invoice_get(user=request.user, pk=pk)

    def followers(self, instance):
        return selectors.invoice_followers(invoice=instance)

    def may_see(self, user, instance) -> bool:
        return selectors.invoice_may_see(user=user, invoice=instance)

    def app_path(self, instance) -> str:
        return f"/invoices/{instance.pk}"
