"""Writing payments: vendor bank accounts and their confirmation by a second person, payment
runs (proposal, edit, four-eyes approval, export to a SEPA pain.001 file and a CSV, payment by
hand), and camt.053 bank statements that confirm what left the account.

Locks, always in this order: the run, then its payments, then the invoices (the invoices app
locks them in id order), then their purchase orders."""

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from defusedxml import DefusedXmlException, ElementTree
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from lxml import etree
from pycamt.parser import Camt053ParseError, Camt053Parser
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaTransfer

from core.csv import csv_text
from core.exceptions import ApplicationError, conflict
from core.services import audit_record, model_snapshot
from invoices.models import Invoice
from invoices.rules import currency_exponent, discount_from_terms
from invoices.services import invoices_mark_paid, invoices_schedule, invoices_unschedule
from purchases.models import Vendor
from purchases.services.common import next_number, task_send_on_commit
from users.models import Role, User

from .models import BankStatement, CompanyBankAccount, Payment, PaymentItem, PaymentRun, VendorBankAccount

logger = logging.getLogger(__name__)

RunStatus = PaymentRun.Status
ACCOUNT_FIELDS = ["holder", "iban", "account_number", "bank_code", "bic", "bank_name", "currency", "is_default", "is_active"]
ACCOUNT_KEEPERS = {Role.PROCUREMENT, Role.FINANCE}
MAX_STATEMENT_BYTES = 5 * 1024 * 1024
REMITTANCE_MAX = 140  # characters of unstructured remittance information in pain.001
CSV_FIELDS = [
    "end_to_end_id",
    "vendor",
    "holder",
    "iban",
    "account_number",
    "bank_code",
    "bic",
    "currency",
    "amount",
    "pay_date",
    "remittance",
]


def _invalid(message: str, fields: dict, code: str = "validation_error") -> ApplicationError:
    return ApplicationError(code, message, fields=fields)


def _four_eyes(message: str) -> ApplicationError:
    return ApplicationError("four_eyes", message, status_code=403)


# --- Vendor bank accounts -------------------------------------------------------------------


def _checked_details(*, iban: str, bic: str, account_number: str, bank_code: str) -> dict:
    """Validated, normalised bank details; a 400 naming the field otherwise. The IBAN's
    checksum, its length and structure for its country (schwifty's registry), and a BIC that
    belongs to the IBAN's bank where the bank registry knows it."""
    errors: dict[str, list[str]] = {}
    details = {"iban": "", "bic": "", "account_number": account_number.strip(), "bank_code": bank_code.strip(), "bank_name": ""}
    parsed_iban = parsed_bic = None
    if iban.strip():
        try:
            parsed_iban = IBAN(iban)
        except SchwiftyException as error:
            errors["iban"] = [f"Not a valid IBAN: {error}."]
    elif not (details["account_number"] and details["bank_code"]):
        errors["iban"] = ["Give an IBAN, or an account number with its bank code."]
    if bic.strip():
        try:
            parsed_bic = BIC(bic)
        except SchwiftyException as error:
            errors["bic"] = [f"Not a valid BIC: {error}."]
    if parsed_iban is not None and parsed_bic is not None:
        try:
            known = {
                candidate.compact[:8]
                for candidate in BIC.candidates_from_bank_code(parsed_iban.country_code, parsed_iban.bank_code)
            }
        except SchwiftyException:
            known = set()  # the registry has no data for this country or bank
        if parsed_bic.country_code != parsed_iban.country_code and not known:
            errors["bic"] = [f"The BIC is of {parsed_bic.country_code}, the IBAN of {parsed_iban.country_code}."]
        elif known and parsed_bic.compact[:8] not in known:
            errors["bic"] = [f"The BIC {parsed_bic.compact} is not the IBAN's bank's (expected {' or '.join(sorted(known))})."]
    if errors:
        raise _invalid("The bank details are not valid.", errors)
    if parsed_iban is not None:
        details["iban"] = parsed_iban.compact
        details["bank_name"] = (parsed_iban.bank_name or "")[:140]
        derived = parsed_iban.bic
        details["bic"] = parsed_bic.compact if parsed_bic else (derived.compact if derived else "")
    elif parsed_bic is not None:
        details["bic"] = parsed_bic.compact
    return details


def _require_keeper(actor: User) -> None:
    if not (actor.is_admin or actor.role in ACCOUNT_KEEPERS):
        raise ApplicationError(
            "permission_denied", "Only procurement, finance and administrators manage bank accounts.", status_code=403
        )


def _make_default(account: VendorBankAccount) -> None:
    VendorBankAccount.objects.filter(vendor=account.vendor, currency=account.currency, is_default=True).exclude(
        pk=account.pk
    ).update(is_default=False)


@transaction.atomic
def vendor_bank_account_create(
    *,
    actor: User,
    vendor: Vendor,
    holder: str,
    currency: str,
    iban: str = "",
    bic: str = "",
    account_number: str = "",
    bank_code: str = "",
    is_default: bool | None = None,
) -> VendorBankAccount:
    """A new account starts unconfirmed; the vendor's contact is told its bank details changed."""
    _require_keeper(actor)
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)  # one default at a time
    details = _checked_details(iban=iban, bic=bic, account_number=account_number, bank_code=bank_code)
    if not holder.strip():
        raise _invalid("The account holder is required.", {"holder": ["Who holds the account, as the bank knows them."]})
    currency = currency.upper()  # the API checked it is ISO 4217
    live = VendorBankAccount.objects.filter(vendor=vendor, is_active=True)
    same = live.filter(iban=details["iban"], account_number=details["account_number"], bank_code=details["bank_code"])
    if same.exists():
        raise conflict("This vendor already has this account.", code="duplicate_bank_account")
    if is_default is None:
        is_default = not live.filter(currency=currency).exists()
    account = VendorBankAccount(
        vendor=vendor, holder=holder.strip(), currency=currency, is_default=is_default, entered_by=actor, **details
    )
    if is_default:
        _make_default(account)
    account.save()
    audit_record(
        actor=actor,
        action="vendor_bank_account.create",
        instance=account,
        after=model_snapshot(account, ACCOUNT_FIELDS) | {"vendor": vendor.pk},
    )
    task_send_on_commit("payments.bank_account_notify", account.pk)
    logger.info("bank account %s entered for vendor %s by %s (unconfirmed)", account.pk, vendor.pk, actor.pk)
    return account


@transaction.atomic
def vendor_bank_account_confirm(*, actor: User, account: VendorBankAccount) -> VendorBankAccount:
    _require_keeper(actor)
    account = VendorBankAccount.objects.select_for_update().get(pk=account.pk)
    if account.entered_by_id == actor.pk:
        raise _four_eyes("You entered this account: someone else must confirm it.")
    if account.status == VendorBankAccount.Status.CONFIRMED:
        raise conflict("This account is already confirmed.")
    if not account.is_active:
        raise conflict("This account is retired.")
    account.status, account.confirmed_by, account.confirmed_at = VendorBankAccount.Status.CONFIRMED, actor, timezone.now()
    account.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit_record(
        actor=actor,
        action="vendor_bank_account.confirm",
        instance=account,
        before={"status": "unconfirmed"},
        after={"status": "confirmed", "iban": account.iban, "account_number": account.account_number},
    )
    return account


@transaction.atomic
def vendor_bank_account_update(*, actor: User, account: VendorBankAccount, **values) -> VendorBankAccount:
    """Only whether it is the default and whether it is still in use: bank details are never
    changed in place (a change is a new account, confirmed again)."""
    _require_keeper(actor)
    Vendor.objects.select_for_update().filter(pk=account.vendor_id).first()
    account = VendorBankAccount.objects.select_for_update().get(pk=account.pk)
    before = model_snapshot(account, ["is_default", "is_active"])
    for name in ("is_default", "is_active"):
        if name in values:
            setattr(account, name, values[name])
    if not account.is_active:
        account.is_default = False
    if account.is_default:
        _make_default(account)
    account.save(update_fields=["is_default", "is_active"])
    audit_record(
        actor=actor,
        action="vendor_bank_account.update",
        instance=account,
        before=before,
        after=model_snapshot(account, ["is_default", "is_active"]),
    )
    return account


def payee_account(vendor_id: int, currency: str, accounts: list[VendorBankAccount]) -> tuple[VendorBankAccount | None, str]:
    """The account a payment to `vendor_id` in `currency` goes to (its default, else its only
    one) and, when none may be paid, why."""
    mine = [
        account for account in accounts if account.vendor_id == vendor_id and account.currency == currency and account.is_active
    ]
    chosen = next((account for account in mine if account.is_default), mine[0] if len(mine) == 1 else None)
    if chosen is None:
        reason = (
            f"The vendor has no bank account in {currency}."
            if not mine
            else f"The vendor has several {currency} accounts and none is the default."
        )
        return None, reason
    if chosen.status != VendorBankAccount.Status.CONFIRMED:
        return (
            None,
            f"Its bank account {chosen.iban or chosen.account_number} is not confirmed yet: a second person must confirm it.",
        )
    return chosen, ""


# --- The proposal ---------------------------------------------------------------------------


@dataclass
class Group:
    vendor: Vendor
    currency: str
    items: list[tuple[Invoice, Decimal, Decimal]] = field(default_factory=list)  # invoice, amount, discount

    @property
    def amount(self) -> Decimal:
        return sum((amount for _, amount, _ in self.items), Decimal("0"))

    @property
    def discount(self) -> Decimal:
        return sum((discount for _, _, discount in self.items), Decimal("0"))


def early_discount(invoice: Invoice, pay_date: date) -> Decimal:
    """What paying on `pay_date` saves under the terms (the invoice's, else the vendor's): e.g.
    2 % of the total within 10 days of the invoice date for `2/10 net 30`."""
    terms = discount_from_terms(invoice.payment_terms or (invoice.vendor.payment_terms if invoice.vendor else ""))
    if invoice.kind != Invoice.Kind.INVOICE or terms is None or invoice.invoice_date is None or invoice.total is None:
        return Decimal("0")
    percent, days = terms
    if pay_date > invoice.invoice_date + timedelta(days=days):
        return Decimal("0")
    step = Decimal(1).scaleb(-currency_exponent(invoice.currency))
    return (invoice.total * percent / 100).quantize(step, rounding=ROUND_HALF_UP)


def _excluded(invoice: Invoice, amount: Decimal, reason: str) -> dict:
    return {
        "invoice": invoice.pk,
        "number": invoice.number,
        "kind": invoice.kind,
        "vendor": invoice.vendor_id,
        "vendor_name": invoice.vendor.name if invoice.vendor else "",
        "currency": invoice.currency,
        "amount": str(amount),
        "reason": reason,
    }


def _propose(invoices: list[Invoice], pay_date: date) -> tuple[list[tuple[Group, VendorBankAccount]], list[dict]]:
    """Group invoices and credit notes by vendor and currency; a group is paid when its net is
    positive and its vendor has a confirmed account in that currency."""
    groups: dict[tuple[int, str], Group] = {}
    for invoice in invoices:
        assert invoice.vendor is not None and invoice.vendor_id is not None  # only invoices with a vendor are paid
        group = groups.setdefault((invoice.vendor_id, invoice.currency), Group(invoice.vendor, invoice.currency))
        total = invoice.total or Decimal("0")
        discount = early_discount(invoice, pay_date)
        group.items.append((invoice, -total if invoice.kind == Invoice.Kind.CREDIT_NOTE else total - discount, discount))
    accounts = list(VendorBankAccount.objects.filter(vendor_id__in={vendor for vendor, _ in groups}, is_active=True))
    paid: list[tuple[Group, VendorBankAccount]] = []
    excluded: list[dict] = []
    for (vendor_id, currency), group in sorted(groups.items(), key=lambda item: (item[1].vendor.name, item[0][1])):
        account, reason = payee_account(vendor_id, currency, accounts)
        if account is not None and group.amount <= 0:
            reason = f"Its credit notes cover its invoices: the net is {group.amount} {currency}, nothing to pay."
        if account is None or reason:
            excluded.extend(_excluded(invoice, amount, reason) for invoice, amount, _ in group.items)
        else:
            paid.append((group, account))
    return paid, excluded


def _due(invoice: Invoice, due_by: date, pay_date: date) -> bool:
    return invoice.due_date is None or invoice.due_date <= due_by or early_discount(invoice, pay_date) > 0


def _remittance(items: list[PaymentItem]) -> str:
    invoices = [item.invoice.number or f"#{item.invoice_id}" for item in items if item.invoice.kind == Invoice.Kind.INVOICE]
    credits = [item.invoice.number or f"#{item.invoice_id}" for item in items if item.invoice.kind == Invoice.Kind.CREDIT_NOTE]
    text = "Invoices " + ", ".join(invoices) + (" less credit notes " + ", ".join(credits) if credits else "")
    if len(text) > REMITTANCE_MAX:
        text = text[: REMITTANCE_MAX - 30].rsplit(",", 1)[0] + " and more: see remittance advice"
    return text


def _write_payments(run: PaymentRun, groups: list[tuple[Group, VendorBankAccount]]) -> None:
    """Replace the run's payments with `groups` (ids numbered within the run: unique across runs)."""
    run.payments.all().delete()  # and their items
    for position, (group, account) in enumerate(groups, start=1):
        payment = Payment.objects.create(
            run=run,
            vendor=group.vendor,
            bank_account=account,
            currency=group.currency,
            amount=group.amount,
            discount=group.discount,
            sepa=group.currency == "EUR" and bool(account.iban) and IBAN(account.iban).in_sepa_zone,
            end_to_end_id=f"{run.number}-{position:03d}",
        )
        PaymentItem.objects.bulk_create(
            PaymentItem(payment=payment, invoice=invoice, amount=amount, discount=discount)
            for invoice, amount, discount in group.items
        )


def _payable_invoices():
    return Invoice.objects.select_for_update(of=("self",)).select_related("vendor").filter(vendor__isnull=False).order_by("pk")


def _require_clerk(actor: User) -> None:
    if not (actor.is_admin or actor.role == Role.FINANCE):
        raise ApplicationError("permission_denied", "Only finance and administrators manage payment runs.", status_code=403)


@transaction.atomic
def payment_run_create(
    *, actor: User, pay_date: date, due_by: date | None = None, company_account: CompanyBankAccount | None = None
) -> PaymentRun:
    """A DRAFT run proposing every approved invoice due by `due_by` (default: the pay date), or
    payable earlier for a discount, with the approved credit notes of the same vendors."""
    _require_clerk(actor)
    if pay_date < timezone.localdate():
        raise _invalid("The pay date is in the past.", {"pay_date": ["Choose today or a later day."]})
    due_by = due_by or pay_date
    account = company_account or CompanyBankAccount.objects.filter(is_default=True).first() or CompanyBankAccount.objects.first()
    if account is None:
        raise conflict("The company has no bank account to pay from: add one in the admin.", code="no_company_account")
    # Locked, so two runs created at once cannot propose the same invoice (the second waits
    # and then no longer sees what the first scheduled).
    approved = list(_payable_invoices().filter(status=Invoice.Status.APPROVED))
    due = [invoice for invoice in approved if invoice.kind == Invoice.Kind.INVOICE and _due(invoice, due_by, pay_date)]
    vendors = {(invoice.vendor_id, invoice.currency) for invoice in due}
    credits = [
        invoice
        for invoice in approved
        if invoice.kind == Invoice.Kind.CREDIT_NOTE and (invoice.vendor_id, invoice.currency) in vendors
    ]
    groups, excluded = _propose(due + credits, pay_date)
    if not groups:
        reasons = sorted({row["reason"] for row in excluded})
        raise _invalid(
            f"Nothing can be paid: no approved invoice is due by {due_by.isoformat()}"
            + (f" that may be paid ({len(excluded)} left out: {' '.join(reasons)})." if excluded else "."),
            {"invoices": reasons} if excluded else {"due_by": ["Nothing is due by this day."]},
            code="nothing_due",
        )
    run = PaymentRun.objects.create(
        number=next_number("PAY"), pay_date=pay_date, due_by=due_by, company_account=account, created_by=actor, excluded=excluded
    )
    _write_payments(run, groups)
    invoices_schedule(
        actor=actor, invoice_ids=[invoice.pk for group, _ in groups for invoice, _, _ in group.items], run=run.number
    )
    audit_record(actor=actor, action="payment_run.create", instance=run, after=_run_snapshot(run))
    logger.info("%s proposed by %s: %d payments, %d left out", run.number, actor.pk, len(groups), len(excluded))
    return run


def _run_snapshot(run: PaymentRun) -> dict:
    payments = run.payments.all()
    return {
        "status": run.status,
        "pay_date": run.pay_date.isoformat(),
        "payments": [
            {"vendor": payment.vendor_id, "currency": payment.currency, "amount": str(payment.amount)} for payment in payments
        ],
        "invoices": sorted(PaymentItem.objects.filter(payment__run=run).values_list("invoice_id", flat=True)),
    }


def _lock_run(run: PaymentRun) -> PaymentRun:
    return PaymentRun.objects.select_for_update().select_related("company_account").get(pk=run.pk)


def _require_status(run: PaymentRun, allowed: set[str], what: str) -> None:
    if run.status not in allowed:
        raise conflict(f"A run that is {run.get_status_display().lower()} cannot be {what}.")


@transaction.atomic
def payment_run_update(*, actor: User, run: PaymentRun, add: list[int], remove: list[int]) -> PaymentRun:
    """Add or remove invoices (and credit notes) of a DRAFT run. Every payment must still be
    payable afterwards, or nothing changes (409 naming why)."""
    _require_clerk(actor)
    run = _lock_run(run)
    _require_status(run, {RunStatus.DRAFT}, "changed")
    current = set(PaymentItem.objects.filter(payment__run=run).values_list("invoice_id", flat=True))
    add_ids, remove_ids = set(add) - current, set(remove) & current
    unknown = set(remove) - current
    if unknown:
        raise _invalid("Some invoices to remove are not in this run.", {"remove": [f"Not in the run: {sorted(unknown)}."]})
    invoices = {invoice.pk: invoice for invoice in _payable_invoices().filter(pk__in=(current | add_ids) - remove_ids)}
    not_payable = [pk for pk in add_ids if pk not in invoices or invoices[pk].status != Invoice.Status.APPROVED]
    if not_payable:
        raise _invalid(
            "Only approved invoices with a vendor, in no other run, can be added.",
            {"add": [f"Cannot be added: {sorted(not_payable)}."]},
        )
    if not add_ids and not remove_ids:
        return run  # what was asked for is already so
    groups, excluded = _propose(list(invoices.values()), run.pay_date)
    if excluded:
        raise conflict(f"{excluded[0]['vendor_name']} cannot be paid in this run: {excluded[0]['reason']}", code="not_payable")
    before = _run_snapshot(run)
    if remove_ids:
        invoices_unschedule(actor=actor, invoice_ids=sorted(remove_ids), run=run.number)
    if add_ids:
        invoices_schedule(actor=actor, invoice_ids=sorted(add_ids), run=run.number)
    _write_payments(run, groups)
    run.excluded = [row for row in run.excluded if row["invoice"] not in add_ids]
    run.save(update_fields=["excluded", "updated_at"])
    audit_record(actor=actor, action="payment_run.update", instance=run, before=before, after=_run_snapshot(run))
    return run


def _refuse_unpayable_accounts(run: PaymentRun) -> None:
    """Between proposal and file an account may have been retired: never pay it."""
    for payment in run.payments.select_related("bank_account", "vendor"):
        account = payment.bank_account
        if not account.is_active or account.status != VendorBankAccount.Status.CONFIRMED:
            raise conflict(
                f"The bank account of {payment.vendor.name} in this run is no longer confirmed and in use: "
                "remove its invoices or confirm the account first.",
                code="not_payable",
            )


@transaction.atomic
def payment_run_approve(*, actor: User, run: PaymentRun) -> PaymentRun:
    _require_clerk(actor)
    run = _lock_run(run)
    if run.created_by_id == actor.pk:
        raise _four_eyes("You prepared this run: another finance user must approve it.")
    _require_status(run, {RunStatus.DRAFT}, "approved")
    if not run.payments.exists():
        raise conflict("This run pays nothing: add invoices or cancel it.", code="nothing_due")
    _refuse_unpayable_accounts(run)
    run.status, run.approved_by, run.approved_at = RunStatus.APPROVED, actor, timezone.now()
    run.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    audit_record(
        actor=actor, action="payment_run.approve", instance=run, before={"status": RunStatus.DRAFT}, after=_run_snapshot(run)
    )
    return run


@transaction.atomic
def payment_run_cancel(*, actor: User, run: PaymentRun, reason: str = "") -> PaymentRun:
    """Before export only: its invoices are approved again and free for another run."""
    _require_clerk(actor)
    run = _lock_run(run)
    _require_status(run, {RunStatus.DRAFT, RunStatus.APPROVED}, "cancelled (the file may be at the bank)")
    before = _run_snapshot(run)
    invoice_ids = sorted(PaymentItem.objects.filter(payment__run=run).values_list("invoice_id", flat=True))
    invoices_unschedule(actor=actor, invoice_ids=invoice_ids, run=run.number)
    PaymentItem.objects.filter(payment__run=run).update(live=False)
    run.status, run.cancelled_at = RunStatus.CANCELLED, timezone.now()
    run.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(
        actor=actor, action="payment_run.cancel", instance=run, before=before, after={"status": run.status, "reason": reason}
    )
    return run


# --- Files ----------------------------------------------------------------------------------


def _sepa_xml(run: PaymentRun, payments: list[Payment]) -> tuple[str, str]:
    """The pain.001.001.03 credit transfer of the run's SEPA payments (sepaxml builds it and
    validates it against the schema it ships), and its message id."""
    account = run.company_account
    # One payment information block per transfer, booked singly (BtchBookg false): each transfer
    # is its own debit on the statement, which reconciliation matches by its end-to-end id.
    config = {"name": settings.COMPANY_NAME, "IBAN": account.iban, "batch": False, "currency": "EUR"}
    if account.bic:
        config["BIC"] = account.bic
    transfer = SepaTransfer(config, schema="pain.001.001.03", clean=True)
    for payment in payments:
        entry = {
            "name": payment.bank_account.holder,
            "IBAN": payment.bank_account.iban,
            "amount": int(payment.amount.scaleb(2).to_integral_value()),
            "execution_date": run.pay_date,
            "description": _remittance(list(payment.items.all())),
            "endtoend_id": payment.end_to_end_id,
        }
        if payment.bank_account.bic:
            entry["BIC"] = payment.bank_account.bic
        transfer.add_payment(entry)
    return transfer.export(validate=True).decode("utf-8"), transfer.msg_id


def _other_csv(run: PaymentRun, payments: list[Payment]) -> str:
    rows = (
        {
            "end_to_end_id": payment.end_to_end_id,
            "vendor": payment.vendor.name,
            "holder": payment.bank_account.holder,
            "iban": payment.bank_account.iban,
            "account_number": payment.bank_account.account_number,
            "bank_code": payment.bank_account.bank_code,
            "bic": payment.bank_account.bic,
            "currency": payment.currency,
            "amount": payment.amount.quantize(Decimal(1).scaleb(-currency_exponent(payment.currency))),
            "pay_date": run.pay_date.isoformat(),
            "remittance": _remittance(list(payment.items.all())),
        }
        for payment in payments
    )
    return csv_text(CSV_FIELDS, rows)


@transaction.atomic
def payment_run_export(*, actor: User, run: PaymentRun) -> PaymentRun:
    """The first download of an approved run generates its files and marks it EXPORTED; every
    later download answers the same stored bytes."""
    _require_clerk(actor)
    run = _lock_run(run)
    if run.status in (RunStatus.EXPORTED, RunStatus.PAID):
        return run
    _require_status(run, {RunStatus.APPROVED}, "exported (it must be approved first)")
    _refuse_unpayable_accounts(run)
    payments = list(run.payments.select_related("vendor", "bank_account").prefetch_related("items__invoice"))
    sepa = [payment for payment in payments if payment.sepa]
    other = [payment for payment in payments if not payment.sepa]
    if sepa:
        run.sepa_xml, run.message_id = _sepa_xml(run, sepa)
    if other:
        run.other_csv = _other_csv(run, other)
    run.status, run.exported_at = RunStatus.EXPORTED, timezone.now()
    run.save(update_fields=["sepa_xml", "message_id", "other_csv", "status", "exported_at", "updated_at"])
    audit_record(
        actor=actor,
        action="payment_run.export",
        instance=run,
        before={"status": RunStatus.APPROVED},
        after={"status": run.status, "message_id": run.message_id, "sepa_payments": len(sepa), "other_payments": len(other)},
    )
    return run


# --- Paid -----------------------------------------------------------------------------------


def _pay(actor: User | None, run: PaymentRun, payments: list[Payment], paid_on: date, references: dict[int, str]) -> None:
    """Mark `payments` of the locked, exported `run` paid, their invoices PAID (and the orders
    that are now complete CLOSED); the run is PAID once all its payments are."""
    for payment in payments:
        payment.paid_on, payment.bank_reference = paid_on, references.get(payment.pk, "")[:140]
        payment.save(update_fields=["paid_on", "bank_reference"])
        invoice_ids = sorted(payment.items.values_list("invoice_id", flat=True))
        invoices_mark_paid(
            actor=actor, invoice_ids=invoice_ids, paid_on=paid_on, reference=payment.bank_reference or payment.end_to_end_id
        )
        task_send_on_commit("payments.remittance_notify", payment.pk)
    if not run.payments.filter(paid_on__isnull=True).exists():
        run.status, run.paid_at = RunStatus.PAID, timezone.now()
        run.save(update_fields=["status", "paid_at", "updated_at"])
        audit_record(
            actor=actor,
            action="payment_run.paid",
            instance=run,
            before={"status": RunStatus.EXPORTED},
            after={"status": run.status},
        )


@transaction.atomic
def payment_run_mark_paid(*, actor: User, run: PaymentRun, paid_on: date | None = None, reference: str = "") -> PaymentRun:
    """Confirm by hand that the bank paid every payment of an exported run not yet confirmed."""
    _require_clerk(actor)
    run = _lock_run(run)
    _require_status(run, {RunStatus.EXPORTED}, "marked paid (only an exported run can be)")
    paid_on = paid_on or run.pay_date
    if paid_on > timezone.localdate():
        raise _invalid("A run cannot be paid in the future.", {"paid_on": ["Give the day the bank paid."]})
    payments = list(run.payments.select_for_update().filter(paid_on__isnull=True).order_by("pk"))
    _pay(actor, run, payments, paid_on, {payment.pk: reference for payment in payments})
    audit_record(
        actor=actor, action="payment_run.mark_paid", instance=run, after={"paid_on": paid_on.isoformat(), "reference": reference}
    )
    return run


# --- Bank statements ------------------------------------------------------------------------


def _statement_error(message: str) -> ApplicationError:
    return _invalid(message, {"file": [message]}, code="invalid_statement")


def _parse_statement(content: bytes) -> Camt053Parser:
    """Refuse DTDs and entities (defusedxml) before the camt.053 parser sees the bytes."""
    try:
        ElementTree.fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ElementTree.ParseError) as error:
        raise _statement_error(f"The file is not a readable XML statement ({type(error).__name__}).") from None
    try:
        parser = Camt053Parser(content)
    except etree.LxmlError:
        raise _statement_error("The file is not a readable XML statement.") from None
    if parser.version == "unknown":
        raise _statement_error("The file is not a camt.053 bank statement.")
    return parser


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _reference(entry: dict) -> str:
    reference = entry.get("EndToEndId") or ""
    return "" if reference == "NOTPROVIDED" else reference


def _entry_match(entry: dict, exported: QuerySet[Payment], by_reference: dict[str, Payment]) -> tuple[Payment | None, str]:
    """The exported payment a booked debit pays: by end-to-end id (looked up for the whole
    statement at once), else by amount, currency and the vendor's IBAN when exactly one fits."""
    amount = _decimal(entry.get("Amount"))
    payment = by_reference.get(_reference(entry))
    if payment is None and amount is not None and entry.get("CreditorIBAN"):
        candidates = list(
            exported.filter(
                paid_on__isnull=True,
                amount=amount,
                currency=entry.get("Currency") or "",
                bank_account__iban=entry["CreditorIBAN"].replace(" ", ""),
            )[:2]
        )
        payment = candidates[0] if len(candidates) == 1 else None
        if len(candidates) > 1:
            return None, "Several exported payments have this amount and IBAN."
    if payment is None:
        return None, "No exported payment has this end-to-end id, or this amount and IBAN."
    if amount != payment.amount or (entry.get("Currency") and entry["Currency"] != payment.currency):
        return (
            None,
            f"The amount {amount} {entry.get('Currency')} differs from the payment's {payment.amount} {payment.currency}.",
        )
    return payment, ""


def bank_statement_import(*, actor: User, name: str, content: bytes) -> tuple[BankStatement, bool]:
    """Match the booked debits of a camt.053 statement to exported payments and mark those paid.
    Answers the statement and whether it was new: the same file again changes nothing."""
    _require_clerk(actor)
    if len(content) > MAX_STATEMENT_BYTES:
        raise ApplicationError(
            "file_too_large", f"A statement may be at most {MAX_STATEMENT_BYTES // (1024 * 1024)} MB.", status_code=413
        )
    digest = hashlib.sha256(content).hexdigest()
    existing = BankStatement.objects.filter(digest=digest).first()
    if existing is not None:
        return existing, False
    parser = _parse_statement(content)
    try:
        info, entries = parser.get_statement_info(), parser.get_transactions()
        header = parser.get_group_header()
    except (Camt053ParseError, AttributeError):  # no statement; a required element missing (None.text)
        raise _statement_error("The camt.053 statement lacks the elements it must have.") from None
    ibans = {(row.get("IBAN") or "").replace(" ", "") for row in info}
    account = CompanyBankAccount.objects.filter(iban__in=ibans).first()
    if account is None:
        raise _statement_error(f"The statement is for {', '.join(sorted(ibans)) or 'no IBAN'}, not an account of ours.")
    try:
        with transaction.atomic():
            statement = BankStatement.objects.create(
                company_account=account,
                digest=digest,
                statement_id=(header.get("MessageID") or "")[:35],
                file_name=name[:200],
                imported_by=actor,
            )
            statement.result = _reconcile(actor, account, entries)
            statement.save(update_fields=["result"])
            audit_record(actor=actor, action="bank_statement.import", instance=statement, after=statement.result["counts"])
    except IntegrityError:  # the same file imported at the same moment: the other import did it
        return BankStatement.objects.get(digest=digest), False
    return statement, True


def _reconcile(actor: User, account: CompanyBankAccount, entries: list[dict]) -> dict:
    matched, unmatched, already = [], [], []
    to_pay: dict[int, list[tuple[Payment, date, str]]] = defaultdict(list)
    debits = [
        entry for entry in entries if entry.get("CreditDebitIndicator") == "DBIT" and (entry.get("Status") or "BOOK") == "BOOK"
    ]
    exported = Payment.objects.select_related("run").filter(
        run__company_account=account, run__status__in=[RunStatus.EXPORTED, RunStatus.PAID]
    )
    wanted = {_reference(entry) for entry in debits} - {""}
    by_reference = {payment.end_to_end_id: payment for payment in exported.filter(end_to_end_id__in=wanted)}
    for entry in debits:
        if (entry.get("ReversalIndicator") or "").lower() == "true":
            continue
        row = {
            "end_to_end_id": entry.get("EndToEndId") or "",
            "amount": entry.get("Amount") or "",
            "currency": entry.get("Currency") or "",
            "creditor": entry.get("CreditorName") or "",
            "creditor_iban": entry.get("CreditorIBAN") or "",
            "booked_on": entry.get("BookingDate") or "",
            "reference": entry.get("TransactionID") or "",
        }
        payment, reason = _entry_match(entry, exported, by_reference)
        if payment is None:
            unmatched.append({**row, "reason": reason})
        elif payment.paid_on is not None or any(payment.pk == queued.pk for queued, _, _ in to_pay[payment.run_id]):
            already.append({**row, "payment": payment.pk, "run": payment.run.number})
        else:
            matched.append({**row, "payment": payment.pk, "run": payment.run.number, "vendor": payment.vendor_id})
            booked = _day(entry.get("BookingDate")) or timezone.localdate()
            to_pay[payment.run_id].append((payment, booked, row["reference"] or payment.end_to_end_id))
    for run_id in sorted(to_pay):
        run = PaymentRun.objects.select_for_update().get(pk=run_id)
        queued = to_pay[run_id]
        payments = list(
            Payment.objects.select_for_update()
            .filter(pk__in=[payment.pk for payment, _, _ in queued], paid_on__isnull=True)
            .order_by("pk")
        )
        days = {payment.pk: booked for payment, booked, _ in queued}
        references = {payment.pk: reference for payment, _, reference in queued}
        for payment in payments:  # each on its own booking day
            _pay(actor, run, [payment], days[payment.pk], references)
    counts = {"debits": len(debits), "matched": len(matched), "already_paid": len(already), "unmatched": len(unmatched)}
    logger.info("statement for %s: %s", account.iban, counts)
    return {"counts": counts, "matched": matched, "already_paid": already, "unmatched": unmatched}
