import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import TimeStampedModel


def document_storage_name(instance: "Document", filename: str) -> str:
    """A generated name: never the client's filename in a path."""
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class DocumentStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    PROCESSING = "PROCESSING", "Processing"
    COMPLETED = "COMPLETED", "Completed"
    FAILED = "FAILED", "Failed"


class DocumentType(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    QUOTE = "quote", "Quote / proforma"
    RECEIPT = "receipt", "Receipt"
    OTHER = "other", "Other"


class Document(TimeStampedModel):
    Status = DocumentStatus
    Type = DocumentType

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=document_storage_name, max_length=200)
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    document_type = models.CharField(max_length=10, choices=DocumentType.choices, default=DocumentType.INVOICE)
    purchase_request = models.ForeignKey(
        "purchases.PurchaseRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    purchase_order = models.ForeignKey(
        "purchases.PurchaseOrder", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    status = models.CharField(max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.PENDING)
    # Generated before the row is inserted and given to Celery as the task's id: GET
    # /api/tasks/{task_id}/ answers from this row, the one place the document's state is kept.
    task_id = models.CharField(max_length=255, blank=True, db_index=True)
    # 0-100, written by the processing as it reads the pages; 100 once COMPLETED.
    progress = models.PositiveSmallIntegerField(default=0)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    ocr_pages = models.PositiveIntegerField(default=0)
    # Leading pages with a stored image for the document screen (documents.services.preview_name).
    preview_pages = models.PositiveSmallIntegerField(default=0)
    extracted_text = models.TextField(blank=True)
    extracted_data = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Why it FAILED, as a code a client can act on (e.g. decompression_bomb, processing_timeout).
    error_code = models.CharField(max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    processing_started_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["uploaded_by", "-created_at"]),
            models.Index(fields=["status", "updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DocumentStatus.values), name="document_status_valid"),
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="document_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.status})"


class VendorFieldHint(models.Model):
    """Where one vendor prints one field: the label in front of the value, learned from a
    person's correction of an invoice read from that vendor's document. The next document of
    the same vendor reads the field from behind that label; no other vendor is touched."""

    vendor = models.ForeignKey("purchases.Vendor", on_delete=models.CASCADE, related_name="+")
    field = models.CharField(max_length=40)
    label = models.CharField(max_length=120)
    learned_from = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    learned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vendor", "field"], name="vendor_field_hint_unique"),
            models.CheckConstraint(condition=~Q(label=""), name="vendor_field_hint_has_label"),
        ]

    def __str__(self) -> str:
        return f"{self.field} of vendor {self.vendor_id} behind {self.label!r}"
