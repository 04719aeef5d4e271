"""Django REST Framework and drf-spectacular."""

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["users.authentication.CookieJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",  # DRF's, with a nesting limit
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "P2P Procurement API",
    "DESCRIPTION": "Purchase requests, approvals, purchase orders, goods receipts and documents.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PurchaseRequestStatusEnum": "purchases.models.PurchaseRequestStatus",
        "ApprovalStepStatusEnum": "purchases.models.ApprovalStepStatus",
        "PurchaseOrderStatusEnum": "purchases.models.PurchaseOrderStatus",
        "GoodsReceiptKindEnum": "purchases.models.GoodsReceiptKind",
        "DocumentStatusEnum": "documents.models.DocumentStatus",
        "DocumentTypeEnum": "documents.models.DocumentType",
        "ExtractionSourceEnum": ["xml", "text", "ocr"],
        "SourceEnum": "currencies.models.ExchangeRate.Source",
        "EinvoiceFormatEnum": ["cii", "ubl"],
        "ExtractedKindEnum": ["invoice", "credit_note"],
        "InvoiceStatusEnum": "invoices.models.InvoiceStatus",
        "InvoiceKindEnum": "invoices.models.InvoiceKind",
        "MatchStatusEnum": "invoices.models.MatchStatus",
        "HoldCodeEnum": "invoices.models.HoldCode",
        "HoldOwnerEnum": "invoices.models.HoldOwner",
        "HoldStatusEnum": "invoices.models.HoldStatus",
        "PaymentRunStatusEnum": "payments.models.PaymentRunStatus",
        "BankAccountStatusEnum": "payments.models.BankAccountStatus",
    },
}
