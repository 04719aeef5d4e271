from django.contrib import admin

from core.admin import AuditedAdmin, NoDeleteAdmin

from .models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(NoDeleteAdmin, AuditedAdmin):
    """Rates converted submitted requests: corrected (audited), never deleted."""

    list_display = ["currency", "date", "rate", "source", "created_by"]
    list_filter = ["currency", "source"]
    date_hierarchy = "date"
