from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ApplicationError
from core.exports import FORMAT_PARAMETER, Column, ExportableList, list_or_export
from core.pagination import ListApiMixin, paginated_response
from core.serializers import IdField, StrictInputSerializer

from . import selectors, services
from .inspection import UPLOAD_CONTENT_TYPES
from .models import Document


class ExtractedLineItemSerializer(serializers.Serializer):
    description = serializers.CharField(allow_null=True)
    quantity = serializers.CharField(allow_null=True, help_text="A decimal number as a string, e.g. 2 or 1.5")
    unit_price = serializers.CharField(allow_null=True, help_text="A decimal amount as a string, e.g. 12.50")
    amount = serializers.CharField(allow_null=True, help_text="A decimal amount as a string, e.g. 25.00")


class EvidenceSerializer(serializers.Serializer):
    page = serializers.IntegerField(allow_null=True, help_text="1-based; null when the line was not found on a page")
    box = serializers.ListField(
        child=serializers.FloatField(),
        allow_null=True,
        min_length=4,
        max_length=4,
        help_text="[x0, y0, x1, y1] from the page's top left: PDF points for a PDF, pixels for an image",
    )
    text = serializers.CharField(help_text="The printed line the value was read from")


class ExtractedDataSerializer(serializers.Serializer):
    """What documents.extraction.extract_invoice returns. Every field is null when it was not
    found (or when a document was read by an older version that did not look for it); amounts
    are decimal strings with two places, dates ISO 8601."""

    vendor_name = serializers.CharField(allow_null=True)
    vendor_id = serializers.IntegerField(allow_null=True, help_text="The vendor of the vendor master it matched")
    vendor_match_score = serializers.FloatField(allow_null=True)
    invoice_number = serializers.CharField(allow_null=True)
    invoice_date = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    currency = serializers.CharField(allow_null=True, help_text="ISO 4217 code")
    po_number = serializers.CharField(allow_null=True)
    subtotal = serializers.CharField(allow_null=True)
    tax = serializers.CharField(allow_null=True)
    shipping = serializers.CharField(allow_null=True, help_text="Only read when the invoice shows it")
    total = serializers.CharField(allow_null=True)
    line_items = ExtractedLineItemSerializer(many=True, allow_null=True)
    totals_consistent = serializers.BooleanField(allow_null=True, help_text="subtotal + tax (+ shipping) == total")
    confidence = serializers.DictField(
        child=serializers.FloatField(), allow_null=True, help_text="0-1 per field name; 0 for a field not found"
    )
    source = serializers.ChoiceField(
        choices=["xml", "text", "ocr"],
        allow_null=True,
        help_text="xml: an e-invoice's own data (exact); text: a PDF's text layer; ocr: read from page images",
    )
    format = serializers.ChoiceField(choices=["cii", "ubl"], allow_null=True, help_text="The e-invoice syntax (source xml)")
    kind = serializers.ChoiceField(choices=["invoice", "credit_note"], allow_null=True, help_text="From an e-invoice's type code")
    vendor_tax_id = serializers.CharField(allow_null=True, help_text="The seller's VAT number (e-invoices)")
    iban = serializers.CharField(allow_null=True, help_text="The account the seller asks to be paid to (e-invoices)")
    amount_due = serializers.CharField(allow_null=True, help_text="Total less prepaid amounts (e-invoices)")
    payment_terms = serializers.CharField(allow_null=True)
    evidence = serializers.DictField(
        child=EvidenceSerializer(), allow_null=True, help_text="Per field name: where on which page its value was read"
    )
    line_item_evidence = EvidenceSerializer(many=True, allow_null=True, help_text="Where each line item was read")
    page_sizes = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2, allow_null=True),
        allow_null=True,
        help_text="[width, height] of each page, in the unit of the evidence boxes",
    )
    learned = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Fields read from behind a label learned from a correction of this vendor's earlier invoice",
    )


class DocumentOutputSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.EmailField(source="uploaded_by.email")
    # Plain integers: a ModelSerializer would take their bounds from the database backend.
    page_count = serializers.IntegerField(read_only=True, allow_null=True)
    ocr_pages = serializers.IntegerField(read_only=True)
    preview_pages = serializers.IntegerField(
        read_only=True, help_text="Pages 1..n have an image at /api/documents/{id}/pages/{n}/ (PNG)"
    )
    progress = serializers.IntegerField(read_only=True, min_value=0, max_value=100)
    extracted_data = ExtractedDataSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "original_filename",
            "content_type",
            "size",
            "sha256",
            "document_type",
            "status",
            "progress",
            "task_id",
            "page_count",
            "ocr_pages",
            "preview_pages",
            "purchase_request",
            "purchase_order",
            "uploaded_by",
            "extracted_text",
            "extracted_data",
            "error",
            "error_code",
            "created_at",
            "processed_at",
        ]


class DocumentListOutputSerializer(DocumentOutputSerializer):
    class Meta(DocumentOutputSerializer.Meta):
        fields = [f for f in DocumentOutputSerializer.Meta.fields if f != "extracted_text"]


class DocumentUploadApi(APIView):
    parser_classes = [MultiPartParser]

    class UploadInputSerializer(StrictInputSerializer):
        file = serializers.FileField(allow_empty_file=True)
        document_type = serializers.ChoiceField(choices=Document.Type.choices, default=Document.Type.INVOICE)
        purchase_request = IdField(required=False)
        purchase_order = IdField(required=False)

    class UploadOutputSerializer(serializers.Serializer):
        document_id = serializers.IntegerField()
        task_id = serializers.CharField()
        status = serializers.CharField()

    @extend_schema(request={"multipart/form-data": UploadInputSerializer}, responses={202: UploadOutputSerializer})
    def post(self, request):
        # An empty request parses to a plain dict, a multipart one to a QueryDict.
        fields = request.data.dict() if hasattr(request.data, "dict") else dict(request.data)
        body = self.UploadInputSerializer(data={**fields, **request.FILES.dict()})
        body.is_valid(raise_exception=True)
        params = body.validated_data
        document = services.document_upload(
            uploaded_by=request.user,
            file=params["file"],
            filename=params["file"].name or "",
            document_type=params["document_type"],
            purchase_request_id=params.get("purchase_request"),
            purchase_order_id=params.get("purchase_order"),
        )
        return Response(
            {"document_id": document.pk, "task_id": document.task_id, "status": document.status}, status=status.HTTP_202_ACCEPTED
        )


class DocumentListApi(ExportableList, ListApiMixin, APIView):
    export_name = "documents"
    export_columns = [
        Column("File", lambda d: d.original_filename),
        Column("Type", lambda d: d.get_document_type_display()),
        Column("Status", lambda d: d.get_status_display()),
        Column("Uploaded by", lambda d: d.uploaded_by.email),
        Column("Request", lambda d: d.purchase_request.number if d.purchase_request else ""),
        Column("PO", lambda d: d.purchase_order.number if d.purchase_order else ""),
        Column("Vendor read", lambda d: (d.extracted_data or {}).get("vendor_name")),
        Column("Invoice number read", lambda d: (d.extracted_data or {}).get("invoice_number")),
        Column("Total read", lambda d: (d.extracted_data or {}).get("total")),
        Column("Uploaded", lambda d: d.created_at),
    ]

    class DocumentFilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Document.Status.choices, required=False)
        document_type = serializers.ChoiceField(choices=Document.Type.choices, required=False)
        purchase_request = IdField(required=False)
        purchase_order = IdField(required=False)

    @extend_schema(
        parameters=[DocumentFilterSerializer, FORMAT_PARAMETER],
        responses=list_or_export(DocumentListOutputSerializer(many=True)),
    )
    def get(self, request):
        filters = self.DocumentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        documents = selectors.document_list(user=request.user, filters=filters.validated_data)
        return self.exported(request, documents) or paginated_response(self, request, documents, DocumentListOutputSerializer)


class DocumentDetailApi(APIView):
    @extend_schema(responses=DocumentOutputSerializer)
    def get(self, request, pk: int):
        return Response(DocumentOutputSerializer(selectors.document_get(user=request.user, pk=pk)).data)


class DocumentDownloadApi(APIView):
    """The original file as an attachment with a safe name. Behind Nginx, Django only authorises
    and the gateway sends the file (X-Accel-Redirect to an internal location)."""

    # The stored file's own type: one of those an upload accepts (documents.inspection).
    @extend_schema(responses={(200, content_type): bytes for content_type in UPLOAD_CONTENT_TYPES})
    def get(self, request, pk: int):
        document = selectors.document_get(user=request.user, pk=pk)
        filename = document.original_filename
        ascii_name = filename.encode("ascii", "ignore").decode() or f"document{document.extension}"
        disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
        prefix = settings.DOCUMENT_DOWNLOAD_ACCEL_PREFIX
        if prefix:
            response = HttpResponse(content_type=document.content_type)
            response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{quote(document.file.name)}"
        else:
            response = FileResponse(document.file.open("rb"), content_type=document.content_type)
        response["Content-Disposition"] = disposition
        response["X-Content-Type-Options"] = "nosniff"
        return response


class DocumentPageImageApi(APIView):
    """A page of the document as a PNG rendered on the server when it was read (the browser's PDF
    viewer shows nothing in headless browsers and on some phones): the picture the evidence
    boxes of the extracted fields are drawn on."""

    @extend_schema(responses={(200, "image/png"): bytes})
    def get(self, request, pk: int, number: int):
        document = selectors.document_get(user=request.user, pk=pk)
        if not 1 <= number <= document.preview_pages:
            raise ApplicationError("not_found", "This page has no image.", status_code=404)
        response = FileResponse(default_storage.open(services.preview_name(document, number), "rb"), content_type="image/png")
        response["Cache-Control"] = "private, max-age=300"
        response["X-Content-Type-Options"] = "nosniff"
        return response
