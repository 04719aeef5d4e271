from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.csv import FormatParamIsOurs, csv_response
from core.money import MONEY_TOTAL
from core.pagination import ListApiMixin, paginated_response
from core.serializers import IdField
from purchases.selectors import PURCHASE_ORDER_STATUSES, PURCHASE_REQUEST_STATUSES
from users.permissions import IsReportReader

from .selectors import dashboard_stats, spending_report, spending_report_list

SPENDING_CSV_HEADER = [
    "group_by",
    "key",
    "name",
    "currency",
    "request_count",
    "approved_total",
    "pending_total",
    "total",
    "base_currency",
    "total_base",
]


class AmountSerializer(serializers.Serializer):
    currency = serializers.CharField()
    amount = serializers.DecimalField(**MONEY_TOTAL)


class DepartmentBudgetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    annual_budget = serializers.DecimalField(**MONEY_TOTAL)
    committed = serializers.DecimalField(**MONEY_TOTAL)
    remaining = serializers.DecimalField(**MONEY_TOTAL)
    used_percent = serializers.FloatField(allow_null=True)


class SpendingRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    currency = serializers.CharField()
    request_count = serializers.IntegerField()
    approved_total = serializers.DecimalField(**MONEY_TOTAL)
    pending_total = serializers.DecimalField(**MONEY_TOTAL)
    total = serializers.DecimalField(**MONEY_TOTAL)
    # Reports made before base-currency totals existed have none (hence not required).
    total_base = serializers.DecimalField(
        **MONEY_TOTAL, required=False, help_text="The total converted to the base currency at each request's rate."
    )


class DailyReportTotalsSerializer(serializers.Serializer):
    class StatusTotalSerializer(serializers.Serializer):
        status = serializers.CharField()
        currency = serializers.CharField()
        request_count = serializers.IntegerField()
        total = serializers.DecimalField(**MONEY_TOTAL)
        total_base = serializers.DecimalField(**MONEY_TOTAL, required=False)

    base_currency = serializers.CharField(required=False)
    fiscal_year_start = serializers.DateField()
    as_of = serializers.DateField()
    by_department = SpendingRowSerializer(many=True)
    by_vendor = SpendingRowSerializer(many=True)
    by_status = StatusTotalSerializer(many=True)
    budgets = DepartmentBudgetSerializer(many=True)


class DashboardStatsOutputSerializer(serializers.Serializer):
    class MonthAmountSerializer(AmountSerializer):
        month = serializers.CharField(help_text="YYYY-MM")
        amount_base = serializers.DecimalField(**MONEY_TOTAL, help_text="`amount` in the base currency.")

    class ActivityEventSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        action = serializers.CharField()
        summary = serializers.CharField(
            help_text="What happened and who caused it, as one sentence to show: "
            "'Goods received by alice@example.com', 'PO issued automatically on approval by bob@example.com'."
        )
        object_type = serializers.CharField()
        object_id = serializers.CharField()
        object_repr = serializers.CharField()
        actor = serializers.EmailField(allow_null=True)
        created_at = serializers.DateTimeField()

    generated_at = serializers.DateTimeField()
    # One count per status, every status present (zero when none).
    requests_by_status = inline_serializer(
        "RequestCountsByStatus", {status: serializers.IntegerField() for status in PURCHASE_REQUEST_STATUSES}
    )
    orders_by_status = inline_serializer(
        "OrderCountsByStatus", {status: serializers.IntegerField() for status in PURCHASE_ORDER_STATUSES}
    )
    base_currency = serializers.CharField(help_text="The currency of every *_base amount, budgets and limits.")
    spend_this_month_base = serializers.DecimalField(**MONEY_TOTAL, help_text="Every currency's spend, in the base currency.")
    spend_this_year_base = serializers.DecimalField(**MONEY_TOTAL)
    spend_this_month = AmountSerializer(many=True, help_text="Per currency, as ordered.")
    spend_this_year = AmountSerializer(many=True, help_text="Per currency, as ordered.")
    spend_by_month = MonthAmountSerializer(many=True)
    pending_approvals = serializers.IntegerField()
    approved_today = serializers.IntegerField()
    budgets = DepartmentBudgetSerializer(many=True)
    recent_activity = ActivityEventSerializer(many=True)


class DashboardStatsApi(APIView):
    @extend_schema(responses=DashboardStatsOutputSerializer)
    def get(self, request):
        return Response(DashboardStatsOutputSerializer(dashboard_stats(user=request.user)).data)


class SpendingReportOutputSerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=["department", "vendor", "month"])
    base_currency = serializers.CharField()
    total_base = serializers.DecimalField(**MONEY_TOTAL, help_text="Every row's total, in the base currency.")
    results = SpendingRowSerializer(many=True)

    def get_fields(self):
        # `from` and `to` are Python keywords, so they cannot be declared as attributes.
        return {"from": serializers.DateField(), "to": serializers.DateField(), **super().get_fields()}


class SpendingReportApi(APIView):
    content_negotiation_class = FormatParamIsOurs

    class SpendingQuerySerializer(serializers.Serializer):
        group_by = serializers.ChoiceField(choices=["department", "vendor", "month"], default="department")
        department = IdField(required=False)
        format = serializers.ChoiceField(choices=["json", "csv"], default="json")

        def get_fields(self):
            # `from` and `to` are Python keywords, so they cannot be declared as attributes.
            period = {"from": serializers.DateField(required=False), "to": serializers.DateField(required=False)}
            return {**period, **super().get_fields()}

        def validate(self, attrs):
            attrs.setdefault("to", timezone.localdate())
            attrs.setdefault("from", date(attrs["to"].year, 1, 1))
            if attrs["from"] > attrs["to"]:
                raise serializers.ValidationError({"from": ["'from' must not be after 'to'."]})
            return attrs

    @extend_schema(
        parameters=[SpendingQuerySerializer],
        responses={200: SpendingReportOutputSerializer, (200, "text/csv"): bytes},
    )
    def get(self, request):
        query = self.SpendingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        rows = spending_report(
            user=request.user,
            date_from=params["from"],
            date_to=params["to"],
            group_by=params["group_by"],
            department=params.get("department"),
        )
        if params["format"] == "csv":
            base = settings.BASE_CURRENCY
            filename = f"spending-{params['group_by']}-{params['from']}-{params['to']}.csv"
            rows = ({"group_by": params["group_by"], "base_currency": base, **row} for row in rows)
            return csv_response(filename, SPENDING_CSV_HEADER, rows)
        report = {
            "from": params["from"],
            "to": params["to"],
            "group_by": params["group_by"],
            "base_currency": settings.BASE_CURRENCY,
            "total_base": sum((Decimal(row["total_base"]) for row in rows), Decimal("0.00")),
            "results": rows,
        }
        return Response(SpendingReportOutputSerializer(report).data)


class SpendingReportListApi(ListApiMixin, APIView):
    permission_classes = [IsReportReader]

    class DailyReportOutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        report_date = serializers.DateField()
        generated_at = serializers.DateTimeField()
        emailed_at = serializers.DateTimeField(allow_null=True)
        totals = DailyReportTotalsSerializer()

    @extend_schema(responses=DailyReportOutputSerializer(many=True))
    def get(self, request):
        return paginated_response(self, request, spending_report_list(), self.DailyReportOutputSerializer)


class SpendingReportCsvApi(APIView):
    permission_classes = [IsReportReader]

    @extend_schema(responses={(200, "text/csv"): bytes})
    def get(self, request, pk: int):
        report = get_object_or_404(spending_report_list(), pk=pk)
        return FileResponse(
            report.csv_file.open("rb"),
            as_attachment=True,
            filename=f"spending-{report.report_date.isoformat()}.csv",
            content_type="text/csv",
        )
