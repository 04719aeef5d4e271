import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError, conflict
from core.services import audit_record
from notifications.models import Notification
from notifications.services import notify
from users.models import User

from ..models import ApprovalStep, PurchaseRequest
from ..routing import RouteStep, active_delegations, approval_route, delegation_for, line_above, may_stand_in, route_for
from .common import task_send_on_commit
from .orders import purchase_order_create_from_request

logger = logging.getLogger(__name__)

Status = PurchaseRequest.Status
StepStatus = ApprovalStep.Status


def notify_step_on_commit(step: ApprovalStep) -> None:
    """The approver now holding `step` is told in the app and (once committed) by e-mail."""
    request = step.purchase_request
    behalf = f" on behalf of {step.on_behalf_of.email}" if step.on_behalf_of else ""
    notify(
        users=[step.approver],
        kind=Notification.Kind.APPROVAL_WAITING,
        text=f"{request.number} {request.title} waits for your approval{behalf}.",
        instance=request,
        url=f"/purchase-requests/{request.pk}",
    )
    task_send_on_commit("purchases.approval_step_notify", step.pk)


def notify_decision_on_commit(request: PurchaseRequest) -> None:
    notify(
        users=[request.requester],
        kind=Notification.Kind.REQUEST_DECIDED,
        text=f"Your request {request.number} {request.title} was {request.get_status_display().lower()}.",
        instance=request,
        url=f"/purchase-requests/{request.pk}",
    )
    task_send_on_commit("purchases.purchase_request_decision_notify", request.pk)


def _steps_append(request: PurchaseRequest, route: list[RouteStep], *, after: int, first_pending: bool) -> list[ApprovalStep]:
    steps = [
        ApprovalStep(
            purchase_request=request,
            round=request.approval_round,
            sequence=after + position,
            approver=step.approver,
            on_behalf_of=step.on_behalf_of,
            rule=step.rule[:300],
            approval_limit=step.approver.approval_limit,
            status=StepStatus.PENDING if position == 1 and first_pending else StepStatus.QUEUED,
        )
        for position, step in enumerate(route, start=1)
    ]
    return ApprovalStep.objects.bulk_create(steps)


def current_steps(request: PurchaseRequest):
    return request.approval_steps.filter(round=request.approval_round)


def approval_chain_build(request: PurchaseRequest) -> list[ApprovalStep]:
    """One step per approver walking up the management line, until one whose approval limit
    covers the base-currency total; if the line runs out, a finance user closes it."""
    route = approval_route(request, total=request.base_total, day=timezone.localdate())
    return _steps_append(request, route, after=0, first_pending=True)


def _extend_chain_above(request: PurchaseRequest, step: ApprovalStep, steps: list[ApprovalStep]) -> list[ApprovalStep]:
    """The last approver's limit no longer covers the total (it was lowered after the chain was
    built): the chain goes on above them, from their own manager upwards, as it would have if
    the limit had been this low at submit."""
    above = step.on_behalf_of or step.approver
    candidates = ((boss, f"Above {above.email}, whose limit no longer covers the total.") for boss in line_above(above))
    taken = {s.approver_id for s in steps} | {s.on_behalf_of_id for s in steps if s.on_behalf_of_id}
    route = route_for(request, candidates, total=request.base_total, day=timezone.localdate(), exclude=taken)
    return _steps_append(request, route, after=max(s.sequence for s in steps), first_pending=True)


def _on_behalf(step: ApprovalStep) -> dict:
    """For the history: "approved by B on behalf of A"."""
    return {"on_behalf_of": step.on_behalf_of.email} if step.on_behalf_of else {}


def _lock_for_decision(request: PurchaseRequest, actor: User, action: str) -> tuple[PurchaseRequest, ApprovalStep]:
    """Lock the request and its steps, then check, inside the lock, that the request still
    waits for a decision and that the actor holds the current step."""
    request = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    steps = list(current_steps(request).select_for_update().order_by("sequence"))
    if request.status != Status.PENDING_APPROVAL:
        raise conflict(f"Cannot {action} a request that is {request.get_status_display().lower()}.")
    mine = next((step for step in steps if step.approver_id == actor.pk), None)
    if mine is None:
        raise ApplicationError("not_current_approver", "You are not an approver of this request.", status_code=403)
    if mine.status != StepStatus.PENDING:
        if mine.status == StepStatus.QUEUED:
            raise conflict("It is not your turn yet: an earlier approver has not decided.", code="not_your_turn")
        raise conflict("You have already decided on this request.", code="already_decided")
    return request, mine


@transaction.atomic
def purchase_request_approve(*, request: PurchaseRequest, actor: User, comment: str = "") -> PurchaseRequest:
    """The current approver approves their step. Their limit is read now, not when the chain was
    built: when they hold the last step and it no longer covers the total, their approval counts
    as one on the way up and the chain is extended above them (recorded)."""
    request, step = _lock_for_decision(request, actor, "approve")
    now = timezone.now()
    step.status, step.comment, step.decided_at = StepStatus.APPROVED, comment, now
    step.save(update_fields=["status", "comment", "decided_at"])
    next_step = current_steps(request).filter(status=StepStatus.QUEUED).order_by("sequence").first()
    before = {"status": request.status, "step": step.sequence}
    approver_limit = User.objects.filter(pk=actor.pk).values_list("approval_limit", flat=True).get()
    if next_step is None and approver_limit < request.base_total:
        added = _extend_chain_above(request, step, list(current_steps(request)))
        audit_record(
            actor=actor,
            action="purchase_request.reroute",
            instance=request,
            before={"step": step.sequence, "approver": actor.email, "limit_at_submit": str(step.approval_limit)},
            after={
                "reason": f"{actor.email}'s approval limit is now {approver_limit} {settings.BASE_CURRENCY}, "
                f"below the total of {request.base_total} {settings.BASE_CURRENCY}.",
                "added_approvers": [added_step.approver.email for added_step in added],
            },
        )
        next_step = added[0]
        notify_step_on_commit(next_step)
    elif next_step is not None:
        next_step.status = StepStatus.PENDING
        next_step.save(update_fields=["status"])
        notify_step_on_commit(next_step)
    else:
        request.status, request.decided_at = Status.APPROVED, now
        request.save(update_fields=["status", "decided_at", "updated_at"])
        notify_decision_on_commit(request)
    audit_record(
        actor=actor,
        action="purchase_request.approve",
        instance=request,
        before=before,
        after={"status": request.status, "step": step.sequence, "comment": comment, **_on_behalf(step)},
    )
    if request.status == Status.APPROVED and request.vendor is not None:
        if request.vendor.is_active:
            # Issued at once, or a draft for procurement to complete (PO_ISSUE_ON_APPROVAL off).
            purchase_order_create_from_request(
                request=request,
                vendor=request.vendor,
                actor=actor,
                automatic=True,
                issue=settings.PO_ISSUE_ON_APPROVAL,
            )
        else:
            # The vendor was deactivated while the request waited: it is approved without an
            # order, and procurement chooses a vendor (the request shows it needs one).
            logger.info("%s approved; its vendor %s is inactive, so no PO was issued", request.number, request.vendor)
    logger.info("%s step %d approved by %s", request.number, step.sequence, actor.email)
    return request


@transaction.atomic
def purchase_request_reject(*, request: PurchaseRequest, actor: User, comment: str) -> PurchaseRequest:
    if not comment.strip():
        raise ApplicationError(
            "validation_error", "A rejection needs a comment.", fields={"comment": ["A comment is required to reject."]}
        )
    request, step = _lock_for_decision(request, actor, "reject")
    now = timezone.now()
    step.status, step.comment, step.decided_at = StepStatus.REJECTED, comment, now
    step.save(update_fields=["status", "comment", "decided_at"])
    current_steps(request).filter(status=StepStatus.QUEUED).update(status=StepStatus.SKIPPED)
    request.status, request.decided_at = Status.REJECTED, now
    request.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="purchase_request.reject",
        instance=request,
        before={"status": Status.PENDING_APPROVAL, "step": step.sequence},
        after={"status": request.status, "step": step.sequence, "comment": comment, **_on_behalf(step)},
    )
    notify_decision_on_commit(request)
    return request


def _replacement_for(step: ApprovalStep, chain: list[ApprovalStep]) -> User:
    """Who takes over a step: the approver's manager and upwards, else the department manager,
    else a finance user whose limit covers the total; never the requester or someone already
    on the chain."""
    request = step.purchase_request
    taken = {request.requester_id, *(other.approver_id for other in chain)}

    department_manager = [request.department.manager] if request.department.manager else []
    for candidate in [*line_above(step.on_behalf_of or step.approver), *department_manager]:
        if candidate.pk not in taken and candidate.is_active and candidate.approval_limit > 0:
            return candidate
    return route_for(request, [], total=request.base_total, day=timezone.localdate(), exclude=taken)[-1].approver


def _reassign(step: ApprovalStep, approver: User, *, actor: User | None, reason: str, on_behalf_of: User | None = None) -> None:
    previous = step.approver
    step.approver, step.approval_limit, step.on_behalf_of = approver, approver.approval_limit, on_behalf_of
    step.save(update_fields=["approver", "approval_limit", "on_behalf_of"])
    audit_record(
        actor=actor,
        action="purchase_request.step_reassign",
        instance=step.purchase_request,
        before={"step": step.sequence, "approver": previous.email},
        after={"step": step.sequence, "approver": approver.email, "reason": reason, **_on_behalf(step)},
    )
    if step.status == StepStatus.PENDING:
        notify_step_on_commit(step)
    logger.info("%s step %d reassigned from %s to %s", step.purchase_request.number, step.sequence, previous, approver)


@transaction.atomic
def approval_steps_reroute_from(*, user: User, actor: User | None) -> int:
    """`user` can no longer approve (deactivated): each of their undecided steps goes to the
    next person up (their manager, else the department manager, else finance). Returns how many."""
    steps = (
        ApprovalStep.objects.select_for_update(of=("self",))
        .filter(
            approver=user,
            status__in=[StepStatus.PENDING, StepStatus.QUEUED],
            purchase_request__status=Status.PENDING_APPROVAL,
        )
        .select_related("purchase_request__department__manager", "approver__manager")
    )
    count = 0
    for step in steps:
        chain = list(current_steps(step.purchase_request).select_for_update())
        replacement = _replacement_for(step, chain)
        _reassign(step, replacement, actor=actor, reason=f"{user.email} was deactivated.")
        count += 1
    return count


@transaction.atomic
def approval_step_reassign(*, request: PurchaseRequest, approver: User, actor: User, reason: str = "") -> PurchaseRequest:
    """An administrator hands the current step of a stuck request to someone else."""
    request = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != Status.PENDING_APPROVAL:
        raise conflict(f"Only a request waiting for approval has a step to reassign; {request.number} is not.")
    chain = list(current_steps(request).select_for_update().select_related("approver"))
    step = next(step for step in chain if step.status == StepStatus.PENDING)
    if approver.pk == step.approver_id:
        raise conflict(f"{approver.email} already holds this step.", code="already_assigned")
    problem = None
    if not approver.is_active:
        problem = "This user is inactive."
    elif approver.pk == request.requester_id:
        problem = "The requester cannot approve their own request."
    elif approver.pk in {other.approver_id for other in chain}:
        problem = "This user is already on the approval chain."
    elif approver.approval_limit <= 0:
        problem = "This user has no approval limit."
    if problem:
        raise ApplicationError("validation_error", problem, fields={"approver": [problem]})
    _reassign(step, approver, actor=actor, reason=reason or "Reassigned by an administrator.")
    return request


def _waiting_steps():
    return ApprovalStep.objects.select_for_update(of=("self",)).filter(
        status__in=[StepStatus.PENDING, StepStatus.QUEUED], purchase_request__status=Status.PENDING_APPROVAL
    )


@transaction.atomic
def approval_steps_follow_delegations(*, actor: User | None = None) -> int:
    """Steps waiting on someone who is away today move to their delegate (up the chain when the
    delegate may not stand in: the requester, already on the chain, or too low a limit); steps
    held for someone who is back return to them. Idempotent; run when a delegation starts or
    ends and every morning. Returns how many steps moved."""
    day = timezone.localdate()
    away = active_delegations(day)
    moved = 0
    for step in _waiting_steps().filter(approver__in=away.values("delegator")).select_related("approver", "purchase_request"):
        delegation = delegation_for(step.approver, day)
        assert delegation is not None
        request, delegator, delegate = step.purchase_request, step.approver, delegation.delegate
        chain = list(current_steps(request).select_for_update())
        taken = {request.requester_id, *(other.approver_id for other in chain)}
        until = f"{delegator.email} is away until {delegation.ends_on.isoformat()}"
        if delegate.pk not in taken and may_stand_in(delegate, delegator=delegator, total=request.base_total):
            _reassign(step, delegate, actor=actor, reason=f"{until}; their delegate decides.", on_behalf_of=delegator)
        else:
            replacement = _replacement_for(step, chain)
            _reassign(step, replacement, actor=actor, reason=f"{until}; their delegate may not decide this request.")
        moved += 1
    returning = _waiting_steps().filter(on_behalf_of__isnull=False).exclude(on_behalf_of__in=away.values("delegator"))
    for step in returning.select_related("on_behalf_of", "purchase_request"):
        original = step.on_behalf_of
        chain = current_steps(step.purchase_request).exclude(pk=step.pk).values_list("approver_id", flat=True)
        if original.is_active and original.pk not in set(chain):
            _reassign(step, original, actor=actor, reason=f"{original.email} is back.")
            moved += 1
    return moved
