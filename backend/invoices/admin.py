from django.contrib import admin

from core.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Invoice, InvoiceCorrection, MatchPolicy


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    """Invoices change through the API's services (which match and audit them), never here."""

    list_display = ["pk", "kind", "number", "vendor", "status", "match_status", "total", "currency", "created_at"]
    list_filter = ["status", "match_status", "kind"]
    search_fields = ["number", "vendor__name"]


@admin.register(InvoiceCorrection)
class InvoiceCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "field", "extracted_value", "corrected_value", "corrected_by", "created_at"]


@admin.register(MatchPolicy)
class MatchPolicyAdmin(AuditedAdmin):
    list_display = [
        "vendor",
        "price_tolerance_percent",
        "price_tolerance_amount",
        "quantity_tolerance_units",
        "quantity_tolerance_percent",
        "services",
    ]
    autocomplete_fields = ["vendor"]
