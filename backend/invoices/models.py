"""Vendor invoices and credit notes, their lines, the holds the three-way match puts on them,
and the corrections people make to what was read from a document."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel, choices_check
from core.money import MONEY_TOTAL, QUANTITY

# Invoice amounts keep three decimals: currencies such as KWD or BHD have three, JPY none (the
# services refuse more decimals than the currency has).
INVOICE_MONEY = {"max_digits": 15, "decimal_places": 3}
PERCENT = {"max_digits": 7, "decimal_places": 3}


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    CREDIT_NOTE = "credit_note", "Credit note"


class InvoiceStatus(models.TextChoices):
    RECEIVED = "RECEIVED", "Received"
    MATCHED = "MATCHED", "Matched"
    ON_HOLD = "ON_HOLD", "On hold"
    APPROVED = "APPROVED", "Approved"
    SCHEDULED = "SCHEDULED", "Scheduled"
    PAID = "PAID", "Paid"
    CANCELLED = "CANCELLED", "Cancelled"


class MatchStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    MATCHED = "matched", "Matched"
    ON_HOLD = "on_hold", "On hold"


class Invoice(TimeStampedModel):
    Kind = InvoiceKind
    Status = InvoiceStatus
    MatchStatus = MatchStatus

    kind = models.CharField(max_length=12, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE)
    vendor = models.ForeignKey("purchases.Vendor", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices")
    # The seller's name as the document prints it (kept to explain a vendor mismatch).
    vendor_name_read = models.CharField(max_length=200, blank=True)
    number = models.CharField(max_length=60, blank=True)
    number_normalized = models.CharField(max_length=60, blank=True, db_index=True)
    invoice_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    subtotal = models.DecimalField(**INVOICE_MONEY, null=True, blank=True)
    tax = models.DecimalField(**INVOICE_MONEY, null=True, blank=True)
    total = models.DecimalField(**INVOICE_MONEY, null=True, blank=True)
    # The total in the base currency (for limits and reports), when a rate is known.
    total_base = models.DecimalField(**MONEY_TOTAL, null=True, blank=True)
    payment_terms = models.CharField(max_length=100, blank=True)
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices")
    purchase_order = models.ForeignKey(
        "purchases.PurchaseOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    credit_for = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes")
    status = models.CharField(max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.RECEIVED)
    match_status = models.CharField(max_length=8, choices=MatchStatus.choices, default=MatchStatus.PENDING)
    # What the last match compared, check by check: the screen explains it, an audit replays it.
    match_result = models.JSONField(default=dict, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    # The values read from the document when the invoice was created from it, with their
    # confidence: corrections are recorded against them.
    extracted = models.JSONField(default=dict, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Set when the payment run that paid it is confirmed paid (by statement or by hand).
    paid_on = models.DateField(null=True, blank=True)
    payment_reference = models.CharField(max_length=140, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["vendor", "-created_at"]),
            models.Index(fields=["purchase_order", "status"]),
            models.Index(fields=["vendor", "total", "invoice_date"]),
        ]
        constraints = [
            # The duplicate rule: one live invoice per vendor and normalised number, whatever
            # the timing of two creates.
            models.UniqueConstraint(
                fields=["vendor", "kind", "number_normalized"],
                condition=~Q(status="CANCELLED") & ~Q(number_normalized=""),
                name="invoice_number_unique_per_vendor",
            ),
            models.CheckConstraint(condition=choices_check("status", InvoiceStatus.choices), name="invoice_status_valid"),
            models.CheckConstraint(condition=choices_check("kind", InvoiceKind.choices), name="invoice_kind_valid"),
            models.CheckConstraint(
                condition=choices_check("match_status", MatchStatus.choices), name="invoice_match_status_valid"
            ),
            models.CheckConstraint(condition=Q(subtotal__isnull=True) | Q(subtotal__gte=0), name="invoice_subtotal_non_negative"),
            models.CheckConstraint(condition=Q(tax__isnull=True) | Q(tax__gte=0), name="invoice_tax_non_negative"),
            models.CheckConstraint(condition=Q(total__isnull=True) | Q(total__gte=0), name="invoice_total_non_negative"),
            models.CheckConstraint(
                condition=Q(kind="credit_note", credit_for__isnull=False) | Q(kind="invoice", credit_for__isnull=True),
                name="invoice_credit_note_has_invoice",
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(invoice_date__isnull=True) | Q(due_date__gte=models.F("invoice_date")),
                name="invoice_due_after_invoice_date",
            ),
            # Approved (or later) means complete and clean: never on hold, never unmatched.
            models.CheckConstraint(
                condition=~Q(status__in=["APPROVED", "SCHEDULED", "PAID"]) | Q(match_status="matched", total__isnull=False),
                name="invoice_approved_is_matched",
            ),
            models.CheckConstraint(condition=~Q(status="ON_HOLD") | Q(match_status="on_hold"), name="invoice_on_hold_has_holds"),
            models.CheckConstraint(
                condition=Q(status="PAID", paid_on__isnull=False) | (~Q(status="PAID") & Q(paid_on__isnull=True)),
                name="invoice_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or self.pk}"

    @property
    def is_open(self) -> bool:
        """Still being checked: may be corrected and re-matched."""
        return self.status in (InvoiceStatus.RECEIVED, InvoiceStatus.MATCHED, InvoiceStatus.ON_HOLD)


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=500, blank=True)
    quantity = models.DecimalField(**QUANTITY, null=True, blank=True)
    unit_price = models.DecimalField(**INVOICE_MONEY, null=True, blank=True)
    amount = models.DecimalField(**INVOICE_MONEY, null=True, blank=True)
    tax_rate = models.DecimalField(**PERCENT, null=True, blank=True)
    po_line = models.ForeignKey(
        "purchases.PurchaseOrderLine", null=True, blank=True, on_delete=models.PROTECT, related_name="invoice_lines"
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position_unique"),
            models.CheckConstraint(condition=Q(quantity__isnull=True) | Q(quantity__gt=0), name="invoice_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(unit_price__isnull=True) | Q(unit_price__gte=0), name="invoice_line_price_non_negative"
            ),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="invoice_line_amount_non_negative"),
        ]

    def __str__(self) -> str:
        return f"line {self.position} of invoice {self.invoice_id}"


class HoldCode(models.TextChoices):
    PRICE_VARIANCE = "price_variance", "Price variance"
    QTY_NOT_RECEIVED = "qty_not_received", "Quantity not received"
    QTY_OVER_ORDERED = "qty_over_ordered", "Quantity over ordered"
    VENDOR_MISMATCH = "vendor_mismatch", "Vendor mismatch"
    CURRENCY_MISMATCH = "currency_mismatch", "Currency mismatch"
    TOTALS_INCONSISTENT = "totals_inconsistent", "Totals inconsistent"
    PO_CANCELLED = "po_cancelled", "PO cancelled"
    NO_PO = "no_po", "No purchase order"
    DUPLICATE_SUSPECT = "duplicate_suspect", "Possible duplicate"


class HoldOwner(models.TextChoices):
    PROCUREMENT = "procurement", "Procurement"
    REQUESTER = "requester", "Requester"
    FINANCE = "finance", "Finance"


class HoldStatus(models.TextChoices):
    OPEN = "open", "Open"
    RELEASED = "released", "Released"  # by a person, with a reason
    CLEARED = "cleared", "Cleared"  # by a re-match: the data changed and the check passes


class InvoiceHold(models.Model):
    Code = HoldCode
    Owner = HoldOwner
    Status = HoldStatus

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="holds")
    code = models.CharField(max_length=20, choices=HoldCode.choices)
    owner_role = models.CharField(max_length=12, choices=HoldOwner.choices)
    # For a `requester` hold: the person who receives the goods (procurement may act too).
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The invoice line it is about (none for a header check); the position survives the line
    # being replaced by a correction.
    line = models.ForeignKey(InvoiceLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="holds")
    line_position = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=500)
    evidence = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=HoldStatus.choices, default=HoldStatus.OPEN)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "owner_role", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=choices_check("code", HoldCode.choices), name="invoice_hold_code_valid"),
            models.CheckConstraint(condition=choices_check("owner_role", HoldOwner.choices), name="invoice_hold_owner_valid"),
            models.CheckConstraint(condition=choices_check("status", HoldStatus.choices), name="invoice_hold_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="released") | (Q(released_by__isnull=False) & ~Q(reason="")),
                name="invoice_hold_release_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} on invoice {self.invoice_id} ({self.status})"


class InvoiceCorrection(models.Model):
    """One field a person changed on an invoice, against the value read from its document:
    what the document reader learns from."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="corrections")
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    vendor = models.ForeignKey("purchases.Vendor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    field = models.CharField(max_length=60)
    extracted_value = models.JSONField(null=True, blank=True)
    previous_value = models.JSONField(null=True, blank=True)
    corrected_value = models.JSONField(null=True, blank=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.field} of invoice {self.invoice_id}"


class MatchPolicy(models.Model):
    """A vendor's own tolerances (empty: the company's settings), and whether what it bills are
    services, matched against the quantity ordered instead of received."""

    vendor = models.OneToOneField("purchases.Vendor", on_delete=models.CASCADE, related_name="match_policy")
    price_tolerance_percent = models.DecimalField(**PERCENT, null=True, blank=True)
    price_tolerance_amount = models.DecimalField(**INVOICE_MONEY, null=True, blank=True)
    quantity_tolerance_units = models.DecimalField(**QUANTITY, null=True, blank=True)
    quantity_tolerance_percent = models.DecimalField(**PERCENT, null=True, blank=True)
    services = models.BooleanField(default=False, help_text="Bills services: matched against the quantity ordered.")

    class Meta:
        verbose_name_plural = "match policies"
        constraints = [
            models.CheckConstraint(
                condition=(Q(price_tolerance_percent__isnull=True) | Q(price_tolerance_percent__gte=0))
                & (Q(price_tolerance_amount__isnull=True) | Q(price_tolerance_amount__gte=0))
                & (Q(quantity_tolerance_units__isnull=True) | Q(quantity_tolerance_units__gte=0))
                & (Q(quantity_tolerance_percent__isnull=True) | Q(quantity_tolerance_percent__gte=0)),
                name="match_policy_tolerances_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Match policy of {self.vendor}"
