from django.urls import path

from . import apis

urlpatterns = [
    path("dashboard/stats/", apis.DashboardStatsApi.as_view(), name="dashboard-stats"),
    path("reports/", apis.SpendingReportListApi.as_view(), name="spending-report-list"),
    path("reports/spending/", apis.SpendingReportApi.as_view(), name="spending-report"),
    path("reports/<id:pk>/csv/", apis.SpendingReportCsvApi.as_view(), name="spending-report-csv"),
]
