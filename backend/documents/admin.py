from django.contrib import admin

from core.admin import NoDeleteAdmin

from .models import Document


@admin.register(Document)
class DocumentAdmin(NoDeleteAdmin):
    list_display = ("id", "original_filename", "document_type", "status", "uploaded_by", "purchase_order", "created_at")
    list_filter = ("status", "document_type", "content_type")
    search_fields = ("original_filename", "sha256", "uploaded_by__email")
    readonly_fields = ("sha256", "size", "content_type", "task_id", "extracted_text", "extracted_data", "error")
