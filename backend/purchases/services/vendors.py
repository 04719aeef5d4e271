from django.db import transaction

from core.services import audit_record, model_snapshot
from users.models import Department, User

from ..models import Vendor

VENDOR_FIELDS = ["name", "email", "phone", "address", "tax_id", "currency", "is_active"]
DEPARTMENT_FIELDS = ["name", "code", "annual_budget", "manager"]


def _save_audited(instance, *, actor: User, action: str, fields: list[str], before: dict | None = None):
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, action=action, instance=instance, before=before, after=model_snapshot(instance, fields))
    return instance


@transaction.atomic
def vendor_create(*, actor: User, **fields) -> Vendor:
    return _save_audited(Vendor(**fields), actor=actor, action="vendor.create", fields=VENDOR_FIELDS)


@transaction.atomic
def vendor_update(*, actor: User, vendor: Vendor, **fields) -> Vendor:
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    before = model_snapshot(vendor, VENDOR_FIELDS)
    for name, value in fields.items():
        setattr(vendor, name, value)
    return _save_audited(vendor, actor=actor, action="vendor.update", fields=VENDOR_FIELDS, before=before)


@transaction.atomic
def department_create(*, actor: User, **fields) -> Department:
    return _save_audited(Department(**fields), actor=actor, action="department.create", fields=DEPARTMENT_FIELDS)


@transaction.atomic
def department_update(*, actor: User, department: Department, **fields) -> Department:
    department = Department.objects.select_for_update().get(pk=department.pk)
    before = model_snapshot(department, DEPARTMENT_FIELDS)
    for name, value in fields.items():
        setattr(department, name, value)
    return _save_audited(department, actor=actor, action="department.update", fields=DEPARTMENT_FIELDS, before=before)
