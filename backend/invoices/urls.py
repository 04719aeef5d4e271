from django.urls import path

from . import apis

urlpatterns = [
    path("invoices/", apis.InvoiceListCreateApi.as_view(), name="invoice-list"),
    path("invoices/<id:pk>/", apis.InvoiceDetailApi.as_view(), name="invoice-detail"),
    path("invoices/<id:pk>/comments/", apis.InvoiceCommentsApi.as_view(), name="invoice-comments"),
    path("invoices/<id:pk>/history/", apis.InvoiceHistoryApi.as_view(), name="invoice-history"),
    path("invoices/<id:pk>/holds/<id:hold_id>/release/", apis.HoldReleaseApi.as_view(), name="invoice-hold-release"),
    path("invoices/<id:pk>/approve/", apis.InvoiceApproveApi.as_view(), name="invoice-approve"),
    path("invoices/<id:pk>/cancel/", apis.InvoiceCancelApi.as_view(), name="invoice-cancel"),
    path("match-exceptions/", apis.MatchExceptionListApi.as_view(), name="match-exception-list"),
    path("reports/payables/", apis.PayablesReportApi.as_view(), name="report-payables"),
    path("reports/received-not-invoiced/", apis.ReceivedNotInvoicedApi.as_view(), name="report-received-not-invoiced"),
    path("reports/invoice-holds/", apis.HoldsReportApi.as_view(), name="report-invoice-holds"),
]
