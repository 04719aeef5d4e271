from django.contrib import admin

from .models import Vendor


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "currency", "is_active")
    list_filter = ("is_active", "currency")
    search_fields = ("name", "email", "tax_id")
