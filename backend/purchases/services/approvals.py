import logging

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


def _approvers_upwards(request: PurchaseRequest):
    """The requester's manager, then that manager's manager, and so on; the department manager
    when the requester has none."""
    requester = request.requester
    candidate = requester.manager or request.department.manager
    seen: set[int] = set()
    while candidate is not None and candidate.pk not in seen:
        seen.add(candidate.pk)
        yield candidate
        candidate = candidate.manager


def approval_chain_build(request: PurchaseRequest) -> list[ApprovalStep]:
    """One step per approver walking up the management line, until one whose approval limit
    covers the total; if the line runs out, a finance user with a sufficient limit closes it.
    The requester never approves their own request, and nobody appears twice."""
    total, requester = request.total, request.requester
    chain: list[User] = []
    covered = False
    for candidate in _approvers_upwards(request):
        if candidate.pk == requester.pk or not candidate.is_active or candidate.approval_limit <= 0:
            continue
        chain.append(candidate)
        if candidate.approval_limit >= total:
            covered = True
            break
    if not covered:
        closer = (
            User.objects.filter(role=Role.FINANCE, is_active=True, approval_limit__gte=total)
            .exclude(pk=requester.pk)
            .exclude(pk__in=[user.pk for user in chain])
            .order_by("approval_limit", "pk")
            .first()
        )
        if closer is None:
            raise ApplicationError(
                "no_approver_available",
                f"Nobody may approve {total} {request.currency}: no manager or finance user has a high enough limit.",
            )
        chain.append(closer)
    steps = [
        ApprovalStep(
            purchase_request=request,
            sequence=position,
            approver=approver,
            approval_limit=approver.approval_limit,
            status=StepStatus.PENDING if position == 1 else StepStatus.QUEUED,
        )
        for position, approver in enumerate(chain, start=1)
    ]
    return ApprovalStep.objects.bulk_create(steps)


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
    request, step = _lock_for_decision(request, actor, "approve")
    now = timezone.now()
    step.status, step.comment, step.decided_at = StepStatus.APPROVED, comment, now
    step.save(update_fields=["status", "comment", "decided_at"])
    next_step = request.approval_steps.filter(status=StepStatus.QUEUED).order_by("sequence").first()
    before = {"status": request.status, "step": step.sequence}
    if next_step is not None:
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
        purchase_order_create_from_request(request=request, vendor=request.vendor, actor=actor)
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
