from datetime import date

from django.db import transaction
from django.utils import timezone

from core.exceptions import conflict, invalid_field
from core.services import audit_record
from users.models import User

from ..models import Delegation
from .approvals import approval_steps_follow_delegations


def _snapshot(delegation: Delegation) -> dict:
    return {
        "delegator": delegation.delegator.email,
        "delegate": delegation.delegate.email,
        "starts_on": delegation.starts_on.isoformat(),
        "ends_on": delegation.ends_on.isoformat(),
    }


@transaction.atomic
def delegation_create(*, actor: User, delegate: User, starts_on: date, ends_on: date) -> Delegation:
    """While `actor` is away, their approvals go to `delegate`. One delegation at a time, and no
    chains: neither the delegate nor the actor may be part of another delegation in the period."""
    today = timezone.localdate()
    if delegate.pk == actor.pk:
        raise invalid_field("delegate", "You cannot delegate to yourself.")
    if not delegate.is_active:
        raise invalid_field("delegate", f"{delegate.email} is inactive.")
    if delegate.approval_limit <= 0:
        raise invalid_field("delegate", f"{delegate.email} has no approval limit, so cannot approve for you.")
    if actor.approval_limit <= 0:
        raise invalid_field("delegate", "You have no approval limit: there is nothing to delegate.")
    if ends_on < starts_on:
        raise invalid_field("ends_on", "The last day must not be before the first.")
    if ends_on < today:
        raise invalid_field("ends_on", "The period is over already.")
    # Both people's rows are locked (in one order, so two delegations cannot deadlock): two
    # people delegating to each other at the same moment cannot both pass the checks below.
    list(User.objects.select_for_update().filter(pk__in=[actor.pk, delegate.pk]).order_by("pk"))
    overlapping = Delegation.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on, ended_early_at__isnull=True)
    if overlapping.filter(delegator=actor).exists():
        raise invalid_field("starts_on", "You already have a delegation in this period; end it first.")
    if overlapping.filter(delegator=delegate).exists():
        raise invalid_field("delegate", f"{delegate.email} is away in this period themselves.")
    if overlapping.filter(delegate=actor).exists():
        raise invalid_field("delegate", "Someone has delegated their approvals to you in this period; they cannot be passed on.")
    delegation = Delegation.objects.create(delegator=actor, delegate=delegate, starts_on=starts_on, ends_on=ends_on)
    audit_record(actor=actor, action="delegation.create", instance=delegation, after=_snapshot(delegation))
    if starts_on <= today:
        approval_steps_follow_delegations(actor=actor)
    return delegation


@transaction.atomic
def delegation_end(*, delegation: Delegation, actor: User) -> Delegation:
    """Ends a delegation early (or withdraws one not yet begun); waiting steps return."""
    delegation = Delegation.objects.select_for_update().select_related("delegator", "delegate").get(pk=delegation.pk)
    if delegation.ended_early_at is not None or delegation.ends_on < timezone.localdate():
        raise conflict("This delegation has ended already.")
    delegation.ended_early_at = timezone.now()
    delegation.save(update_fields=["ended_early_at"])
    audit_record(actor=actor, action="delegation.end", instance=delegation, after=_snapshot(delegation))
    approval_steps_follow_delegations(actor=actor)
    return delegation
