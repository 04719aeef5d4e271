from typing import Any

from django.db import models, transaction

from core.services import audit_record, model_snapshot
from users.models import User

from ..models import Vendor

VENDOR_FIELDS = ["name", "email", "phone", "address", "tax_id", "currency", "payment_terms", "is_active"]


def _save_audited(instance: models.Model, *, actor: User, action: str, fields: list[str], before: dict | None = None):
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, action=action, instance=instance, before=before, after=model_snapshot(instance, fields))
    return instance


def _update_audited(instance: Any, *, actor: User, action: str, fields: list[str], values: dict):
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    before = model_snapshot(instance, fields)
    for name, value in values.items():
        setattr(instance, name, value)
    return _save_audited(instance, actor=actor, action=action, fields=fields, before=before)


@transaction.atomic
def vendor_create(*, actor: User, **fields) -> Vendor:
    return _save_audited(Vendor(**fields), actor=actor, action="vendor.create", fields=VENDOR_FIELDS)


@transaction.atomic
def vendor_update(*, actor: User, vendor: Vendor, **fields) -> Vendor:
    return _update_audited(vendor, actor=actor, action="vendor.update", fields=VENDOR_FIELDS, values=fields)
