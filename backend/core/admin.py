from django.contrib import admin

from .models import AuditEvent, TrackedTask


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "object_type", "object_id", "actor", "ip_address")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "object_repr", "actor__email")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrackedTask)
class TrackedTaskAdmin(admin.ModelAdmin):
    list_display = ("task_id", "name", "owner", "created_at")
    search_fields = ("task_id", "owner__email")
