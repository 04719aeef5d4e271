"""Paying approved invoices: the bank accounts of vendors (each confirmed by a second person
before anything is paid to it) and of the company, payment runs with their payments (one per
vendor and currency) and the invoices each pays, and the bank statements that confirm them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.models import TimeStampedModel, choices_check
from invoices.models import INVOICE_MONEY


class CompanyBankAccount(models.Model):
    """An account of ours that payment runs pay from (kept in the Django admin)."""

    name = models.CharField(max_length=100, help_text="How people call it, e.g. 'Main EUR account'.")
    holder = models.CharField(max_length=140)
    iban = models.CharField(max_length=34, unique=True)
    bic = models.CharField(max_length=11, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_company_account")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.iban})"


class BankAccountStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Unconfirmed"
    CONFIRMED = "confirmed", "Confirmed"


class VendorBankAccount(models.Model):
    """Bank details are never edited in place: a change is a new account (unconfirmed until a
    second person confirms it), and the old one is retired. A payment keeps pointing at the
    exact details that were confirmed."""

    Status = BankAccountStatus

    vendor = models.ForeignKey("purchases.Vendor", on_delete=models.PROTECT, related_name="bank_accounts")
    holder = models.CharField(max_length=140)
    iban = models.CharField(max_length=34, blank=True)
    # For accounts outside IBAN countries: the local account number and bank (routing) code.
    account_number = models.CharField(max_length=34, blank=True)
    bank_code = models.CharField(max_length=20, blank=True)
    bic = models.CharField(max_length=11, blank=True)
    bank_name = models.CharField(max_length=140, blank=True)
    currency = models.CharField(max_length=3)
    is_default = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    status = models.CharField(max_length=12, choices=BankAccountStatus.choices, default=BankAccountStatus.UNCONFIRMED)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    vendor_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_active", "-is_default", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=choices_check("status", BankAccountStatus.choices), name="bank_account_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(iban="") | (~Q(account_number="") & ~Q(bank_code="")), name="bank_account_has_number"
            ),
            # Four eyes, held by the database too: confirmed means by someone else.
            models.CheckConstraint(
                condition=Q(status="unconfirmed", confirmed_by__isnull=True)
                | (Q(status="confirmed", confirmed_by__isnull=False) & ~Q(confirmed_by=F("entered_by"))),
                name="bank_account_confirmed_by_another",
            ),
            models.UniqueConstraint(
                fields=["vendor", "currency"],
                condition=Q(is_default=True, is_active=True),
                name="one_default_bank_account_per_vendor_currency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} {self.iban or self.account_number}"


class PaymentRunStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    APPROVED = "APPROVED", "Approved"
    EXPORTED = "EXPORTED", "Exported"
    PAID = "PAID", "Paid"
    CANCELLED = "CANCELLED", "Cancelled"


class PaymentRun(TimeStampedModel):
    Status = PaymentRunStatus

    number = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=10, choices=PaymentRunStatus.choices, default=PaymentRunStatus.DRAFT)
    pay_date = models.DateField()
    due_by = models.DateField()
    company_account = models.ForeignKey(CompanyBankAccount, on_delete=models.PROTECT, related_name="payment_runs")
    # What the proposal left out and why (recomputed whenever the draft changes).
    excluded = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The files, generated once at the first download and kept: the same bytes every time.
    message_id = models.CharField(max_length=35, blank=True)
    sepa_xml = models.TextField(blank=True)
    other_csv = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=choices_check("status", PaymentRunStatus.choices), name="payment_run_status_valid"),
            models.CheckConstraint(condition=~Q(approved_by=F("created_by")), name="payment_run_approved_by_another"),
            models.CheckConstraint(
                condition=Q(status__in=["DRAFT", "CANCELLED"]) | Q(approved_by__isnull=False),
                name="payment_run_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["EXPORTED", "PAID"]) | Q(exported_at__isnull=False),
                name="payment_run_exported_has_file",
            ),
            models.UniqueConstraint(fields=["message_id"], condition=~Q(message_id=""), name="payment_run_message_id_unique"),
        ]

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    """One transfer: what a run pays one vendor in one currency (its invoices less its credit
    notes, less early-payment discounts)."""

    run = models.ForeignKey(PaymentRun, on_delete=models.CASCADE, related_name="payments")
    vendor = models.ForeignKey("purchases.Vendor", on_delete=models.PROTECT, related_name="payments")
    bank_account = models.ForeignKey(VendorBankAccount, on_delete=models.PROTECT, related_name="payments")
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(**INVOICE_MONEY)
    discount = models.DecimalField(**INVOICE_MONEY, default=0)
    # SEPA when in euros to an IBAN of the SEPA zone; otherwise the CSV for the bank's portal.
    sepa = models.BooleanField(default=False)
    end_to_end_id = models.CharField(max_length=35, unique=True)
    paid_on = models.DateField(null=True, blank=True)
    bank_reference = models.CharField(max_length=140, blank=True)
    remittance_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["vendor__name", "currency", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "vendor", "currency"], name="payment_one_per_vendor_currency"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(discount__gte=0), name="payment_discount_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.vendor} {self.amount} {self.currency}"


class PaymentItem(models.Model):
    """An invoice (or credit note, a negative amount) in a payment."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="items")
    invoice = models.ForeignKey("invoices.Invoice", on_delete=models.PROTECT, related_name="payment_items")
    amount = models.DecimalField(max_digits=16, decimal_places=3)
    discount = models.DecimalField(**INVOICE_MONEY, default=0)
    # False once its run is cancelled: an invoice is in at most one live run.
    live = models.BooleanField(default=True)

    class Meta:
        ordering = ["invoice__invoice_date", "invoice_id"]
        constraints = [
            models.UniqueConstraint(fields=["invoice"], condition=Q(live=True), name="invoice_in_one_live_run"),
        ]

    def __str__(self) -> str:
        return f"{self.payment} {self.invoice}"


class BankStatement(models.Model):
    """An imported camt.053 statement. The same file twice is the same statement."""

    company_account = models.ForeignKey(CompanyBankAccount, on_delete=models.PROTECT, related_name="statements")
    digest = models.CharField(max_length=64, unique=True)
    statement_id = models.CharField(max_length=35, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    result = models.JSONField(default=dict)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.statement_id or self.file_name
