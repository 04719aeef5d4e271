"""Reads of payments. Payment runs and statements are finance's (and admins'); vendor bank
accounts are seen by procurement, finance and admins. The API's permission classes keep
everyone else out (403); an id that does not exist answers 404."""

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404

from purchases.models import Vendor

from .models import BankStatement, CompanyBankAccount, Payment, PaymentItem, PaymentRun, VendorBankAccount


def vendor_bank_accounts(*, vendor: Vendor) -> QuerySet[VendorBankAccount]:
    return VendorBankAccount.objects.filter(vendor=vendor).select_related("entered_by", "confirmed_by")


def vendor_bank_account_get(*, vendor: Vendor, pk: int) -> VendorBankAccount:
    return get_object_or_404(vendor_bank_accounts(vendor=vendor), pk=pk)


def company_accounts() -> QuerySet[CompanyBankAccount]:
    return CompanyBankAccount.objects.all()


def payment_run_list(*, filters: dict) -> QuerySet[PaymentRun]:
    qs = PaymentRun.objects.select_related("created_by", "approved_by", "company_account").annotate(
        payment_count=Count("payments", distinct=True), invoice_count=Count("payments__items", distinct=True)
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if search := filters.get("search"):
        qs = qs.filter(number__icontains=search)
    return qs.order_by("-created_at", "-id")


def payment_run_totals(*, run: PaymentRun) -> list[dict]:
    """What the run pays per currency."""
    rows = run.payments.values("currency").annotate(amount=Sum("amount"), discount=Sum("discount")).order_by("currency")
    return [dict(row) for row in rows]


def payment_run_get(*, pk: int) -> PaymentRun:
    items = PaymentItem.objects.select_related("invoice").order_by("invoice__invoice_date", "invoice_id")
    payments = Payment.objects.select_related("vendor", "bank_account").prefetch_related(Prefetch("items", queryset=items))
    qs = PaymentRun.objects.select_related("created_by", "approved_by", "company_account").prefetch_related(
        Prefetch("payments", queryset=payments)
    )
    return get_object_or_404(qs, pk=pk)


def bank_statement_list() -> QuerySet[BankStatement]:
    return BankStatement.objects.select_related("company_account", "imported_by")
