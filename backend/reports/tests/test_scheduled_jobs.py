import csv
import io
import os
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from conftest import bearer_client, race
from core.models import JobRun
from core.tasks import storage_cleanup_weekly_task
from purchases.models import PurchaseOrder
from purchases.services import purchase_orders_archive
from purchases.tests.factories import VendorFactory, make_org, make_request
from reports.models import SpendingReport
from reports.services import spending_report_generate
from users.models import Department

pytestmark = pytest.mark.django_db


def test_register_schedule_holds_every_job_and_is_idempotent():
    call_command("register_schedule")
    task = PeriodicTask.objects.get(task="reports.spending_report_daily")
    task.crontab.hour = "5"  # an admin moves it
    task.crontab.save()
    call_command("register_schedule")
    tasks = dict(PeriodicTask.objects.filter(enabled=True).values_list("task", "crontab__day_of_week"))
    assert set(tasks) == {
        "reports.spending_report_daily",
        "core.storage_cleanup_weekly",
        "purchases.purchase_orders_archive_monthly",
        "documents.requeue_stale",
        "purchases.delegations_follow_daily",
    }
    assert tasks["core.storage_cleanup_weekly"] == "0"
    assert PeriodicTask.objects.get(task="reports.spending_report_daily").crontab.hour == "5"


def test_daily_report_is_generated_once_with_exact_totals():
    org = make_org(budget=Decimal("20000.00"))
    for amount, approve in (("100.00", True), ("250.50", False), ("49.50", True)):
        request = make_request(org.requester, total_items=(("Item", "1", amount),))
        bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
        if approve:
            bearer_client(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
    today = timezone.localdate()
    report = spending_report_generate(report_date=today)
    assert report is not None
    [department] = report.totals["by_department"]
    assert (department["approved_total"], department["pending_total"], department["request_count"]) == ("149.50", "250.50", 3)
    [budget] = report.totals["budgets"]
    assert (budget["committed"], budget["remaining"]) == ("400.00", "19600.00")
    statuses = {row["status"]: row["total"] for row in report.totals["by_status"]}
    assert statuses == {"APPROVED": "149.50", "PENDING_APPROVAL": "250.50"}
    content = report.csv_file.read().decode()
    assert content.startswith("section,key,name,currency,request_count,approved_total,pending_total,total,")
    assert f"department,{org.department.code}," in content and ",149.50,250.50,400.00" in content

    assert spending_report_generate(report_date=today) is None  # second run the same day: nothing
    assert SpendingReport.objects.count() == 1 and JobRun.objects.filter(job="spending_report").count() == 1


def test_cleanup_removes_exactly_the_stale_unreferenced_files():
    today_report = SpendingReport.objects.create(report_date=timezone.localdate(), totals={})
    today_report.csv_file.save("kept-referenced.csv", ContentFile(b"x"))
    names = {
        "referenced_old": today_report.csv_file.name,
        "stale": default_storage.save("tmp/upload-chunk-abandoned.part", ContentFile(b"chunk")),
        "fresh": default_storage.save("tmp/upload-chunk-in-progress.part", ContentFile(b"chunk")),
        "stale_orphan": default_storage.save("documents/orphan.pdf", ContentFile(b"%PDF-")),
    }
    ten_days_ago = (timezone.now() - timedelta(days=10)).timestamp()
    for key in ("referenced_old", "stale", "stale_orphan"):
        os.utime(default_storage.path(names[key]), (ten_days_ago, ten_days_ago))
    try:
        result = storage_cleanup_weekly_task.apply().get()
        assert sorted(result["removed"]) == sorted([names["stale"], names["stale_orphan"]])
        assert default_storage.exists(names["referenced_old"]) and default_storage.exists(names["fresh"])
        assert storage_cleanup_weekly_task.apply().get() is None  # the same week again: nothing
    finally:
        for name in names.values():
            default_storage.delete(name)


def test_archive_flags_exactly_the_old_finished_orders():
    org = make_org()
    vendor = VendorFactory()
    orders = {}
    for label in ("old_received", "old_cancelled", "old_issued", "new_received"):
        request = make_request(org.requester, vendor=vendor)
        bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
        bearer_client(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
        orders[label] = PurchaseOrder.objects.get(purchase_request=request)
    PurchaseOrder.objects.filter(pk__in=[orders["old_received"].pk, orders["new_received"].pk]).update(status="RECEIVED")
    PurchaseOrder.objects.filter(pk=orders["old_cancelled"].pk).update(status="CANCELLED")
    long_ago = timezone.now() - timedelta(days=400)
    PurchaseOrder.objects.filter(pk__in=[orders[k].pk for k in ("old_received", "old_cancelled", "old_issued")]).update(
        issued_at=long_ago
    )

    result = purchase_orders_archive(today=timezone.localdate())
    assert result["archived"] == 2
    archived = set(PurchaseOrder.objects.filter(archived=True).values_list("pk", flat=True))
    assert archived == {orders["old_received"].pk, orders["old_cancelled"].pk}
    assert purchase_orders_archive(today=timezone.localdate()) is None
    assert PurchaseOrder.objects.filter(archived=True).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_do_the_work_once():
    make_org()
    results = race(4, lambda index: spending_report_generate(report_date=timezone.localdate()))
    assert sum(result is not None for result in results) == 1
    assert SpendingReport.objects.count() == 1 and JobRun.objects.count() == 1


def test_the_daily_report_csv_writes_a_formula_name_as_text_and_a_deficit_as_a_number():
    org = make_org(budget=Decimal("1000.00"))
    request = make_request(org.requester, total_items=(("Item", "1", "600.00"),), vendor=VendorFactory(name="@SUM(A1:A9)"))
    bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
    Department.objects.filter(pk=org.department.pk).update(annual_budget=Decimal("500.00"))  # cut after the fact
    report = spending_report_generate(report_date=timezone.localdate())
    rows = {row["section"]: row for row in csv.DictReader(io.StringIO(report.csv_file.read().decode()))}
    assert (rows["vendor"]["key"], rows["vendor"]["name"]) == ("'@SUM(A1:A9)", "'@SUM(A1:A9)")
    assert rows["budget"]["remaining"] == "-100.00"
