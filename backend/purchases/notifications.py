"""E-mail notifications, sent by Celery tasks after the change they announce has committed.
Each is recorded on its object, so a task that runs twice sends once."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.mail import absolute_url, send_mail

from .approval_links import approval_link_token
from .models import ApprovalStep, PurchaseOrder, PurchaseRequest
from .pdf import pdf_filename, purchase_order_pdf

logger = logging.getLogger(__name__)


@transaction.atomic
def approval_step_notify(*, step_id: int) -> bool:
    step = (
        ApprovalStep.objects.select_for_update()
        .select_related("purchase_request__requester", "approver")
        .filter(pk=step_id)
        .first()
    )
    if step is None or step.notified_at or step.status != ApprovalStep.Status.PENDING:
        return False
    request = step.purchase_request
    send_mail(
        template="purchases/email/approval_pending",
        subject=f"Approval needed: {request.number} {request.title}",
        to=[step.approver.email],
        context={
            "step": step,
            "request": request,
            "link": absolute_url(f"/purchase-requests/{request.pk}"),
            "approve_link": absolute_url(f"/approval-link?token={approval_link_token(step, 'approve')}"),
            "reject_link": absolute_url(f"/approval-link?token={approval_link_token(step, 'reject')}"),
        },
    )
    step.notified_at = timezone.now()
    step.save(update_fields=["notified_at"])
    return True


@transaction.atomic
def purchase_request_decision_notify(*, request_id: int) -> bool:
    request = PurchaseRequest.objects.select_for_update().select_related("requester").filter(pk=request_id).first()
    decided = {PurchaseRequest.Status.APPROVED, PurchaseRequest.Status.REJECTED}
    if request is None or request.decision_notified_at or request.status not in decided:
        return False
    rejection = (
        request.approval_steps.filter(round=request.approval_round, status=ApprovalStep.Status.REJECTED)
        .select_related("approver")
        .first()
    )
    send_mail(
        template="purchases/email/request_decided",
        subject=f"{request.number} was {request.get_status_display().lower()}",
        to=[request.requester.email],
        context={"request": request, "rejection": rejection, "link": absolute_url(f"/purchase-requests/{request.pk}")},
    )
    request.decision_notified_at = timezone.now()
    request.save(update_fields=["decision_notified_at"])
    return True


@transaction.atomic
def purchase_order_vendor_notify(*, order_id: int) -> bool:
    """Tell the vendor what it has not been told yet: the order once issued, each change order
    (with what changed), a cancellation or a short-close of an order it was sent. Answers
    whether a mail went out."""
    order = PurchaseOrder.objects.select_for_update().select_related("vendor", "purchase_request").filter(pk=order_id).first()
    if order is None:
        return False
    Status = PurchaseOrder.Status
    ended = order.status == Status.CANCELLED or order.short_closed_at is not None
    if ended:
        due = order.vendor_notified_revision > 0 and order.vendor_cancellation_sent_at is None
    else:
        due = order.status != Status.DRAFT and order.vendor_notified_revision < order.revision
    if not due:
        return False
    if not order.vendor.email:
        logger.warning("%s: vendor %s has no e-mail address; not sent", order.number, order.vendor.name)
        return False
    lines = list(order.lines.all())
    context = {"order": order, "lines": lines, "company_email": settings.COMPANY_EMAIL}
    if ended:
        short = order.short_closed_at is not None
        send_mail(
            template="purchases/email/po_cancelled",
            subject=f"{'Open quantities' if short else 'Purchase order'} {order.number} cancelled by {settings.COMPANY_NAME}",
            to=[order.vendor.email],
            context={**context, "short": short, "open": [line for line in lines if line.received_quantity < line.quantity]},
        )
        order.vendor_cancellation_sent_at = timezone.now()
        order.save(update_fields=["vendor_cancellation_sent_at"])
        return True
    attachment = [(pdf_filename(order), purchase_order_pdf(order), "application/pdf")]
    if order.vendor_notified_revision == 0:
        send_mail(
            template="purchases/email/po_issued",
            subject=f"Purchase order {order.label} from {settings.COMPANY_NAME}",
            to=[order.vendor.email],
            context=context,
            attachments=attachment,
        )
    else:
        revisions = list(order.revisions.filter(revision__gt=order.vendor_notified_revision))
        send_mail(
            template="purchases/email/po_changed",
            subject=f"Change to purchase order {order.label} from {settings.COMPANY_NAME}",
            to=[order.vendor.email],
            context={**context, "revisions": revisions},
            attachments=attachment,
        )
    order.vendor_notified_at, order.vendor_notified_revision = timezone.now(), order.revision
    order.save(update_fields=["vendor_notified_at", "vendor_notified_revision"])
    return True
