from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ApplicationError
from core.pagination import ListApiMixin, paginated_response
from core.serializers import IdField, StrictInputSerializer
from purchases.selectors import purchase_order_visible, purchase_request_visible

from . import selectors, services
from .models import Document


class DocumentOutputSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.EmailField(source="uploaded_by.email")
    # Plain integers: a ModelSerializer would take their bounds from the database backend.
    page_count = serializers.IntegerField(read_only=True, allow_null=True)
    ocr_pages = serializers.IntegerField(read_only=True)

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
            "task_id",
            "page_count",
            "ocr_pages",
            "purchase_request",
            "purchase_order",
            "uploaded_by",
            "extracted_text",
            "extracted_data",
            "error",
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
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > settings.DOCUMENT_MAX_UPLOAD_BYTES + 64 * 1024:  # refuse before reading the body
            raise ApplicationError("file_too_large", "The file is larger than the upload limit.", status_code=413)
        # An empty request parses to a plain dict, a multipart one to a QueryDict.
        fields = request.data.dict() if hasattr(request.data, "dict") else dict(request.data)
        body = self.UploadInputSerializer(data={**fields, **request.FILES.dict()})
        body.is_valid(raise_exception=True)
        params = body.validated_data
        upload = params["file"]
        if upload.size > settings.DOCUMENT_MAX_UPLOAD_BYTES:
            raise ApplicationError("file_too_large", "The file is larger than the upload limit.", status_code=413)
        links = {}
        if "purchase_request" in params:
            links["purchase_request"] = purchase_request_visible(user=request.user).filter(pk=params["purchase_request"]).first()
            if links["purchase_request"] is None:
                raise ApplicationError(
                    "not_found", "No such purchase request.", fields={"purchase_request": ["Not found."]}, status_code=404
                )
        if "purchase_order" in params:
            links["purchase_order"] = purchase_order_visible(user=request.user).filter(pk=params["purchase_order"]).first()
            if links["purchase_order"] is None:
                raise ApplicationError(
                    "not_found", "No such purchase order.", fields={"purchase_order": ["Not found."]}, status_code=404
                )
        document = services.document_upload(
            uploaded_by=request.user,
            data=upload.read(),
            filename=upload.name or "",
            document_type=params["document_type"],
            **links,
        )
        return Response(
            {"document_id": document.pk, "task_id": document.task_id, "status": document.status}, status=status.HTTP_202_ACCEPTED
        )


class DocumentListApi(ListApiMixin, APIView):
    class DocumentFilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Document.Status.choices, required=False)
        document_type = serializers.ChoiceField(choices=Document.Type.choices, required=False)
        purchase_request = IdField(required=False)
        purchase_order = IdField(required=False)

    @extend_schema(parameters=[DocumentFilterSerializer], responses=DocumentListOutputSerializer(many=True))
    def get(self, request):
        filters = self.DocumentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        documents = selectors.document_list(user=request.user, filters=filters.validated_data)
        return paginated_response(self, request, documents, DocumentListOutputSerializer)


class DocumentDetailApi(APIView):
    @extend_schema(responses=DocumentOutputSerializer)
    def get(self, request, pk: int):
        return Response(DocumentOutputSerializer(selectors.document_get(user=request.user, pk=pk)).data)


class DocumentDownloadApi(APIView):
    """The original file as an attachment with a safe name. Behind Nginx, Django only authorises
    and the gateway sends the file (X-Accel-Redirect to an internal location)."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
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
