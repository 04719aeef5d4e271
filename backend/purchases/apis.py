from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ApplicationError, api_exception_handler
from core.exports import FORMAT_PARAMETER, Column, ExportableList, list_or_export
from core.idempotency import IDEMPOTENCY_HEADER, idempotent
from core.money import MONEY, QUANTITY
from core.pagination import ListApiMixin, paginated_response
from core.serializers import IdField, StrictInputSerializer, iso_currency
from discussions.apis import CommentsApi
from users.models import User
from users.permissions import IsAdmin, IsProcurement
from users.serializers import UserRefSerializer

from . import selectors, services
from .approval_links import approval_link_read
from .filters import PurchaseOrderFilter, PurchaseRequestFilter, VendorFilter
from .models import ApprovalStep, PurchaseRequest, Vendor
from .pdf import pdf_filename, purchase_order_pdf
from .serializers import (
    ApprovalStepOutputSerializer,
    GoodsReceiptOutputSerializer,
    PurchaseOrderDetailOutputSerializer,
    PurchaseOrderListOutputSerializer,
    PurchaseRequestDetailOutputSerializer,
    PurchaseRequestInputSerializer,
    PurchaseRequestListOutputSerializer,
    VendorOutputSerializer,
)


def _request_detail(request, pk: int) -> Response:
    return Response(PurchaseRequestDetailOutputSerializer(selectors.purchase_request_get(user=request.user, pk=pk)).data)


# --- Vendors -----------------------------------------------------------------------------------


class VendorInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    address = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    tax_id = serializers.CharField(required=False, allow_blank=True, max_length=40)
    currency = serializers.CharField(required=False, max_length=3)
    payment_terms = serializers.CharField(required=False, allow_blank=True, max_length=100)
    is_active = serializers.BooleanField(required=False)

    def validate_currency(self, value: str) -> str:
        return iso_currency(value)


class _WriteForProcurement:
    """Reading is open to every signed-in user; writing needs procurement or admin."""

    def get_permissions(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return super().get_permissions()
        return [IsProcurement()]


class VendorListCreateApi(ExportableList, _WriteForProcurement, ListApiMixin, APIView):
    filterset_class = VendorFilter
    export_name = "vendors"
    export_columns = [
        Column("Name", lambda v: v.name),
        Column("E-mail", lambda v: v.email),
        Column("Phone", lambda v: v.phone),
        Column("Tax id", lambda v: v.tax_id),
        Column("Currency", lambda v: v.currency),
        Column("Payment terms", lambda v: v.payment_terms),
        Column("Active", lambda v: v.is_active),
        Column("Address", lambda v: v.address),
    ]

    @extend_schema(parameters=[FORMAT_PARAMETER], responses=list_or_export(VendorOutputSerializer(many=True)))
    def get(self, request):
        vendors = selectors.vendor_list(filters=request.query_params)
        return self.exported(request, vendors) or paginated_response(self, request, vendors, VendorOutputSerializer)

    @extend_schema(request=VendorInputSerializer, responses={201: VendorOutputSerializer}, parameters=[IDEMPOTENCY_HEADER])
    @idempotent
    def post(self, request):
        body = VendorInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        vendor = services.vendor_create(actor=request.user, **body.validated_data)
        return Response(VendorOutputSerializer(vendor).data, status=status.HTTP_201_CREATED)


class VendorDetailApi(_WriteForProcurement, APIView):
    @extend_schema(responses=VendorOutputSerializer)
    def get(self, request, pk: int):
        return Response(VendorOutputSerializer(get_object_or_404(Vendor, pk=pk)).data)

    @extend_schema(request=VendorInputSerializer, responses=VendorOutputSerializer)
    def patch(self, request, pk: int):
        vendor = get_object_or_404(Vendor, pk=pk)
        body = VendorInputSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        vendor = services.vendor_update(actor=request.user, vendor=vendor, **body.validated_data)
        return Response(VendorOutputSerializer(vendor).data)


# --- Purchase requests -------------------------------------------------------------------------


class PurchaseRequestListCreateApi(ExportableList, ListApiMixin, APIView):
    filterset_class = PurchaseRequestFilter
    export_name = "purchase-requests"
    export_columns = [
        Column("Number", lambda r: r.number),
        Column("Title", lambda r: r.title),
        Column("Status", lambda r: r.get_status_display()),
        Column("Requester", lambda r: r.requester.email),
        Column("Department", lambda r: r.department.code),
        Column("Vendor", lambda r: r.vendor.name if r.vendor else ""),
        Column("Currency", lambda r: r.currency),
        Column("Total", lambda r: r.total),
        Column("Total (base currency)", lambda r: r.total_base),
        Column("Needed by", lambda r: r.needed_by),
        Column("Created", lambda r: r.created_at),
        Column("Submitted", lambda r: r.submitted_at),
        Column("Decided", lambda r: r.decided_at),
    ]

    @extend_schema(
        parameters=[FORMAT_PARAMETER],
        responses=list_or_export(PurchaseRequestListOutputSerializer(many=True)),
    )
    def get(self, request):
        queryset = selectors.purchase_request_list(user=request.user, filters=request.query_params)
        return self.exported(request, queryset) or paginated_response(
            self, request, queryset, PurchaseRequestListOutputSerializer
        )

    @extend_schema(
        request=PurchaseRequestInputSerializer,
        responses={201: PurchaseRequestDetailOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request):
        body = PurchaseRequestInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = services.purchase_request_create(requester=request.user, **body.validated_data)
        response = _request_detail(request, created.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


class PurchaseRequestDetailApi(APIView):
    @extend_schema(responses=PurchaseRequestDetailOutputSerializer)
    def get(self, request, pk: int):
        return _request_detail(request, pk)

    @extend_schema(request=PurchaseRequestInputSerializer, responses=PurchaseRequestDetailOutputSerializer)
    def patch(self, request, pk: int):
        purchase_request = selectors.purchase_request_get(user=request.user, pk=pk)
        body = PurchaseRequestInputSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.purchase_request_update(request=purchase_request, actor=request.user, **body.validated_data)
        return _request_detail(request, pk)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        purchase_request = selectors.purchase_request_get(user=request.user, pk=pk)
        services.purchase_request_delete(request=purchase_request, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PurchaseRequestHistoryApi(ListApiMixin, APIView):
    class HistoryEventOutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        action = serializers.CharField()
        object_type = serializers.CharField()
        actor_email = serializers.EmailField(source="actor.email", default=None)
        before = serializers.DictField(allow_null=True, help_text="The audited fields before the change.")
        after = serializers.DictField(allow_null=True, help_text="The audited fields after the change.")
        created_at = serializers.DateTimeField()

    @extend_schema(responses=HistoryEventOutputSerializer(many=True))
    def get(self, request, pk: int):
        events = selectors.purchase_request_history(user=request.user, pk=pk)
        return paginated_response(self, request, events, self.HistoryEventOutputSerializer)


class DecisionCommentInputSerializer(StrictInputSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class PurchaseRequestSubmitApi(APIView):
    @extend_schema(request=None, responses=PurchaseRequestDetailOutputSerializer)
    def post(self, request, pk: int):
        services.purchase_request_submit(request=selectors.purchase_request_get(user=request.user, pk=pk), actor=request.user)
        return _request_detail(request, pk)


def _request_to_decide(request, pk: int):
    """The request, if the caller may see it (404) and is on its approval chain (403), checked
    before the body is: who may not decide learns nothing from a validation error."""
    purchase_request = selectors.purchase_request_get(user=request.user, pk=pk)
    if not any(step.approver_id == request.user.pk for step in purchase_request.approval_steps.all()):
        raise ApplicationError("not_current_approver", "You are not an approver of this request.", status_code=403)
    return purchase_request


class PurchaseRequestApproveApi(APIView):
    @extend_schema(request=DecisionCommentInputSerializer, responses=PurchaseRequestDetailOutputSerializer)
    def post(self, request, pk: int):
        purchase_request = _request_to_decide(request, pk)
        body = DecisionCommentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.purchase_request_approve(request=purchase_request, actor=request.user, **body.validated_data)
        return _request_detail(request, pk)


class PurchaseRequestRejectApi(APIView):
    class RejectInputSerializer(StrictInputSerializer):
        comment = serializers.CharField(max_length=2000)

    @extend_schema(request=RejectInputSerializer, responses=PurchaseRequestDetailOutputSerializer)
    def post(self, request, pk: int):
        purchase_request = _request_to_decide(request, pk)
        body = self.RejectInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.purchase_request_reject(request=purchase_request, actor=request.user, **body.validated_data)
        return _request_detail(request, pk)


class PurchaseRequestCancelApi(APIView):
    @extend_schema(request=None, responses=PurchaseRequestDetailOutputSerializer)
    def post(self, request, pk: int):
        services.purchase_request_cancel(request=selectors.purchase_request_get(user=request.user, pk=pk), actor=request.user)
        return _request_detail(request, pk)


class PurchaseRequestReassignApi(APIView):
    permission_classes = [IsAdmin]

    class ReassignInputSerializer(StrictInputSerializer):
        approver = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        request=ReassignInputSerializer,
        responses=PurchaseRequestDetailOutputSerializer,
        description="An administrator hands the current approval step of a request to another approver.",
    )
    def post(self, request, pk: int):
        body = self.ReassignInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        purchase_request = selectors.purchase_request_get(user=request.user, pk=pk)
        services.approval_step_reassign(request=purchase_request, actor=request.user, **body.validated_data)
        return _request_detail(request, pk)


class ApprovalInboxApi(ListApiMixin, APIView):
    class InboxFilterSerializer(serializers.Serializer):
        search = serializers.CharField(required=False, max_length=100, help_text="Part of the request's number or title.")
        ordering = serializers.ChoiceField(
            choices=selectors.INBOX_ORDERINGS, required=False, help_text="Oldest first unless told otherwise."
        )
        department = IdField(required=False)

    class InboxItemOutputSerializer(ApprovalStepOutputSerializer):
        purchase_request = PurchaseRequestListOutputSerializer()

        class Meta(ApprovalStepOutputSerializer.Meta):
            fields = ["id", "sequence", "status", "on_behalf_of", "purchase_request"]

    @extend_schema(parameters=[InboxFilterSerializer], responses=InboxItemOutputSerializer(many=True))
    def get(self, request):
        filters = self.InboxFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        steps = selectors.approval_inbox(user=request.user, filters=filters.validated_data)
        return paginated_response(self, request, steps, self.InboxItemOutputSerializer)


# --- Purchase orders ---------------------------------------------------------------------------


class OrderLineInputSerializer(StrictInputSerializer):
    po_line = IdField(
        required=False, help_text="The line kept or changed; without it, a line is added. Lines left out are removed."
    )
    description = serializers.CharField(max_length=500)
    quantity = serializers.DecimalField(**QUANTITY, min_value=Decimal("0.001"))
    unit_price = serializers.DecimalField(**MONEY, min_value=Decimal("0"))
    tax_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("100"), required=False
    )


class PurchaseOrderListCreateApi(ExportableList, ListApiMixin, APIView):
    filterset_class = PurchaseOrderFilter
    export_name = "purchase-orders"
    export_columns = [
        Column("Number", lambda o: o.number),
        Column("Status", lambda o: o.get_status_display()),
        Column("Vendor", lambda o: o.vendor.name),
        Column("Request", lambda o: o.purchase_request.number),
        Column("Title", lambda o: o.purchase_request.title),
        Column("Requester", lambda o: o.purchase_request.requester.email),
        Column("Currency", lambda o: o.currency),
        Column("Total", lambda o: o.total),
        Column("Issued", lambda o: o.issued_at),
        Column("Archived", lambda o: o.is_archived),
    ]

    class PurchaseOrderCreateInputSerializer(StrictInputSerializer):
        purchase_request = IdField()
        vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all())
        issue = serializers.BooleanField(
            default=True, help_text="false: save a draft to complete and issue later (POST .../issue/)."
        )
        expected_delivery = serializers.DateField(required=False, allow_null=True)
        ship_to = serializers.CharField(required=False, allow_blank=True, max_length=2000)
        payment_terms = serializers.CharField(required=False, allow_blank=True, max_length=100)
        incoterms = serializers.CharField(required=False, allow_blank=True, max_length=40)
        notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
        lines = OrderLineInputSerializer(many=True, required=False, allow_empty=False, max_length=200)

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsProcurement()]
        return super().get_permissions()

    @extend_schema(
        parameters=[FORMAT_PARAMETER],
        responses=list_or_export(PurchaseOrderListOutputSerializer(many=True)),
    )
    def get(self, request):
        orders = selectors.purchase_order_list(user=request.user, filters=request.query_params)
        return self.exported(request, orders) or paginated_response(self, request, orders, PurchaseOrderListOutputSerializer)

    @extend_schema(
        request=PurchaseOrderCreateInputSerializer,
        responses={201: PurchaseOrderDetailOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request):
        body = self.PurchaseOrderCreateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        purchase_request = selectors.purchase_request_get(user=request.user, pk=data.pop("purchase_request"))
        vendor, issue = data.pop("vendor"), data.pop("issue")
        order = services.purchase_order_create_from_request(
            request=purchase_request, vendor=vendor, actor=request.user, issue=issue, details=data
        )
        return _order_detail(request, order.pk, status.HTTP_201_CREATED)


def _order_detail(request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(PurchaseOrderDetailOutputSerializer(selectors.purchase_order_get(user=request.user, pk=pk)).data, status=code)


class PurchaseOrderDetailApi(APIView):
    class PurchaseOrderUpdateInputSerializer(StrictInputSerializer):
        vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all(), required=False)
        expected_delivery = serializers.DateField(required=False, allow_null=True)
        ship_to = serializers.CharField(required=False, allow_blank=True, max_length=2000)
        payment_terms = serializers.CharField(required=False, allow_blank=True, max_length=100)
        incoterms = serializers.CharField(required=False, allow_blank=True, max_length=40)
        notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
        lines = OrderLineInputSerializer(many=True, required=False, allow_empty=False, max_length=200)

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [IsProcurement()]
        return super().get_permissions()

    @extend_schema(responses=PurchaseOrderDetailOutputSerializer)
    def get(self, request, pk: int):
        return _order_detail(request, pk)

    @extend_schema(request=PurchaseOrderUpdateInputSerializer, responses=PurchaseOrderDetailOutputSerializer)
    def patch(self, request, pk: int):
        order = selectors.purchase_order_get(user=request.user, pk=pk)
        body = self.PurchaseOrderUpdateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.purchase_order_update(order=order, actor=request.user, data=body.validated_data)
        return _order_detail(request, pk)


class PurchaseOrderIssueApi(APIView):
    permission_classes = [IsProcurement]

    @extend_schema(request=None, responses=PurchaseOrderDetailOutputSerializer)
    def post(self, request, pk: int):
        services.purchase_order_issue(order=selectors.purchase_order_get(user=request.user, pk=pk), actor=request.user)
        return _order_detail(request, pk)


class PurchaseOrderRevisionCreateApi(APIView):
    permission_classes = [IsProcurement]

    class RevisionInputSerializer(StrictInputSerializer):
        lines = OrderLineInputSerializer(many=True, allow_empty=False, max_length=200)
        expected_delivery = serializers.DateField(required=False, allow_null=True)
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000, help_text="Sent to the vendor.")

    @extend_schema(
        request=RevisionInputSerializer, responses={201: PurchaseOrderDetailOutputSerializer}, parameters=[IDEMPOTENCY_HEADER]
    )
    @idempotent
    def post(self, request, pk: int):
        order = selectors.purchase_order_get(user=request.user, pk=pk)
        body = self.RevisionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.purchase_order_revise(order=order, actor=request.user, data=body.validated_data)
        return _order_detail(request, pk, status.HTTP_201_CREATED)


class PurchaseOrderCancelApi(APIView):
    permission_classes = [IsProcurement]

    class PurchaseOrderCancelInputSerializer(StrictInputSerializer):
        reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, help_text="Sent to the vendor.")
        reissue = serializers.BooleanField(
            default=False,
            help_text="true: the request goes back to procurement's queue, its amount still committed; "
            "false: the request is closed and its amount released from the budget.",
        )

    @extend_schema(request=PurchaseOrderCancelInputSerializer, responses=PurchaseOrderDetailOutputSerializer)
    def post(self, request, pk: int):
        order = selectors.purchase_order_get(user=request.user, pk=pk)
        body = self.PurchaseOrderCancelInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.purchase_order_cancel(order=order, actor=request.user, **body.validated_data)
        return _order_detail(request, pk)


class PurchaseOrderPdfApi(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk: int):
        order = selectors.purchase_order_get(user=request.user, pk=pk)
        response = HttpResponse(purchase_order_pdf(order), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{pdf_filename(order)}"'
        return response


class ReceiptLineInputSerializer(StrictInputSerializer):
    po_line = IdField()
    quantity = serializers.DecimalField(**QUANTITY, min_value=Decimal("0"), help_text="Accepted: counts as received.")
    rejected_quantity = serializers.DecimalField(
        **QUANTITY, min_value=Decimal("0"), required=False, help_text="Delivered but refused: not received."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text="Damaged, short, ...")


class ReturnLineInputSerializer(StrictInputSerializer):
    po_line = IdField()
    quantity = serializers.DecimalField(**QUANTITY, min_value=Decimal("0.001"))


def _may_receive(request, pk: int):
    order = selectors.purchase_order_get(user=request.user, pk=pk)
    if not selectors.may_receive_goods(user=request.user, order=order):
        raise ApplicationError(
            "permission_denied", "Only procurement or the requester may record goods receipts.", status_code=403
        )
    return order


class GoodsReceiptCreatedSerializer(GoodsReceiptOutputSerializer):
    purchase_order = PurchaseOrderDetailOutputSerializer(help_text="The order as it stands after it.")


def _receipt_created(request, pk: int, receipt_pk: int) -> Response:
    receipt = selectors.goods_receipt_get(pk=receipt_pk)
    receipt.purchase_order = selectors.purchase_order_get(user=request.user, pk=pk)
    return Response(GoodsReceiptCreatedSerializer(receipt).data, status=status.HTTP_201_CREATED)


class GoodsReceiptCreateApi(APIView):
    class ReceiptInputSerializer(StrictInputSerializer):
        lines = ReceiptLineInputSerializer(many=True, allow_empty=False, max_length=500)
        delivery_note = serializers.CharField(required=False, allow_blank=True, max_length=100)
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    @extend_schema(
        request=ReceiptInputSerializer, responses={201: GoodsReceiptCreatedSerializer}, parameters=[IDEMPOTENCY_HEADER]
    )
    @idempotent
    def post(self, request, pk: int):
        order = _may_receive(request, pk)
        body = self.ReceiptInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        receipt = services.goods_receipt_create(order=order, actor=request.user, **body.validated_data)
        return _receipt_created(request, pk, receipt.pk)


class GoodsReturnCreateApi(APIView):
    class ReturnInputSerializer(StrictInputSerializer):
        lines = ReturnLineInputSerializer(many=True, allow_empty=False, max_length=500)
        reason = serializers.CharField(max_length=2000)

    @extend_schema(request=ReturnInputSerializer, responses={201: GoodsReceiptCreatedSerializer}, parameters=[IDEMPOTENCY_HEADER])
    @idempotent
    def post(self, request, pk: int):
        order = _may_receive(request, pk)
        body = self.ReturnInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        receipt = services.goods_return_create(order=order, actor=request.user, **body.validated_data)
        return _receipt_created(request, pk, receipt.pk)


# --- Procurement's queue -------------------------------------------------------------------------


class QueueRequestOutputSerializer(PurchaseRequestListOutputSerializer):
    reason = serializers.SerializerMethodField(
        help_text="no_vendor, vendor_inactive, po_cancelled, draft (a draft PO to complete) or not_issued."
    )
    draft_order = serializers.IntegerField(source="draft_id", allow_null=True, help_text="The draft PO's id.")

    class Meta(PurchaseRequestListOutputSerializer.Meta):
        fields = [f for f in PurchaseRequestListOutputSerializer.Meta.fields if f not in ("current_approver", "order")] + [
            "reason",
            "draft_order",
        ]

    def get_reason(self, request: PurchaseRequest) -> str:
        return selectors.queue_reason(request)


class ProcurementQueueApi(APIView):
    permission_classes = [IsProcurement]

    class QueueOutputSerializer(serializers.Serializer):
        requests = QueueRequestOutputSerializer(
            many=True, help_text="Approved requests waiting for a PO, oldest approval first (at most 500)."
        )
        late_orders = PurchaseOrderListOutputSerializer(
            many=True, help_text="Orders past their expected delivery, most overdue first."
        )

    @extend_schema(responses=QueueOutputSerializer)
    def get(self, request):
        return Response(self.QueueOutputSerializer(selectors.procurement_queue(today=timezone.localdate())).data)


class PurchaseRequestCloseApi(APIView):
    permission_classes = [IsProcurement]

    class CloseInputSerializer(StrictInputSerializer):
        reason = serializers.CharField(max_length=2000)

    @extend_schema(request=CloseInputSerializer, responses=PurchaseRequestDetailOutputSerializer)
    def post(self, request, pk: int):
        purchase_request = selectors.purchase_request_get(user=request.user, pk=pk)
        body = self.CloseInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.purchase_request_close(request=purchase_request, actor=request.user, **body.validated_data)
        return _request_detail(request, pk)


# --- Revise, duplicate, route preview ----------------------------------------------------------


class PurchaseRequestReviseApi(APIView):
    @extend_schema(
        request=None,
        responses=PurchaseRequestDetailOutputSerializer,
        description="The requester takes a rejected request back to a draft (same number, history kept).",
    )
    def post(self, request, pk: int):
        services.purchase_request_revise(request=selectors.purchase_request_get(user=request.user, pk=pk), actor=request.user)
        return _request_detail(request, pk)


class PurchaseRequestDuplicateApi(APIView):
    @extend_schema(
        request=None,
        responses={201: PurchaseRequestDetailOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        description="A new draft of the caller's, copying the lines, vendor and justification of a request they may see.",
    )
    @idempotent
    def post(self, request, pk: int):
        source = selectors.purchase_request_get(user=request.user, pk=pk)
        copy = services.purchase_request_duplicate(request=source, actor=request.user)
        response = _request_detail(request, copy.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


class RouteQuerySerializer(serializers.Serializer):
    total = serializers.DecimalField(
        **MONEY, min_value=Decimal("0"), required=False, help_text="Preview with this total (a draft being edited)."
    )
    currency = serializers.CharField(max_length=3, required=False, help_text="Preview in this currency.")

    def validate_currency(self, value: str) -> str:
        return iso_currency(value)


class RouteOutputSerializer(serializers.Serializer):
    class RouteStepSerializer(serializers.Serializer):
        sequence = serializers.IntegerField()
        approver = UserRefSerializer()
        approval_limit = serializers.DecimalField(**MONEY)
        rule = serializers.CharField(help_text="Why this approver is on the chain.")
        on_behalf_of = UserRefSerializer(allow_null=True, help_text="Set when a delegate stands in for someone away.")
        status = serializers.ChoiceField(choices=ApprovalStep.Status.choices, allow_null=True)

    class CheckSerializer(serializers.Serializer):
        code = serializers.CharField()
        passes = serializers.BooleanField()
        message = serializers.CharField()

    class ProblemSerializer(serializers.Serializer):
        code = serializers.CharField()
        message = serializers.CharField()

    currency = serializers.CharField()
    total = serializers.DecimalField(**MONEY)
    base_currency = serializers.CharField()
    total_base = serializers.DecimalField(**MONEY, allow_null=True)
    steps = RouteStepSerializer(many=True)
    checks = CheckSerializer(many=True, help_text="The spending limit and the budget (drafts only).")
    problems = ProblemSerializer(many=True, help_text="What would stop a submit now.")


def _route_response(request, purchase_request) -> Response:
    query = RouteQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    route = selectors.purchase_request_route(request=purchase_request, **query.validated_data)
    return Response(RouteOutputSerializer(route).data)


class PurchaseRequestRouteApi(APIView):
    @extend_schema(
        parameters=[RouteQuerySerializer],
        responses=RouteOutputSerializer,
        description="Who will approve, in order, and why; whether the spending limit and budget pass.",
    )
    def get(self, request, pk: int):
        return _route_response(request, selectors.purchase_request_get(user=request.user, pk=pk))


class PurchaseRequestNewRouteApi(APIView):
    @extend_schema(
        parameters=[RouteQuerySerializer],
        responses=RouteOutputSerializer,
        description="The route preview for a request the caller has not saved yet (the new-request form).",
        operation_id="purchase_requests_new_route",
    )
    def get(self, request):
        if request.user.department_id is None:
            raise ApplicationError("no_department", "You belong to no department; ask an administrator to set one.")
        draft = PurchaseRequest(requester=request.user, department=request.user.department, currency=settings.BASE_CURRENCY)
        return _route_response(request, draft)


# --- Bulk decisions ----------------------------------------------------------------------------


class ApprovalBulkApi(APIView):
    class DecisionInputSerializer(StrictInputSerializer):
        purchase_request = IdField()
        action = serializers.ChoiceField(choices=["approve", "reject"])
        comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    class BulkInputSerializer(StrictInputSerializer):
        decisions = serializers.ListField(child=serializers.DictField(), allow_empty=False, max_length=100)

    class BulkDecisionResultSerializer(serializers.Serializer):
        purchase_request = serializers.JSONField(help_text="The id as sent.")
        ok = serializers.BooleanField()
        status = serializers.CharField(allow_null=True, help_text="The request's status after the decision.")
        http_status = serializers.IntegerField(help_text="What a single approve or reject would have answered.")
        error = serializers.DictField(allow_null=True, help_text="The error envelope when it failed.")

    @extend_schema(
        request=BulkInputSerializer,
        responses={200: BulkDecisionResultSerializer(many=True)},
        description="Each decision on its own: one that fails (409, 403, 404, 400) does not stop the others.",
    )
    def post(self, request):
        body = self.BulkInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        results = [self._decide(request, raw) for raw in body.validated_data["decisions"]]
        return Response(self.BulkDecisionResultSerializer(results, many=True).data)

    def _decide(self, request, raw: dict) -> dict:
        try:
            decision = self.DecisionInputSerializer(data=raw)
            decision.is_valid(raise_exception=True)
            data = decision.validated_data
            purchase_request = _request_to_decide(request, data["purchase_request"])
            decide = services.purchase_request_approve if data["action"] == "approve" else services.purchase_request_reject
            decided = decide(request=purchase_request, actor=request.user, comment=data["comment"])
            return {
                "purchase_request": raw.get("purchase_request"),
                "ok": True,
                "status": decided.status,
                "http_status": 200,
                "error": None,
            }
        except Exception as exc:  # noqa: BLE001 - answered like the single call would, or re-raised
            answer = api_exception_handler(exc, {"view": self, "request": request})
            if answer is None or answer.status_code >= 500:
                raise
            return {
                "purchase_request": raw.get("purchase_request"),
                "ok": False,
                "status": None,
                "http_status": answer.status_code,
                "error": answer.data,
            }


# --- Delegations -------------------------------------------------------------------------------


class DelegationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    delegator = UserRefSerializer()
    delegate = UserRefSerializer()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    ended_early_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class ApproverListApi(ListApiMixin, APIView):
    class FilterSerializer(serializers.Serializer):
        search = serializers.CharField(required=False, max_length=100, help_text="Part of the name or e-mail address.")

    class ApproverOutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        email = serializers.EmailField()
        full_name = serializers.CharField()
        approval_limit = serializers.DecimalField(**MONEY)

    @extend_schema(parameters=[FilterSerializer], responses=ApproverOutputSerializer(many=True))
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        approvers = selectors.approver_list(search=filters.validated_data.get("search", ""))
        return paginated_response(self, request, approvers, self.ApproverOutputSerializer)


class DelegationListCreateApi(ListApiMixin, APIView):
    class DelegationInputSerializer(StrictInputSerializer):
        delegate = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
        starts_on = serializers.DateField()
        ends_on = serializers.DateField()

    @extend_schema(responses=DelegationOutputSerializer(many=True), description="Delegations I gave or received.")
    def get(self, request):
        return paginated_response(self, request, selectors.delegations_of(user=request.user), DelegationOutputSerializer)

    @extend_schema(
        request=DelegationInputSerializer, responses={201: DelegationOutputSerializer}, parameters=[IDEMPOTENCY_HEADER]
    )
    @idempotent
    def post(self, request):
        body = self.DelegationInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        delegation = services.delegation_create(actor=request.user, **body.validated_data)
        return Response(DelegationOutputSerializer(delegation).data, status=status.HTTP_201_CREATED)


class DelegationDetailApi(APIView):
    @extend_schema(request=None, responses={200: DelegationOutputSerializer}, description="Ends my delegation early.")
    def delete(self, request, pk: int):
        delegation = services.delegation_end(delegation=selectors.delegation_get(user=request.user, pk=pk), actor=request.user)
        return Response(DelegationOutputSerializer(delegation).data)


# --- Discussions -------------------------------------------------------------------------------


class PurchaseRequestCommentsApi(CommentsApi):
    what = "request"

    def get_instance(self, request, pk: int):
        return selectors.purchase_request_get(user=request.user, pk=pk)

    def followers(self, instance):
        return selectors.purchase_request_followers(request=instance)

    def may_see(self, user, instance) -> bool:
        return selectors.purchase_request_may_see(user=user, request=instance)

    def app_path(self, instance) -> str:
        return f"/purchase-requests/{instance.pk}"


class PurchaseOrderCommentsApi(CommentsApi):
    what = "order"

    def get_instance(self, request, pk: int):
        return selectors.purchase_order_get(user=request.user, pk=pk)

    def followers(self, instance):
        return selectors.purchase_request_followers(request=instance.purchase_request)

    def may_see(self, user, instance) -> bool:
        return selectors.purchase_order_may_see(user=user, order=instance)

    def app_path(self, instance) -> str:
        return f"/purchase-orders/{instance.pk}"


# --- Decisions from the e-mail -----------------------------------------------------------------


class ApprovalLinkApi(APIView):
    class TokenQuerySerializer(serializers.Serializer):
        token = serializers.CharField(max_length=1000)

    class DecideInputSerializer(StrictInputSerializer):
        token = serializers.CharField(max_length=1000)
        comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    class ApprovalLinkOutputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(choices=["approve", "reject"])
        purchase_request = PurchaseRequestListOutputSerializer()

    @extend_schema(
        parameters=[TokenQuerySerializer],
        responses=ApprovalLinkOutputSerializer,
        description="What an e-mailed approve/reject link would do (nothing changes): 410 expired, 409 used.",
    )
    def get(self, request):
        query = self.TokenQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        link = approval_link_read(token=query.validated_data["token"], user=request.user)
        return Response(
            self.ApprovalLinkOutputSerializer({"action": link.action, "purchase_request": link.step.purchase_request}).data
        )

    @extend_schema(request=DecideInputSerializer, responses=PurchaseRequestDetailOutputSerializer)
    def post(self, request):
        body = self.DecideInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        link = approval_link_read(token=body.validated_data["token"], user=request.user)
        decide = services.purchase_request_approve if link.action == "approve" else services.purchase_request_reject
        decide(request=link.step.purchase_request, actor=request.user, comment=body.validated_data["comment"])
        return _request_detail(request, link.step.purchase_request_id)
