from django.urls import path

from . import apis

urlpatterns = [
    path("vendors/", apis.VendorListCreateApi.as_view(), name="vendor-list"),
    path("vendors/<id:pk>/", apis.VendorDetailApi.as_view(), name="vendor-detail"),
    path("purchase-requests/", apis.PurchaseRequestListCreateApi.as_view(), name="purchase-request-list"),
    path("purchase-requests/<id:pk>/", apis.PurchaseRequestDetailApi.as_view(), name="purchase-request-detail"),
    path("purchase-requests/<id:pk>/history/", apis.PurchaseRequestHistoryApi.as_view(), name="purchase-request-history"),
    path("purchase-requests/<id:pk>/submit/", apis.PurchaseRequestSubmitApi.as_view(), name="purchase-request-submit"),
    path("purchase-requests/<id:pk>/approve/", apis.PurchaseRequestApproveApi.as_view(), name="purchase-request-approve"),
    path("purchase-requests/<id:pk>/reject/", apis.PurchaseRequestRejectApi.as_view(), name="purchase-request-reject"),
    path("purchase-requests/<id:pk>/cancel/", apis.PurchaseRequestCancelApi.as_view(), name="purchase-request-cancel"),
    path("purchase-requests/<id:pk>/reassign/", apis.PurchaseRequestReassignApi.as_view(), name="purchase-request-reassign"),
    path("purchase-requests/route/", apis.PurchaseRequestNewRouteApi.as_view(), name="purchase-request-new-route"),
    path("purchase-requests/<id:pk>/revise/", apis.PurchaseRequestReviseApi.as_view(), name="purchase-request-revise"),
    path("purchase-requests/<id:pk>/duplicate/", apis.PurchaseRequestDuplicateApi.as_view(), name="purchase-request-duplicate"),
    path("purchase-requests/<id:pk>/route/", apis.PurchaseRequestRouteApi.as_view(), name="purchase-request-route"),
    path("purchase-requests/<id:pk>/comments/", apis.PurchaseRequestCommentsApi.as_view(), name="purchase-request-comments"),
    path("purchase-orders/<id:pk>/comments/", apis.PurchaseOrderCommentsApi.as_view(), name="purchase-order-comments"),
    path("approvals/", apis.ApprovalInboxApi.as_view(), name="approval-inbox"),
    path("approval-links/", apis.ApprovalLinkApi.as_view(), name="approval-link"),
    path("approvals/bulk/", apis.ApprovalBulkApi.as_view(), name="approval-bulk"),
    path("approvers/", apis.ApproverListApi.as_view(), name="approver-list"),
    path("delegations/", apis.DelegationListCreateApi.as_view(), name="delegation-list"),
    path("delegations/<id:pk>/", apis.DelegationDetailApi.as_view(), name="delegation-detail"),
    path("purchase-orders/", apis.PurchaseOrderListCreateApi.as_view(), name="purchase-order-list"),
    path("purchase-orders/<id:pk>/", apis.PurchaseOrderDetailApi.as_view(), name="purchase-order-detail"),
    path("purchase-orders/<id:pk>/cancel/", apis.PurchaseOrderCancelApi.as_view(), name="purchase-order-cancel"),
    path("purchase-orders/<id:pk>/pdf/", apis.PurchaseOrderPdfApi.as_view(), name="purchase-order-pdf"),
    path("purchase-orders/<id:pk>/receipts/", apis.GoodsReceiptCreateApi.as_view(), name="goods-receipt-create"),
]
