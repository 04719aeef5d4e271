"""E-mail to the owner of a new hold, with a link to the invoice."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.mail import send_mail
from users.models import Role, User

from .models import HoldOwner, HoldStatus, InvoiceHold

OWNER_ROLES = {HoldOwner.PROCUREMENT: Role.PROCUREMENT, HoldOwner.FINANCE: Role.FINANCE}


def hold_owners(hold: InvoiceHold) -> list[User]:
    if hold.owner_role == HoldOwner.REQUESTER and hold.owner_user and hold.owner_user.is_active:
        return [hold.owner_user]
    role = OWNER_ROLES.get(hold.owner_role, Role.PROCUREMENT)  # a requester hold nobody owns: procurement
    return list(User.objects.filter(role=role, is_active=True).order_by("pk")[:20])


def hold_recipients(hold: InvoiceHold) -> list[str]:
    return [user.email for user in hold_owners(hold)]


@transaction.atomic
def hold_notify(*, hold_id: int) -> bool:
    hold = (
        InvoiceHold.objects.select_for_update(of=("self",))
        .select_related("invoice__vendor", "owner_user")
        .filter(pk=hold_id)
        .first()
    )
    if hold is None or hold.notified_at or hold.status != HoldStatus.OPEN:
        return False
    recipients = hold_recipients(hold)
    if recipients:
        invoice = hold.invoice
        send_mail(
            template="invoices/email/hold_opened",
            subject=f"Invoice on hold: {invoice.number or invoice.pk} from {invoice.vendor or 'an unknown vendor'}",
            to=recipients,
            context={"hold": hold, "invoice": invoice, "url": f"{settings.SITE_URL}/invoices/{invoice.pk}"},
        )
    hold.notified_at = timezone.now()
    hold.save(update_fields=["notified_at"])
    return bool(recipients)
