from django.urls import path

from . import apis

urlpatterns = [
    path("vendors/<id:pk>/bank-accounts/", apis.VendorBankAccountListCreateApi.as_view(), name="vendor-bank-account-list"),
    path(
        "vendors/<id:pk>/bank-accounts/<id:account_id>/",
        apis.VendorBankAccountDetailApi.as_view(),
        name="vendor-bank-account-detail",
    ),
    path(
        "vendors/<id:pk>/bank-accounts/<id:account_id>/confirm/",
        apis.VendorBankAccountConfirmApi.as_view(),
        name="vendor-bank-account-confirm",
    ),
    path("company-bank-accounts/", apis.CompanyAccountListApi.as_view(), name="company-bank-account-list"),
    path("payment-runs/", apis.PaymentRunListCreateApi.as_view(), name="payment-run-list"),
    path("payment-runs/<id:pk>/", apis.PaymentRunDetailApi.as_view(), name="payment-run-detail"),
    path("payment-runs/<id:pk>/approve/", apis.PaymentRunApproveApi.as_view(), name="payment-run-approve"),
    path("payment-runs/<id:pk>/cancel/", apis.PaymentRunCancelApi.as_view(), name="payment-run-cancel"),
    path("payment-runs/<id:pk>/mark-paid/", apis.PaymentRunMarkPaidApi.as_view(), name="payment-run-mark-paid"),
    path("payment-runs/<id:pk>/sepa/", apis.PaymentRunSepaApi.as_view(), name="payment-run-sepa"),
    path("payment-runs/<id:pk>/csv/", apis.PaymentRunCsvApi.as_view(), name="payment-run-csv"),
    path("bank-statements/", apis.BankStatementListCreateApi.as_view(), name="bank-statement-list"),
]
