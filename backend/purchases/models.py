from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from core.models import TimeStampedModel, choices_check
from core.money import MONEY, QUANTITY, ZERO
from currencies.models import RATE


class Vendor(TimeStampedModel):
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    tax_id = models.CharField(max_length=40, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    # As agreed with the vendor, e.g. "net 30" or "2/10 net 30": an invoice that prints no due
    # date falls due by them.
    payment_terms = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="vendor_name_unique_ci")]

    def __str__(self) -> str:
        return self.name


class NumberSequence(models.Model):
    """The last number handed out per prefix and year (`PR-2026`). Incremented under a row lock,
    so concurrent creates never get the same number."""

    key = models.CharField(max_length=20, unique=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.last_value}"


class PurchaseRequestStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    PENDING_APPROVAL = "PENDING_APPROVAL", "Pending approval"
    APPROVED = "APPROVED", "Approved"
    REJECTED = "REJECTED", "Rejected"
    CANCELLED = "CANCELLED", "Cancelled"


class PurchaseRequest(TimeStampedModel):
    Status = PurchaseRequestStatus

    number = models.CharField(max_length=20, unique=True)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="purchase_requests")
    department = models.ForeignKey("users.Department", on_delete=models.PROTECT, related_name="purchase_requests")
    title = models.CharField(max_length=200)
    justification = models.TextField(blank=True)
    currency = models.CharField(max_length=3)
    vendor = models.ForeignKey(Vendor, null=True, blank=True, on_delete=models.PROTECT, related_name="purchase_requests")
    needed_by = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    total = models.DecimalField(**MONEY, default=ZERO)
    # Set at submit: the rate of the submission date and the total in the base currency, which
    # limits, budgets and reports compare and add (the total and currency above stay as entered).
    exchange_rate = models.DecimalField(**RATE, null=True, blank=True)
    total_base = models.DecimalField(**MONEY, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Set at submit for the approvers, e.g. "Possible split purchase: ...".
    flags = models.JSONField(default=list, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_notified_at = models.DateTimeField(null=True, blank=True)
    # 1 for the first submission; a rejected request revised back to a draft starts round 2, and
    # its next submit builds a fresh chain in that round (the earlier rounds' steps are kept).
    approval_round = models.PositiveSmallIntegerField(default=1)
    # What no longer counts against the department's budget although the request stays approved:
    # all of it once procurement closes the request without an order, the open part of an order
    # that was short-closed. The committed amount is total - released.
    released_total = models.DecimalField(**MONEY, default=ZERO)
    released_base = models.DecimalField(**MONEY, default=ZERO)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="Closed by procurement: no order will follow.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["requester", "-created_at"]),
            models.Index(fields=["department", "status", "submitted_at"]),
            models.Index(fields=["vendor", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="pr_total_non_negative"),
            models.CheckConstraint(condition=choices_check("status", PurchaseRequestStatus.choices), name="pr_status_valid"),
            # A draft cancelled before it was ever submitted has no submission time either.
            models.CheckConstraint(
                condition=Q(status__in=["DRAFT", "CANCELLED"]) | Q(submitted_at__isnull=False), name="pr_submitted_has_time"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(total_base__isnull=False, exchange_rate__gt=0),
                name="pr_submitted_has_base_total",
            ),
            models.CheckConstraint(
                condition=Q(released_total__gte=0, released_total__lte=F("total"), released_base__gte=0),
                name="pr_released_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def purchase_order(self):
        """The open order, else the last one cancelled, else None (one query or two)."""
        orders = self.purchase_orders.order_by("-id")
        return orders.exclude(status="CANCELLED").first() or orders.first()

    @property
    def order_ceiling(self) -> Decimal:
        """The highest total (before tax) its order may reach without a new approval: the
        approved total plus PO_PRICE_TOLERANCE_PERCENT."""
        return (self.total * (1 + settings.PO_PRICE_TOLERANCE_PERCENT / 100)).quantize(Decimal("0.01"))

    @property
    def base_total(self) -> Decimal:
        """The base-currency total of a submitted request (set at submit, required by the
        database from then on): what limits, chains and budgets compare."""
        if self.total_base is None:
            raise ValueError(f"{self.number} has no base-currency total: it was never submitted")
        return self.total_base


class PurchaseRequestItem(models.Model):
    purchase_request = models.ForeignKey(PurchaseRequest, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=500)
    quantity = models.DecimalField(**QUANTITY)
    unit_price = models.DecimalField(**MONEY)
    line_total = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["purchase_request", "position"], name="pr_item_position_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="pr_item_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="pr_item_price_non_negative"),
            models.CheckConstraint(condition=Q(line_total__gte=0), name="pr_item_total_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.description} x {self.quantity}"


class ApprovalStepStatus(models.TextChoices):
    QUEUED = "QUEUED", "Queued"  # a later step, not yet the approver's turn
    PENDING = "PENDING", "Pending"  # the current step: waiting on its approver
    APPROVED = "APPROVED", "Approved"
    REJECTED = "REJECTED", "Rejected"
    SKIPPED = "SKIPPED", "Skipped"  # the request was rejected or cancelled first


class ApprovalStep(models.Model):
    Status = ApprovalStepStatus

    purchase_request = models.ForeignKey(PurchaseRequest, on_delete=models.CASCADE, related_name="approval_steps")
    round = models.PositiveSmallIntegerField(default=1, help_text="The request's approval round the step belongs to.")
    sequence = models.PositiveSmallIntegerField()
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approval_steps")
    # Set when the step waits on a delegate: the approver it was meant for, who is away.
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="delegated_steps"
    )
    rule = models.CharField(max_length=300, blank=True, help_text="Why this approver is on the chain.")
    approval_limit = models.DecimalField(**MONEY, help_text="The approver's limit when the chain was built.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["purchase_request", "sequence"]
        indexes = [models.Index(fields=["approver", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["purchase_request", "round", "sequence"], name="approval_step_sequence_unique"),
            models.UniqueConstraint(fields=["purchase_request", "round", "approver"], name="approval_step_approver_once"),
            models.CheckConstraint(condition=~Q(on_behalf_of=F("approver")), name="approval_step_not_own_delegate"),
            models.UniqueConstraint(fields=["purchase_request"], condition=Q(status="PENDING"), name="approval_step_one_pending"),
            models.CheckConstraint(
                condition=choices_check("status", ApprovalStepStatus.choices), name="approval_step_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purchase_request.number} step {self.sequence} ({self.status})"


class Delegation(models.Model):
    """While `delegator` is away (starts_on to ends_on, both days included), the approval steps
    that would wait on them wait on `delegate`. Ended early by setting ends_on (never deleted)."""

    delegator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_given")
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_received")
    starts_on = models.DateField()
    ends_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    ended_early_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["delegator", "starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(delegate=F("delegator")), name="delegation_not_to_self"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="delegation_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.delegator} -> {self.delegate} ({self.starts_on} to {self.ends_on})"


class PurchaseOrderStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    ISSUED = "ISSUED", "Issued"
    PARTIALLY_RECEIVED = "PARTIALLY_RECEIVED", "Partially received"
    RECEIVED = "RECEIVED", "Received"
    CLOSED = "CLOSED", "Closed"
    CANCELLED = "CANCELLED", "Cancelled"


ARCHIVABLE_STATUSES = [PurchaseOrderStatus.RECEIVED, PurchaseOrderStatus.CLOSED, PurchaseOrderStatus.CANCELLED]


def archive_condition() -> Q:
    """What makes an order archived: flagged by the monthly job, or due for it already (received,
    closed or cancelled, and issued more than PO_ARCHIVE_AFTER_DAYS ago), so the archive is
    found whether the job has run yet or not."""
    return Q(archived=True) | Q(status__in=ARCHIVABLE_STATUSES, issued_at__lt=archive_cutoff())  # never a cancelled draft


def archive_cutoff():
    return timezone.now() - timedelta(days=settings.PO_ARCHIVE_AFTER_DAYS)


class PurchaseOrder(TimeStampedModel):
    Status = PurchaseOrderStatus

    number = models.CharField(max_length=20, unique=True)
    # One open order per request (constraint below); a cancelled one may be followed by another.
    purchase_request = models.ForeignKey(PurchaseRequest, on_delete=models.PROTECT, related_name="purchase_orders")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="purchase_orders")
    currency = models.CharField(max_length=3)
    total = models.DecimalField(**MONEY, help_text="The sum of the lines, before tax.")
    tax_total = models.DecimalField(**MONEY, default=ZERO)
    total_base = models.DecimalField(**MONEY, help_text="The total in the base currency, at the request's rate.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ISSUED)
    revision = models.PositiveSmallIntegerField(default=1, help_text="1 as first issued; each change order adds one.")
    issued_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expected_delivery = models.DateField(null=True, blank=True)
    ship_to = models.TextField(blank=True)
    payment_terms = models.CharField(max_length=100, blank=True)
    incoterms = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True, help_text="Notes to the vendor, printed on the order.")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    short_closed_at = models.DateTimeField(null=True, blank=True, help_text="Closed with quantities still open.")
    archived = models.BooleanField(default=False)
    vendor_notified_at = models.DateTimeField(null=True, blank=True)
    # The revision the vendor was last sent (0: none yet), and when it was told of a cancellation.
    vendor_notified_revision = models.PositiveSmallIntegerField(default=0)
    vendor_cancellation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["vendor", "-created_at"]),
            models.Index(fields=["archived", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0, tax_total__gte=0), name="po_total_non_negative"),
            models.CheckConstraint(condition=choices_check("status", PurchaseOrderStatus.choices), name="po_status_valid"),
            models.UniqueConstraint(
                fields=["purchase_request"], condition=~Q(status="CANCELLED"), name="po_one_open_per_request"
            ),
            # A draft is issued by nobody yet; an order cancelled as a draft never was.
            models.CheckConstraint(
                condition=Q(status__in=["DRAFT", "CANCELLED"]) | Q(issued_at__isnull=False), name="po_issued_has_time"
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="po_revision_positive"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_archived(self) -> bool:
        """archive_condition() for one order."""
        issued = self.issued_at
        return self.archived or (self.status in ARCHIVABLE_STATUSES and issued is not None and issued < archive_cutoff())

    @property
    def label(self) -> str:
        """The number as the vendor sees it: `PO-2026-000045 rev 2` once amended."""
        return self.number if self.revision == 1 else f"{self.number} rev {self.revision}"


def taxes_by_rate(lines) -> list[tuple[Decimal, Decimal, Decimal]]:
    """(rate, net, tax) per tax rate of `lines`, lowest rate first; the tax is rounded once per
    rate (half up), as an invoice shows it. The order's tax_total is their sum."""
    nets: dict[Decimal, Decimal] = {}
    for line in lines:
        nets[line.tax_rate] = nets.get(line.tax_rate, ZERO) + line.line_total
    return [
        (rate, net, (net * rate / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) for rate, net in sorted(nets.items())
    ]


class PurchaseOrderLine(models.Model):
    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    # The request line it orders; none for a line a change order added.
    request_item = models.ForeignKey(
        PurchaseRequestItem, null=True, blank=True, on_delete=models.PROTECT, related_name="po_lines"
    )
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=500)
    quantity = models.DecimalField(**QUANTITY)
    unit_price = models.DecimalField(**MONEY)
    line_total = models.DecimalField(**MONEY, help_text="quantity x unit price, before tax.")
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=ZERO, help_text="Percent.")
    received_quantity = models.DecimalField(**QUANTITY, default=Decimal("0"))
    invoiced_quantity = models.DecimalField(**QUANTITY, default=Decimal("0"))

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["purchase_order", "position"], name="po_line_position_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="po_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(received_quantity__gte=0) & Q(received_quantity__lte=F("quantity")),
                name="po_line_received_within_ordered",
            ),
            models.CheckConstraint(condition=Q(invoiced_quantity__gte=0), name="po_line_invoiced_non_negative"),
            models.CheckConstraint(condition=Q(tax_rate__gte=0, tax_rate__lte=100), name="po_line_tax_rate_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.purchase_order.number} line {self.position}"


class GoodsReceiptKind(models.TextChoices):
    RECEIPT = "receipt", "Receipt"
    RETURN = "return", "Return to vendor"


class GoodsReceipt(models.Model):
    """Goods received against an order, or (kind return) goods sent back after receipt, which
    take their quantity off what was received."""

    Kind = GoodsReceiptKind

    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.PROTECT, related_name="goods_receipts")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RECEIPT)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)
    delivery_note = models.CharField(max_length=100, blank=True, help_text="The vendor's delivery note number.")
    note = models.TextField(blank=True, help_text="For a return, the reason.")

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=choices_check("kind", GoodsReceiptKind.choices), name="receipt_kind_valid")
        ]

    def __str__(self) -> str:
        return f"Receipt {self.pk} for {self.purchase_order.number}"


class GoodsReceiptLine(models.Model):
    goods_receipt = models.ForeignKey(GoodsReceipt, on_delete=models.CASCADE, related_name="lines")
    po_line = models.ForeignKey(PurchaseOrderLine, on_delete=models.PROTECT, related_name="receipt_lines")
    quantity = models.DecimalField(**QUANTITY, help_text="Accepted (or, on a return, sent back).")
    rejected_quantity = models.DecimalField(**QUANTITY, default=ZERO, help_text="Delivered but refused: not received.")
    note = models.CharField(max_length=500, blank=True, help_text="Damaged, short, ...")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=0, rejected_quantity__gte=0) & (Q(quantity__gt=0) | Q(rejected_quantity__gt=0)),
                name="receipt_line_quantity_positive",
            ),
            models.UniqueConstraint(fields=["goods_receipt", "po_line"], name="receipt_line_once_per_receipt"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of line {self.po_line_id}"


class PurchaseOrderRevision(models.Model):
    """One change order: what changed between revision - 1 and revision, as sent to the vendor."""

    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    changes = models.JSONField(default=list, help_text="One sentence per change, as the vendor reads them.")
    total_before = models.DecimalField(**MONEY)
    total_after = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["purchase_order", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["purchase_order", "revision"], name="po_revision_unique"),
            models.CheckConstraint(condition=Q(revision__gte=2), name="po_revision_after_first"),
        ]

    def __str__(self) -> str:
        return f"{self.purchase_order.number} rev {self.revision}"
