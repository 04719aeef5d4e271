import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError, conflict
from core.services import audit_record
from users.models import Role, User

from ..models import ApprovalStep, PurchaseRequest
from .common import task_send_on_commit
from .orders import purchase_order_create_from_request

logger = logging.getLogger(__name__)

Status = PurchaseRequest.Status
StepStatus = ApprovalStep.Status


def notify_step_on_commit(step: ApprovalStep) -> None:
    task_send_on_commit("purchases.approval_step_notify", step.pk)


def notify_decision_on_commit(request: PurchaseRequest) -> None:
    task_send_on_commit("purchases.purchase_request_decision_notify", request.pk)


def _line_above(user: User):
    """`user`'s manager, that manager's manager, and so on (a cycle ends the walk)."""
    seen: set[int] = set()
    candidate = user.manager
    while candidate is not None and candidate.pk not in seen:
        seen.add(candidate.pk)
        yield candidate
        candidate = candidate.manager


def _approvers_upwards(request: PurchaseRequest):
    """The requester's management line; the department manager's when the requester has no manager."""
    requester = request.requester
    if requester.manager is None and request.department.manager is not None:
        yield request.department.manager
        yield from _line_above(request.department.manager)
    else:
        yield from _line_above(requester)


def _approvers_for(request: PurchaseRequest, candidates, *, exclude: set[int]) -> list[User]:
    """The approvers a chain needs from `candidates` (in order) onwards: each active one with a
    limit, until one whose limit covers the base-currency total; if they run out, a finance user
    with a sufficient limit closes it. Never the requester, nobody in `exclude`, nobody twice."""
    total = request.base_total
    exclude = {request.requester_id, *exclude}
    chain: list[User] = []
    for candidate in candidates:
        if candidate.pk in exclude or not candidate.is_active or candidate.approval_limit <= 0:
            continue
        exclude.add(candidate.pk)
        chain.append(candidate)
        if candidate.approval_limit >= total:
            return chain
    closer = (
        User.objects.filter(role=Role.FINANCE, is_active=True, approval_limit__gte=total)
        .exclude(pk__in=exclude)
        .order_by("approval_limit", "pk")
        .first()
    )
    if closer is None:
        raise ApplicationError(
            "no_approver_available",
            f"Nobody may approve {total} {settings.BASE_CURRENCY}: no manager or finance user has a high enough limit.",
        )
    return [*chain, closer]


def _steps_append(request: PurchaseRequest, approvers: list[User], *, after: int, first_pending: bool) -> list[ApprovalStep]:
    steps = [
        ApprovalStep(
            purchase_request=request,
            sequence=after + position,
            approver=approver,
            approval_limit=approver.approval_limit,
            status=StepStatus.PENDING if position == 1 and first_pending else StepStatus.QUEUED,
        )
        for position, approver in enumerate(approvers, start=1)
    ]
    return ApprovalStep.objects.bulk_create(steps)


def approval_chain_build(request: PurchaseRequest) -> list[ApprovalStep]:
    """One step per approver walking up the management line, until one whose approval limit
    covers the base-currency total; if the line runs out, a finance user closes it."""
    approvers = _approvers_for(request, _approvers_upwards(request), exclude=set())
    return _steps_append(request, approvers, after=0, first_pending=True)


def _extend_chain_above(request: PurchaseRequest, step: ApprovalStep, steps: list[ApprovalStep]) -> list[ApprovalStep]:
    """The last approver's limit no longer covers the total (it was lowered after the chain was
    built): the chain goes on above them, from their own manager upwards, as it would have if
    the limit had been this low at submit."""

    approvers = _approvers_for(request, _line_above(step.approver), exclude={s.approver_id for s in steps})
    return _steps_append(request, approvers, after=max(s.sequence for s in steps), first_pending=True)


def _lock_for_decision(request: PurchaseRequest, actor: User, action: str) -> tuple[PurchaseRequest, ApprovalStep]:
    """Lock the request and its steps, then check, inside the lock, that the request still
    waits for a decision and that the actor holds the current step."""
    request = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    steps = list(request.approval_steps.select_for_update().order_by("sequence"))
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
    next_step = request.approval_steps.filter(status=StepStatus.QUEUED).order_by("sequence").first()
    before = {"status": request.status, "step": step.sequence}
    approver_limit = User.objects.filter(pk=actor.pk).values_list("approval_limit", flat=True).get()
    if next_step is None and approver_limit < request.base_total:
        added = _extend_chain_above(request, step, list(request.approval_steps.all()))
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
        after={"status": request.status, "step": step.sequence, "comment": comment},
    )
    if request.status == Status.APPROVED and request.vendor is not None:
        if request.vendor.is_active:
            purchase_order_create_from_request(request=request, vendor=request.vendor, actor=actor)
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
    request.approval_steps.filter(status=StepStatus.QUEUED).update(status=StepStatus.SKIPPED)
    request.status, request.decided_at = Status.REJECTED, now
    request.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="purchase_request.reject",
        instance=request,
        before={"status": Status.PENDING_APPROVAL, "step": step.sequence},
        after={"status": request.status, "step": step.sequence, "comment": comment},
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
    for candidate in [*_line_above(step.approver), *department_manager]:
        if candidate.pk not in taken and candidate.is_active and candidate.approval_limit > 0:
            return candidate
    return _approvers_for(request, [], exclude=taken)[-1]


def _reassign(step: ApprovalStep, approver: User, *, actor: User | None, reason: str) -> None:
    previous = step.approver
    step.approver, step.approval_limit = approver, approver.approval_limit
    step.save(update_fields=["approver", "approval_limit"])
    audit_record(
        actor=actor,
        action="purchase_request.step_reassign",
        instance=step.purchase_request,
        before={"step": step.sequence, "approver": previous.email},
        after={"step": step.sequence, "approver": approver.email, "reason": reason},
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
        chain = list(step.purchase_request.approval_steps.select_for_update())
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
    chain = list(request.approval_steps.select_for_update().select_related("approver"))
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
