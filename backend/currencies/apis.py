from decimal import Decimal

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ApplicationError
from core.idempotency import IDEMPOTENCY_HEADER, idempotent
from core.pagination import ListApiMixin, paginated_response
from core.serializers import StrictInputSerializer, iso_currency
from users.permissions import IsRateKeeper
from users.serializers import UserRefSerializer

from .models import RATE, ExchangeRate
from .selectors import exchange_rate_list
from .services import MAX_IMPORT_BYTES, exchange_rate_set, exchange_rates_import


class ExchangeRateOutputSerializer(serializers.ModelSerializer):
    rate = serializers.DecimalField(**RATE, help_text="Units of the base currency for one unit of `currency`.")
    created_by = UserRefSerializer(allow_null=True)

    class Meta:
        model = ExchangeRate
        fields = ["id", "currency", "date", "rate", "source", "created_by", "created_at"]


class ExchangeRateInputSerializer(StrictInputSerializer):
    currency = serializers.CharField(max_length=3)
    date = serializers.DateField()
    rate = serializers.DecimalField(**RATE, min_value=Decimal("0.0000000001"))

    def validate_currency(self, value: str) -> str:
        return iso_currency(value)


class ExchangeRateFilterSerializer(serializers.Serializer):
    currency = serializers.CharField(required=False, max_length=3)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


class ExchangeRateListCreateApi(ListApiMixin, APIView):
    permission_classes = [IsRateKeeper]

    @extend_schema(parameters=[ExchangeRateFilterSerializer], responses=ExchangeRateOutputSerializer(many=True))
    def get(self, request):
        filters = ExchangeRateFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rates = exchange_rate_list(filters=filters.validated_data)
        return paginated_response(self, request, rates, ExchangeRateOutputSerializer)

    @extend_schema(
        request=ExchangeRateInputSerializer,
        responses={201: ExchangeRateOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        description="Sets the rate of a currency on a day (a day that has one is replaced).",
    )
    @idempotent
    def post(self, request):
        body = ExchangeRateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        rate = exchange_rate_set(actor=request.user, currency=data["currency"], day=data["date"], rate=data["rate"])
        return Response(ExchangeRateOutputSerializer(rate).data, status=status.HTTP_201_CREATED)


class ExchangeRateImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A CSV with the columns currency, date, rate (units of the base currency per unit), "
        "or an ECB euro reference-rate XML file (eurofxref-daily.xml or eurofxref-hist.xml)."
    )


class ExchangeRateImportOutputSerializer(serializers.Serializer):
    base_currency = serializers.CharField()
    created = serializers.IntegerField()
    replaced = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class ExchangeRateImportApi(APIView):
    permission_classes = [IsRateKeeper]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ExchangeRateImportInputSerializer},
        responses=ExchangeRateImportOutputSerializer,
        description="Imports every rate of the file, all or nothing.",
    )
    def post(self, request):
        body = ExchangeRateImportInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ApplicationError(
                "file_too_large", f"A rate file may be at most {MAX_IMPORT_BYTES // (1024 * 1024)} MB.", status_code=413
            )
        summary = exchange_rates_import(actor=request.user, name=upload.name, content=upload.read())
        return Response({"base_currency": settings.BASE_CURRENCY, **summary})
