from django.contrib import admin

from core.admin import AuditedAdmin, ReadOnlyAdmin

from .models import BankStatement, CompanyBankAccount, PaymentRun, VendorBankAccount


@admin.register(CompanyBankAccount)
class CompanyBankAccountAdmin(AuditedAdmin):
    """Our own accounts, the ones runs pay from."""

    list_display = ["name", "holder", "iban", "bic", "currency", "is_default"]


@admin.register(VendorBankAccount)
class VendorBankAccountAdmin(ReadOnlyAdmin):
    """Entered and confirmed through the API (four eyes, audited, the vendor told), never here."""

    list_display = ["vendor", "holder", "iban", "account_number", "currency", "status", "is_default", "is_active", "created_at"]
    list_filter = ["status", "is_active"]
    search_fields = ["vendor__name", "iban", "holder"]


@admin.register(PaymentRun)
class PaymentRunAdmin(ReadOnlyAdmin):
    list_display = ["number", "status", "pay_date", "created_by", "approved_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["number"]
    exclude = ["sepa_xml", "other_csv"]


@admin.register(BankStatement)
class BankStatementAdmin(ReadOnlyAdmin):
    list_display = ["statement_id", "file_name", "company_account", "imported_by", "created_at"]
