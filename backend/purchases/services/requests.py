import logging
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError
from core.services import audit_record, model_snapshot
from currencies.selectors import to_base
from users.models import Department, User

from ..models import ApprovalStep, PurchaseRequest, PurchaseRequestItem, Vendor
from ..routing import amount_text, limit_checks
from ..selectors import department_committed
from .approvals import approval_chain_build, notify_step_on_commit
from .common import line_total, money, next_number, require_status

logger = logging.getLogger(__name__)

Status = PurchaseRequest.Status
REQUEST_AUDIT_FIELDS = [
    "number",
    "title",
    "status",
    "currency",
    "vendor",
    "needed_by",
    "total",
    "exchange_rate",
    "total_base",
    "department",
]
MAX_AMOUNT = Decimal("999999999999.99")  # what a 14-digit money column holds


def _audit_state(request: PurchaseRequest) -> dict:
    state = model_snapshot(request, REQUEST_AUDIT_FIELDS)
    state["items"] = [
        {"description": item.description, "quantity": str(item.quantity), "unit_price": str(item.unit_price)}
        for item in request.items.all()
    ]
    return state


def _replace_items(request: PurchaseRequest, items: list[dict]) -> None:
    request.items.all().delete()
    rows = [
        PurchaseRequestItem(
            purchase_request=request,
            position=position,
            description=item["description"],
            quantity=item["quantity"],
            unit_price=item["unit_price"],
            line_total=line_total(item["quantity"], item["unit_price"]),
        )
        for position, item in enumerate(items, start=1)
    ]
    total = money(sum((row.line_total for row in rows), Decimal("0")))
    if total > MAX_AMOUNT:
        raise ApplicationError(
            "validation_error",
            "The total is larger than the system can hold.",
            fields={"items": [f"The total must not exceed {MAX_AMOUNT}."]},
        )
    PurchaseRequestItem.objects.bulk_create(rows)
    request.total = total


def _amount_text(request: PurchaseRequest) -> str:
    return amount_text(request.total, request.currency, request.total_base)


def _lock(request: PurchaseRequest) -> PurchaseRequest:
    return PurchaseRequest.objects.select_for_update().get(pk=request.pk)


def _require_requester(request: PurchaseRequest, actor: User, action: str) -> None:
    if request.requester_id != actor.pk:
        raise ApplicationError("permission_denied", f"Only the requester may {action} this request.", status_code=403)


@transaction.atomic
def purchase_request_create(
    *,
    requester: User,
    title: str,
    currency: str,
    items: list[dict],
    justification: str = "",
    vendor: Vendor | None = None,
    needed_by: date | None = None,
) -> PurchaseRequest:
    if requester.department_id is None:
        raise ApplicationError("no_department", "You belong to no department; ask an administrator to set one.")
    request = PurchaseRequest(
        number=next_number("PR"),
        requester=requester,
        department_id=requester.department_id,
        title=title,
        justification=justification,
        currency=currency,
        vendor=vendor,
        needed_by=needed_by,
    )
    request.full_clean(exclude=["total"])
    request.save()
    _replace_items(request, items)
    request.save(update_fields=["total"])
    audit_record(actor=requester, action="purchase_request.create", instance=request, after=_audit_state(request))
    return request


@transaction.atomic
def purchase_request_update(*, request: PurchaseRequest, actor: User, **fields) -> PurchaseRequest:
    request = _lock(request)
    _require_requester(request, actor, "edit")
    require_status(request, {Status.DRAFT}, "edit")
    before = _audit_state(request)
    items = fields.pop("items", None)
    for name, value in fields.items():
        setattr(request, name, value)
    if items is not None:
        _replace_items(request, items)
    request.full_clean()
    request.save()
    audit_record(actor=actor, action="purchase_request.update", instance=request, before=before, after=_audit_state(request))
    return request


@transaction.atomic
def purchase_request_delete(*, request: PurchaseRequest, actor: User) -> None:
    request = _lock(request)
    _require_requester(request, actor, "delete")
    require_status(request, {Status.DRAFT}, "delete")
    audit_record(actor=actor, action="purchase_request.delete", instance=request, before=_audit_state(request))
    request.delete()


@transaction.atomic
def purchase_request_submit(*, request: PurchaseRequest, actor: User) -> PurchaseRequest:
    """DRAFT -> PENDING_APPROVAL: check the requester's spending limit and the department's
    remaining budget, build the approval chain and tell the first approver."""
    request = _lock(request)
    _require_requester(request, actor, "submit")
    require_status(request, {Status.DRAFT}, "submit")
    if not request.items.exists():
        raise ApplicationError(
            "validation_error", "A request needs at least one item.", fields={"items": ["At least one item is required."]}
        )
    now = timezone.now()
    # Limits and budgets are in the base currency: the total is converted at the rate of the
    # submission day (400 no_exchange_rate without one), and both are kept on the request.
    request.exchange_rate, request.total_base = to_base(
        amount=request.total, currency=request.currency, day=timezone.localdate(now)
    )
    shown = _amount_text(request)
    # The department row lock serialises submits of one department, so two requests that
    # together exceed the budget cannot both pass.
    Department.objects.select_for_update().get(pk=request.department_id)
    committed = department_committed(department_id=request.department_id, moment=now)  # the selectors' definition
    for check in limit_checks(request, total_base=request.total_base, shown=shown, committed=committed):
        if not check.passes:
            raise ApplicationError(check.code, check.message, fields=check.fields)
    before = _audit_state(request)
    steps = approval_chain_build(request)
    request.status = Status.PENDING_APPROVAL
    request.submitted_at = now
    request.flags = _split_purchase_flags(request, now)
    request.save(update_fields=["status", "submitted_at", "exchange_rate", "total_base", "flags", "updated_at"])
    if request.flags:
        audit_record(actor=actor, action="purchase_request.split_suspected", instance=request, after={"flags": request.flags})
    audit_record(
        actor=actor,
        action="purchase_request.submit",
        instance=request,
        before=before,
        after={**_audit_state(request), "approvers": [step.approver.email for step in steps]},
    )
    notify_step_on_commit(steps[0])
    logger.info("%s submitted for %s, %d approval step(s)", request.number, shown, len(steps))
    return request


def _split_purchase_flags(request: PurchaseRequest, now) -> list[str]:
    """A purchase split to stay under the spending limit: other requests by the same requester
    for the same vendor submitted in the last SPLIT_PURCHASE_DAYS days, waiting or approved,
    that together with this one exceed the requester's limit. Flagged to the approvers."""
    vendor = request.vendor
    if vendor is None:
        return []
    others = list(
        PurchaseRequest.objects.filter(
            requester_id=request.requester_id,
            vendor=vendor,
            status__in=[Status.PENDING_APPROVAL, Status.APPROVED],
            submitted_at__gte=now - timedelta(days=settings.SPLIT_PURCHASE_DAYS),
        )
        .exclude(pk=request.pk)
        .order_by("submitted_at")
    )
    together = request.base_total + sum((other.base_total for other in others), Decimal("0"))
    limit = request.requester.spending_limit
    if not others or together <= limit:
        return []
    numbers = ", ".join(other.number for other in others)
    return [
        f"Possible split purchase: with {numbers} ({vendor.name}, last {settings.SPLIT_PURCHASE_DAYS} days) "
        f"the requester asks for {together} {settings.BASE_CURRENCY}, above their spending limit of {limit}."
    ]


@transaction.atomic
def purchase_request_cancel(*, request: PurchaseRequest, actor: User) -> PurchaseRequest:
    request = _lock(request)
    _require_requester(request, actor, "cancel")
    require_status(request, {Status.DRAFT, Status.PENDING_APPROVAL}, "cancel")
    before = _audit_state(request)
    request.status = Status.CANCELLED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at", "updated_at"])
    request.approval_steps.filter(status__in=[ApprovalStep.Status.PENDING, ApprovalStep.Status.QUEUED]).update(
        status=ApprovalStep.Status.SKIPPED
    )
    audit_record(actor=actor, action="purchase_request.cancel", instance=request, before=before, after=_audit_state(request))
    return request


@transaction.atomic
def purchase_request_revise(*, request: PurchaseRequest, actor: User) -> PurchaseRequest:
    """REJECTED -> DRAFT under the same number, for the requester to change and submit again.
    The rejected round's steps and the history stay; the next submit builds a fresh chain (the
    submit-time figures are cleared, so limits and budgets are checked afresh)."""
    request = _lock(request)
    _require_requester(request, actor, "revise")
    require_status(request, {Status.REJECTED}, "revise")
    before = _audit_state(request)
    request.status = Status.DRAFT
    request.approval_round += 1
    request.submitted_at = request.decided_at = request.decision_notified_at = None
    request.exchange_rate = request.total_base = None
    request.flags = []
    request.save()
    audit_record(
        actor=actor,
        action="purchase_request.revise",
        instance=request,
        before=before,
        after={**_audit_state(request), "round": request.approval_round},
    )
    logger.info("%s revised by %s (round %d)", request.number, actor.email, request.approval_round)
    return request


@transaction.atomic
def purchase_request_duplicate(*, request: PurchaseRequest, actor: User) -> PurchaseRequest:
    """A new draft of the caller's with `request`'s title, lines, vendor and justification (not
    its attachments, approvals or history). An inactive vendor is left out."""
    vendor = request.vendor if request.vendor is not None and request.vendor.is_active else None
    items = [
        {"description": item.description, "quantity": item.quantity, "unit_price": item.unit_price}
        for item in request.items.all()
    ]
    copy = purchase_request_create(
        requester=actor,
        title=request.title,
        currency=request.currency,
        items=items,
        justification=request.justification,
        vendor=vendor,
        needed_by=request.needed_by if request.needed_by and request.needed_by >= timezone.localdate() else None,
    )
    audit_record(actor=actor, action="purchase_request.duplicate", instance=copy, after={"copied_from": request.number})
    return copy
