"""Approve or reject from the e-mail: a signed, expiring link to a confirmation page in the app.
The link itself changes nothing (a GET never does); the page posts the token back with the
approver signed in. It works once: once the step is decided, the same token is refused."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing

from core.exceptions import ApplicationError, conflict
from users.models import User

from .models import ApprovalStep

SALT = "purchases.approval-link"
ACTIONS = ("approve", "reject")


def approval_link_token(step: ApprovalStep, action: str) -> str:
    assert action in ACTIONS
    return signing.dumps({"step": step.pk, "approver": step.approver_id, "action": action}, salt=SALT, compress=True)


@dataclass(frozen=True)
class ApprovalLink:
    step: ApprovalStep
    action: str


def approval_link_read(*, token: str, user: User) -> ApprovalLink:
    """The step and action a token stands for, if it is genuine, unexpired, sent to `user` and
    the step still waits on them."""
    max_age = timedelta(days=settings.APPROVAL_LINK_MAX_AGE_DAYS)
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ApplicationError(
            "link_expired", "This link has expired: open the request in the app to decide.", status_code=410
        ) from exc
    except signing.BadSignature as exc:
        raise ApplicationError("invalid_link", "This link is not valid.") from exc
    step = (
        ApprovalStep.objects.select_related("purchase_request__requester", "purchase_request__department", "approver")
        .filter(pk=payload.get("step"))
        .first()
    )
    if step is None or payload.get("action") not in ACTIONS:
        raise ApplicationError("invalid_link", "This link is not valid.")
    if payload.get("approver") != user.pk:
        raise ApplicationError("permission_denied", "This link was sent to someone else.", status_code=403)
    if step.approver_id != user.pk or step.status != ApprovalStep.Status.PENDING:
        raise conflict("This link has been used or the step is no longer yours to decide.", code="link_used")
    return ApprovalLink(step, payload["action"])
