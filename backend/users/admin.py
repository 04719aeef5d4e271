from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "annual_budget", "manager")
    search_fields = ("code", "name")
    autocomplete_fields = ("manager",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
