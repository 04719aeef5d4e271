from django.contrib import admin
from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEvent, TrackedTask
from .services import audit_record, model_snapshot


def _json_value(value):
    """Form and model values as JSON: related rows by primary key, files by name."""
    if isinstance(value, list | tuple | models.QuerySet):
        return [_json_value(item) for item in value]
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def admin_audit(request, form, *, change: bool) -> None:
    """Audit one object saved through an admin form, with the fields the form changed (all of
    them for an add). The admin's views save in a transaction, so the event commits with the
    change."""
    fields = form.changed_data if change else list(form.fields)
    if not fields:  # a save that changed nothing; model_snapshot would take every field
        return
    after = {name: _json_value(value) for name, value in model_snapshot(form.instance, fields).items()}
    before = {name: _json_value(form.initial.get(name)) for name in after} if change else None
    action = "admin.change" if change else "admin.add"
    audit_record(actor=request.user, action=action, instance=form.instance, before=before, after=after)


class AuditedAdmin(admin.ModelAdmin):
    """Every add and change saved through the admin (inlines too) writes an audit event, as the
    API's services do: the admin is no way around the audit trail."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        admin_audit(request, form, change=change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        changed = [obj for obj, _ in formset.changed_objects]
        for inline_form in formset.forms:
            if inline_form.instance in formset.new_objects:
                admin_audit(request, inline_form, change=False)
            elif inline_form.instance in changed:
                admin_audit(request, inline_form, change=True)


class NoDeleteAdmin(AuditedAdmin):
    """Records with money or an audit trail are never deleted through the admin (no delete view,
    no "delete selected" action): they are cancelled or deactivated through the services."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoDeleteAdmin):
    """Append-only records: the admin shows them and changes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "object_type", "object_id", "actor", "ip_address")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "object_repr", "actor__email")


@admin.register(TrackedTask)
class TrackedTaskAdmin(AuditedAdmin):
    list_display = ("task_id", "name", "owner", "created_at")
    search_fields = ("task_id", "owner__email")
