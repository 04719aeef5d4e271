"""Invalidate every cached dashboard when purchasing data changes (after the commit)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from purchases.models import ApprovalStep, PurchaseOrder, PurchaseRequest
from users.models import Department

from .selectors import DASHBOARD_VERSION_KEY, dashboard_cache_version


def bump_dashboard_version() -> None:
    dashboard_cache_version()  # make sure the key exists before incrementing it
    try:
        cache.incr(DASHBOARD_VERSION_KEY)
    except ValueError:  # expired between the two calls
        cache.set(DASHBOARD_VERSION_KEY, 1, timeout=None)


@receiver([post_save, post_delete], sender=PurchaseRequest)
@receiver([post_save, post_delete], sender=PurchaseOrder)
@receiver([post_save, post_delete], sender=ApprovalStep)
@receiver([post_save, post_delete], sender=Department)
def invalidate_dashboards(sender, **kwargs) -> None:
    transaction.on_commit(bump_dashboard_version)
