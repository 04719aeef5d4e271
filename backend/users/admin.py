from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction

from core.admin import NoDeleteAdmin
from core.services import audit_record

from .models import Department, User


@admin.register(Department)
class DepartmentAdmin(NoDeleteAdmin):
    list_display = ("code", "name", "annual_budget", "manager")
    search_fields = ("code", "name")
    autocomplete_fields = ("manager",)


@admin.register(User)
class UserAdmin(NoDeleteAdmin, DjangoUserAdmin):
    """Users are deactivated, never deleted: requests, approvals and audit events point at them."""

    ordering = ("email",)
    list_display = ("email", "full_name", "role", "department", "manager", "spending_limit", "approval_limit", "is_active")
    list_filter = ("role", "department", "is_active", "is_staff")
    search_fields = ("email", "full_name")
    autocomplete_fields = ("department", "manager")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "role", "department", "manager")}),
        ("Limits", {"fields": ("spending_limit", "approval_limit")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),)

    def user_change_password(self, request, id, form_url=""):
        """The password form saves outside save_related: audit a new password here, in the same
        transaction, without the hash."""
        with transaction.atomic():
            before = self.get_object(request, unquote(id))
            response = super().user_change_password(request, id, form_url)
            after = self.get_object(request, unquote(id))
            if before is not None and after.password != before.password:
                audit_record(actor=request.user, action="admin.password_change", instance=after)
        return response
