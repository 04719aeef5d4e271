"""E-mails to vendors: their bank details changed (the fraud alarm), and what a payment paid
(the remittance advice, with its PDF). Each is recorded on its row, so a redelivered task
sends once."""

import logging

from django.db import transaction
from django.utils import timezone

from invoices.matching import money
from notifications.mail import send_mail

from .models import Payment, VendorBankAccount
from .pdf import remittance_pdf

logger = logging.getLogger(__name__)


@transaction.atomic
def bank_account_notify(*, account_id: int) -> bool:
    account = VendorBankAccount.objects.select_for_update(of=("self",)).select_related("vendor").filter(pk=account_id).first()
    if account is None or account.vendor_notified_at:
        return False
    if not account.vendor.email:
        logger.warning(
            "bank account %s: vendor %s has no e-mail address; not told of the change", account.pk, account.vendor.name
        )
        return False
    number = account.iban or account.account_number
    send_mail(
        template="payments/email/bank_account_changed",
        subject=f"Your bank details were changed: {account.vendor.name}",
        to=[account.vendor.email],
        context={"account": account, "vendor": account.vendor, "ending": number[-4:]},
    )
    account.vendor_notified_at = timezone.now()
    account.save(update_fields=["vendor_notified_at"])
    return True


@transaction.atomic
def remittance_notify(*, payment_id: int) -> bool:
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("vendor", "bank_account", "run")
        .filter(pk=payment_id)
        .first()
    )
    if payment is None or payment.remittance_sent_at or payment.paid_on is None:
        return False
    if not payment.vendor.email:
        logger.warning(
            "payment %s: vendor %s has no e-mail address; no remittance advice", payment.end_to_end_id, payment.vendor.name
        )
        return False
    currency = payment.currency
    items = [
        {
            "invoice": item.invoice,
            "amount": money(item.amount, currency),
            "discount": money(item.discount, currency) if item.discount else "",
        }
        for item in payment.items.select_related("invoice").order_by("invoice__invoice_date", "invoice_id")
    ]
    amount = money(payment.amount, currency)
    send_mail(
        template="payments/email/remittance",
        subject=f"Remittance advice: {amount} {currency} paid on {payment.paid_on.isoformat()}",
        to=[payment.vendor.email],
        context={"payment": payment, "amount": amount, "vendor": payment.vendor, "items": items},
        attachments=[(f"remittance-{payment.end_to_end_id}.pdf", remittance_pdf(payment), "application/pdf")],
    )
    payment.remittance_sent_at = timezone.now()
    payment.save(update_fields=["remittance_sent_at"])
    return True
