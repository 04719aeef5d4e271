from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ApplicationError
from core.idempotency import IDEMPOTENCY_HEADER, idempotent
from core.money import QUANTITY
from core.pagination import ListApiMixin, paginated_response
from core.serializers import IdField, StrictInputSerializer, iso_currency
from users.models import User
from users.permissions import IsAdmin, IsProcurement

from . import selectors, services
from .filters import PurchaseOrderFilter, PurchaseRequestFilter, VendorFilter
from .models import Vendor
from .pdf import purchase_order_pdf
from .serializers import (
    ApprovalStepOutputSerializer,
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


class VendorListCreateApi(_WriteForProcurement, ListApiMixin, APIView):
    filterset_class = VendorFilter

    @extend_schema(responses=VendorOutputSerializer(many=True))
    def get(self, request):
        return paginated_response(self, request, selectors.vendor_list(filters=request.query_params), VendorOutputSerializer)

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


class PurchaseRequestListCreateApi(ListApiMixin, APIView):
    filterset_class = PurchaseRequestFilter

    @extend_schema(responses=PurchaseRequestListOutputSerializer(many=True))
    def get(self, request):
        queryset = selectors.purchase_request_list(user=request.user, filters=request.query_params)
        return paginated_response(self, request, queryset, PurchaseRequestListOutputSerializer)

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


class CommentInputSerializer(StrictInputSerializer):
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
    @extend_schema(request=CommentInputSerializer, responses=PurchaseRequestDetailOutputSerializer)
    def post(self, request, pk: int):
        purchase_request = _request_to_decide(request, pk)
        body = CommentInputSerializer(data=request.data)
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

    class InboxItemOutputSerializer(ApprovalStepOutputSerializer):
        purchase_request = PurchaseRequestListOutputSerializer()

        class Meta(ApprovalStepOutputSerializer.Meta):
            fields = ["id", "sequence", "status", "purchase_request"]

    @extend_schema(parameters=[InboxFilterSerializer], responses=InboxItemOutputSerializer(many=True))
    def get(self, request):
        filters = self.InboxFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        steps = selectors.approval_inbox(user=request.user, filters=filters.validated_data)
        return paginated_response(self, request, steps, self.InboxItemOutputSerializer)


# --- Purchase orders ---------------------------------------------------------------------------


class PurchaseOrderListCreateApi(ListApiMixin, APIView):
    filterset_class = PurchaseOrderFilter

    class PurchaseOrderCreateInputSerializer(StrictInputSerializer):
        purchase_request = IdField()
        vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all())

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsProcurement()]
        return super().get_permissions()

    @extend_schema(responses=PurchaseOrderListOutputSerializer(many=True))
    def get(self, request):
        orders = selectors.purchase_order_list(user=request.user, filters=request.query_params)
        return paginated_response(self, request, orders, PurchaseOrderListOutputSerializer)

    @extend_schema(
        request=PurchaseOrderCreateInputSerializer,
        responses={201: PurchaseOrderDetailOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request):
        body = self.PurchaseOrderCreateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        purchase_request = selectors.purchase_request_get(user=request.user, pk=body.validated_data["purchase_request"])
        order = services.purchase_order_create_from_request(
            request=purchase_request, vendor=body.validated_data["vendor"], actor=request.user
        )
        detail = selectors.purchase_order_get(user=request.user, pk=order.pk)
        return Response(PurchaseOrderDetailOutputSerializer(detail).data, status=status.HTTP_201_CREATED)


class PurchaseOrderDetailApi(APIView):
    @extend_schema(responses=PurchaseOrderDetailOutputSerializer)
    def get(self, request, pk: int):
        return Response(PurchaseOrderDetailOutputSerializer(selectors.purchase_order_get(user=request.user, pk=pk)).data)


class PurchaseOrderCancelApi(APIView):
    permission_classes = [IsProcurement]

    @extend_schema(request=None, responses=PurchaseOrderDetailOutputSerializer)
    def post(self, request, pk: int):
        services.purchase_order_cancel(order=selectors.purchase_order_get(user=request.user, pk=pk), actor=request.user)
        return Response(PurchaseOrderDetailOutputSerializer(selectors.purchase_order_get(user=request.user, pk=pk)).data)


class PurchaseOrderPdfApi(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk: int):
        order = selectors.purchase_order_get(user=request.user, pk=pk)
        response = HttpResponse(purchase_order_pdf(order), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{order.number}.pdf"'
        return response


class ReceiptLineInputSerializer(StrictInputSerializer):
    po_line = IdField()
    quantity = serializers.DecimalField(**QUANTITY)

    def validate_quantity(self, value):
        if value <= 0:
            raise serializers.ValidationError("Quantity must be greater than zero.")
        return value


class GoodsReceiptCreateApi(APIView):
    class ReceiptInputSerializer(StrictInputSerializer):
        lines = ReceiptLineInputSerializer(many=True, allow_empty=False, max_length=500)
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class GoodsReceiptOutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        purchase_order = PurchaseOrderDetailOutputSerializer()
        received_at = serializers.DateTimeField()
        note = serializers.CharField()

    @extend_schema(request=ReceiptInputSerializer, responses={201: GoodsReceiptOutputSerializer}, parameters=[IDEMPOTENCY_HEADER])
    @idempotent
    def post(self, request, pk: int):
        order = selectors.purchase_order_get(user=request.user, pk=pk)
        if not selectors.may_receive_goods(user=request.user, order=order):
            raise ApplicationError(
                "permission_denied", "Only procurement or the requester may record goods receipts.", status_code=403
            )
        body = self.ReceiptInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        receipt = services.goods_receipt_create(order=order, actor=request.user, **body.validated_data)
        receipt.purchase_order = selectors.purchase_order_get(user=request.user, pk=pk)
        return Response(self.GoodsReceiptOutputSerializer(receipt).data, status=status.HTTP_201_CREATED)
