from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ApplicationError
from core.idempotency import IDEMPOTENCY_HEADER, idempotent
from core.pagination import ListApiMixin, paginated_response
from core.serializers import IdField, StrictInputSerializer, iso_currency
from invoices.models import INVOICE_MONEY, Invoice
from purchases.models import Vendor
from purchases.serializers import VendorRefSerializer
from users.permissions import IsBankAccountKeeper, IsPaymentClerk
from users.serializers import UserRefSerializer

from . import selectors, services
from .models import BankStatement, CompanyBankAccount, Payment, PaymentItem, PaymentRun, PaymentRunStatus, VendorBankAccount

# --- Bank accounts --------------------------------------------------------------------------


class BankAccountOutputSerializer(serializers.ModelSerializer):
    entered_by = UserRefSerializer()
    confirmed_by = UserRefSerializer(allow_null=True)
    may_confirm = serializers.SerializerMethodField(help_text="Whether the caller may confirm it (not who entered it).")

    class Meta:
        model = VendorBankAccount
        fields = [
            "id",
            "holder",
            "iban",
            "account_number",
            "bank_code",
            "bic",
            "bank_name",
            "currency",
            "is_default",
            "is_active",
            "status",
            "entered_by",
            "confirmed_by",
            "confirmed_at",
            "created_at",
            "may_confirm",
        ]

    def get_may_confirm(self, account: VendorBankAccount) -> bool:
        user = self.context["request"].user
        return account.status == VendorBankAccount.Status.UNCONFIRMED and account.is_active and account.entered_by_id != user.pk


class BankAccountInputSerializer(StrictInputSerializer):
    holder = serializers.CharField(max_length=140)
    iban = serializers.CharField(max_length=42, required=False, allow_blank=True, help_text="Spaces are allowed.")
    bic = serializers.CharField(max_length=14, required=False, allow_blank=True)
    account_number = serializers.CharField(max_length=34, required=False, allow_blank=True, help_text="Outside IBAN countries.")
    bank_code = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="The routing or sort code.")
    currency = serializers.CharField(max_length=3)
    is_default = serializers.BooleanField(required=False, help_text="Default: the vendor's first account in this currency.")

    def validate_currency(self, value: str) -> str:
        return iso_currency(value)


class BankAccountUpdateSerializer(StrictInputSerializer):
    is_default = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False, help_text="False retires the account; it is never paid again.")


def _vendor(pk: int) -> Vendor:
    return get_object_or_404(Vendor, pk=pk)


def _account(request, account: VendorBankAccount, code: int = status.HTTP_200_OK) -> Response:
    account = selectors.vendor_bank_account_get(vendor=account.vendor, pk=account.pk)
    return Response(BankAccountOutputSerializer(account, context={"request": request}).data, status=code)


class VendorBankAccountListCreateApi(ListApiMixin, APIView):
    permission_classes = [IsBankAccountKeeper]

    @extend_schema(responses=BankAccountOutputSerializer(many=True))
    def get(self, request, pk: int):
        accounts = selectors.vendor_bank_accounts(vendor=_vendor(pk))
        return paginated_response(self, request, accounts, BankAccountOutputSerializer, context={"request": request})

    @extend_schema(
        request=BankAccountInputSerializer,
        responses={201: BankAccountOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        description="Adds a bank account; it is `unconfirmed` until someone else confirms it, and the vendor is "
        "e-mailed that its bank details changed. 400 with `fields.iban` for an invalid IBAN.",
    )
    @idempotent
    def post(self, request, pk: int):
        body = BankAccountInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        account = services.vendor_bank_account_create(actor=request.user, vendor=_vendor(pk), **body.validated_data)
        return _account(request, account, status.HTTP_201_CREATED)


class VendorBankAccountDetailApi(APIView):
    permission_classes = [IsBankAccountKeeper]

    @extend_schema(
        request=BankAccountUpdateSerializer,
        responses=BankAccountOutputSerializer,
        description="Makes an account the default or retires it. Bank details never change in place: add a new account.",
    )
    def patch(self, request, pk: int, account_id: int):
        account = selectors.vendor_bank_account_get(vendor=_vendor(pk), pk=account_id)
        body = BankAccountUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return _account(request, services.vendor_bank_account_update(actor=request.user, account=account, **body.validated_data))


class VendorBankAccountConfirmApi(APIView):
    permission_classes = [IsBankAccountKeeper]

    @extend_schema(
        request=None, responses=BankAccountOutputSerializer, description="By someone other than who entered it (403 otherwise)."
    )
    def post(self, request, pk: int, account_id: int):
        account = selectors.vendor_bank_account_get(vendor=_vendor(pk), pk=account_id)
        return _account(request, services.vendor_bank_account_confirm(actor=request.user, account=account))


class CompanyAccountOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompanyBankAccount
        fields = ["id", "name", "holder", "iban", "bic", "currency", "is_default"]


class CompanyAccountListApi(APIView):
    permission_classes = [IsPaymentClerk]

    @extend_schema(responses=CompanyAccountOutputSerializer(many=True), description="The company's accounts that runs pay from.")
    def get(self, request):
        return Response(CompanyAccountOutputSerializer(selectors.company_accounts(), many=True).data)


# --- Payment runs ---------------------------------------------------------------------------


class InvoiceInRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invoice
        fields = ["id", "kind", "number", "invoice_date", "due_date", "total", "currency", "status"]


class PaymentItemSerializer(serializers.ModelSerializer):
    invoice = InvoiceInRunSerializer()
    amount = serializers.DecimalField(max_digits=16, decimal_places=3, help_text="To pay: negative for a credit note.")

    class Meta:
        model = PaymentItem
        fields = ["invoice", "amount", "discount"]


class PaymentBankAccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = VendorBankAccount
        fields = ["id", "holder", "iban", "account_number", "bank_code", "bic", "status", "is_active"]


class PaymentSerializer(serializers.ModelSerializer):
    vendor = VendorRefSerializer()
    bank_account = PaymentBankAccountSerializer()
    items = PaymentItemSerializer(many=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "vendor",
            "currency",
            "amount",
            "discount",
            "sepa",
            "end_to_end_id",
            "bank_account",
            "paid_on",
            "bank_reference",
            "items",
        ]


class ExcludedSerializer(serializers.Serializer):
    invoice = serializers.IntegerField()
    number = serializers.CharField()
    kind = serializers.CharField()
    vendor = serializers.IntegerField(allow_null=True)
    vendor_name = serializers.CharField()
    currency = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=3)
    reason = serializers.CharField()


class RunTotalSerializer(serializers.Serializer):
    currency = serializers.CharField()
    amount = serializers.DecimalField(**INVOICE_MONEY)
    discount = serializers.DecimalField(**INVOICE_MONEY)


class PaymentRunListOutputSerializer(serializers.ModelSerializer):
    created_by = UserRefSerializer()
    approved_by = UserRefSerializer(allow_null=True)
    payment_count = serializers.IntegerField()
    invoice_count = serializers.IntegerField()

    class Meta:
        model = PaymentRun
        fields = [
            "id",
            "number",
            "status",
            "pay_date",
            "due_by",
            "created_by",
            "approved_by",
            "created_at",
            "payment_count",
            "invoice_count",
        ]


class PaymentRunDetailOutputSerializer(serializers.ModelSerializer):
    created_by = UserRefSerializer()
    approved_by = UserRefSerializer(allow_null=True)
    company_account = CompanyAccountOutputSerializer()
    payments = PaymentSerializer(many=True)
    excluded = ExcludedSerializer(many=True, help_text="What the proposal left out, and why.")
    totals = serializers.SerializerMethodField()
    has_sepa_file = serializers.SerializerMethodField()
    has_other_file = serializers.SerializerMethodField()
    may_approve = serializers.SerializerMethodField(help_text="A draft, and the caller did not prepare it.")

    class Meta:
        model = PaymentRun
        fields = [
            "id",
            "number",
            "status",
            "pay_date",
            "due_by",
            "company_account",
            "created_by",
            "created_at",
            "approved_by",
            "approved_at",
            "exported_at",
            "paid_at",
            "cancelled_at",
            "message_id",
            "totals",
            "payments",
            "excluded",
            "has_sepa_file",
            "has_other_file",
            "may_approve",
        ]

    @extend_schema_field(RunTotalSerializer(many=True))
    def get_totals(self, run: PaymentRun) -> list[dict]:
        return RunTotalSerializer(selectors.payment_run_totals(run=run), many=True).data

    def get_has_sepa_file(self, run: PaymentRun) -> bool:
        """Whether the run has (or will have, once exported) a SEPA file: EUR payments to SEPA accounts."""
        return any(payment.sepa for payment in run.payments.all())

    def get_has_other_file(self, run: PaymentRun) -> bool:
        return any(not payment.sepa for payment in run.payments.all())

    def get_may_approve(self, run: PaymentRun) -> bool:
        return run.status == PaymentRunStatus.DRAFT and run.created_by_id != self.context["request"].user.pk


def _run(request, run: PaymentRun, code: int = status.HTTP_200_OK) -> Response:
    run = selectors.payment_run_get(pk=run.pk)
    return Response(PaymentRunDetailOutputSerializer(run, context={"request": request}).data, status=code)


class PaymentRunCreateInputSerializer(StrictInputSerializer):
    pay_date = serializers.DateField()
    due_by = serializers.DateField(required=False, help_text="Propose what falls due by this day (default: the pay date).")
    company_account = IdField(required=False, help_text="Which account of ours pays (default: the default one).")


class PaymentRunFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PaymentRunStatus.choices, required=False)
    search = serializers.CharField(required=False, max_length=100)


class PaymentRunListCreateApi(ListApiMixin, APIView):
    permission_classes = [IsPaymentClerk]

    @extend_schema(parameters=[PaymentRunFilterSerializer], responses=PaymentRunListOutputSerializer(many=True))
    def get(self, request):
        filters = PaymentRunFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return paginated_response(
            self, request, selectors.payment_run_list(filters=filters.validated_data), PaymentRunListOutputSerializer
        )

    @extend_schema(
        request=PaymentRunCreateInputSerializer,
        responses={201: PaymentRunDetailOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        description="A DRAFT run with the proposal: approved invoices due by `due_by` (or payable now for an "
        "early-payment discount), netted with the vendors' credit notes; what is left out says why. 400 "
        "`nothing_due` when nothing can be paid, 400 for a pay date in the past.",
    )
    @idempotent
    def post(self, request):
        body = PaymentRunCreateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if "company_account" in data:
            data["company_account"] = get_object_or_404(CompanyBankAccount, pk=data["company_account"])
        return _run(request, services.payment_run_create(actor=request.user, **data), status.HTTP_201_CREATED)


class PaymentRunUpdateSerializer(StrictInputSerializer):
    add = serializers.ListField(child=IdField(), required=False, max_length=500, help_text="Invoice or credit note ids to add.")
    remove = serializers.ListField(child=IdField(), required=False, max_length=500, help_text="Ids to take out.")


class PaymentRunDetailApi(APIView):
    permission_classes = [IsPaymentClerk]

    @extend_schema(responses=PaymentRunDetailOutputSerializer)
    def get(self, request, pk: int):
        return _run(request, selectors.payment_run_get(pk=pk))

    @extend_schema(
        request=PaymentRunUpdateSerializer,
        responses=PaymentRunDetailOutputSerializer,
        description="Adds or removes invoices while DRAFT; 409 `not_payable` (and no change) when a vendor could "
        "then not be paid.",
    )
    def patch(self, request, pk: int):
        run = selectors.payment_run_get(pk=pk)
        body = PaymentRunUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        return _run(
            request,
            services.payment_run_update(actor=request.user, run=run, add=data.get("add", []), remove=data.get("remove", [])),
        )


class PaymentRunApproveApi(APIView):
    permission_classes = [IsPaymentClerk]

    @extend_schema(
        request=None,
        responses=PaymentRunDetailOutputSerializer,
        description="By a finance user other than its creator (403 otherwise).",
    )
    def post(self, request, pk: int):
        return _run(request, services.payment_run_approve(actor=request.user, run=selectors.payment_run_get(pk=pk)))


class ReasonSerializer(StrictInputSerializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class PaymentRunCancelApi(APIView):
    permission_classes = [IsPaymentClerk]

    @extend_schema(
        request=ReasonSerializer,
        responses=PaymentRunDetailOutputSerializer,
        description="Before export: its invoices are free again.",
    )
    def post(self, request, pk: int):
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        run = services.payment_run_cancel(actor=request.user, run=selectors.payment_run_get(pk=pk), **body.validated_data)
        return _run(request, run)


class MarkPaidSerializer(StrictInputSerializer):
    paid_on = serializers.DateField(required=False, help_text="Default: the pay date.")
    reference = serializers.CharField(max_length=140, required=False, allow_blank=True, help_text="The bank's reference.")


class PaymentRunMarkPaidApi(APIView):
    permission_classes = [IsPaymentClerk]

    @extend_schema(
        request=MarkPaidSerializer,
        responses=PaymentRunDetailOutputSerializer,
        description="Confirms by hand that an exported run was paid.",
    )
    def post(self, request, pk: int):
        body = MarkPaidSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        run = services.payment_run_mark_paid(actor=request.user, run=selectors.payment_run_get(pk=pk), **body.validated_data)
        return _run(request, run)


def _download(content: str, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class PaymentRunSepaApi(APIView):
    permission_classes = [IsPaymentClerk]

    @extend_schema(
        responses={(200, "application/xml"): bytes},
        description="The pain.001.001.03 credit transfer of the run's EUR payments to SEPA accounts. The first "
        "download of an approved run generates and keeps it (the run becomes EXPORTED); every download gives the "
        "same bytes. 409 before approval, or when the run has no SEPA payment (see the CSV).",
    )
    def get(self, request, pk: int):
        run = services.payment_run_export(actor=request.user, run=selectors.payment_run_get(pk=pk))
        if not run.sepa_xml:
            raise ApplicationError("no_sepa_payments", "This run has no SEPA payment: download its CSV.", status_code=409)
        return _download(run.sepa_xml, f"{run.number}-pain.001.xml", "application/xml")


class PaymentRunCsvApi(APIView):
    permission_classes = [IsPaymentClerk]

    @extend_schema(
        responses={(200, "text/csv"): bytes},
        description="The payments that are not SEPA (other currencies, accounts outside the SEPA zone) as a CSV "
        "for the bank's portal; generated, kept and exported like the SEPA file.",
    )
    def get(self, request, pk: int):
        run = services.payment_run_export(actor=request.user, run=selectors.payment_run_get(pk=pk))
        if not run.other_csv:
            raise ApplicationError("no_other_payments", "Every payment of this run is in its SEPA file.", status_code=409)
        return _download(run.other_csv, f"{run.number}-payments.csv", "text/csv; charset=utf-8")


# --- Bank statements ------------------------------------------------------------------------


class StatementEntrySerializer(serializers.Serializer):
    end_to_end_id = serializers.CharField()
    amount = serializers.CharField()
    currency = serializers.CharField()
    creditor = serializers.CharField()
    creditor_iban = serializers.CharField()
    booked_on = serializers.CharField()
    reference = serializers.CharField()
    run = serializers.CharField(required=False, help_text="The run of the payment it matched.")
    payment = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False, help_text="Why it matched no payment.")


class StatementCountsSerializer(serializers.Serializer):
    debits = serializers.IntegerField()
    matched = serializers.IntegerField()
    already_paid = serializers.IntegerField()
    unmatched = serializers.IntegerField()


class StatementResultSerializer(serializers.Serializer):
    counts = StatementCountsSerializer()
    matched = StatementEntrySerializer(many=True)
    already_paid = StatementEntrySerializer(many=True)
    unmatched = StatementEntrySerializer(many=True)


class BankStatementOutputSerializer(serializers.ModelSerializer):
    company_account = CompanyAccountOutputSerializer()
    imported_by = UserRefSerializer()
    result = StatementResultSerializer()
    already_imported = serializers.SerializerMethodField(help_text="This file had been imported before: nothing changed.")

    class Meta:
        model = BankStatement
        fields = ["id", "statement_id", "file_name", "company_account", "imported_by", "created_at", "result", "already_imported"]

    def get_already_imported(self, statement: BankStatement) -> bool:
        return bool(self.context.get("already_imported"))


class StatementUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A camt.053 bank-to-customer statement (XML).")


class BankStatementListCreateApi(ListApiMixin, APIView):
    permission_classes = [IsPaymentClerk]
    parser_classes = [MultiPartParser]

    @extend_schema(responses=BankStatementOutputSerializer(many=True))
    def get(self, request):
        return paginated_response(self, request, selectors.bank_statement_list(), BankStatementOutputSerializer)

    @extend_schema(
        request={"multipart/form-data": StatementUploadSerializer},
        responses={201: BankStatementOutputSerializer, 200: BankStatementOutputSerializer},
        description="Matches the statement's booked debits to exported payments (by end-to-end id, then amount and "
        "IBAN) and marks them paid. The same file again answers 200 with the first import and changes nothing.",
    )
    def post(self, request):
        body = StatementUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        if upload.size > services.MAX_STATEMENT_BYTES:
            raise ApplicationError("file_too_large", "A statement may be at most 5 MB.", status_code=413)
        statement, new = services.bank_statement_import(actor=request.user, name=upload.name, content=upload.read())
        data = BankStatementOutputSerializer(statement, context={"already_imported": not new}).data
        return Response(data, status=status.HTTP_201_CREATED if new else status.HTTP_200_OK)
