import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from conftest import bearer_client
from purchases.models import PurchaseRequest
from purchases.tests.factories import VendorFactory, make_org, make_request
from users.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/reports/spending/"


def submitted(org, amount: str, *, approve=False, vendor=None, requester=None):
    request = make_request(requester or org.requester, total_items=(("Thing", "1", amount),), vendor=vendor)
    bearer_client(request.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
    if approve:
        bearer_client(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
    return request


def sql_totals() -> dict:
    """The same figures straight from SQL, to check the report against."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.code, r.status, SUM(r.total) FROM purchases_purchaserequest r "
            "JOIN users_department d ON d.id = r.department_id "
            "WHERE r.status IN ('APPROVED', 'PENDING_APPROVAL') GROUP BY d.code, r.status"
        )
        return {(code, status): Decimal(str(total)) for code, status, total in cursor.fetchall()}


def test_spending_by_department_equals_a_direct_sql_sum():
    org = make_org()
    other = make_org()
    submitted(org, "100.10", approve=True)
    submitted(org, "200.20")
    submitted(org, "300.30", approve=True)
    submitted(other, "55.55")
    draft = make_request(org.requester, total_items=(("Draft", "1", "999.00"),))
    assert draft.status == "DRAFT"
    body = bearer_client(org.finance).get(URL, {"group_by": "department"}).json()
    sums = sql_totals()
    rows = {row["key"]: row for row in body["results"]}
    assert set(rows) == {org.department.code, other.department.code}
    for code, row in rows.items():
        assert Decimal(row["approved_total"]) == sums.get((code, "APPROVED"), Decimal("0"))
        assert Decimal(row["pending_total"]) == sums.get((code, "PENDING_APPROVAL"), Decimal("0"))
    assert rows[org.department.code]["approved_total"] == "400.40"
    assert rows[org.department.code]["request_count"] == 3


def test_group_by_vendor_and_month_and_csv():
    org = make_org()
    vendor = VendorFactory(name="Globex")
    submitted(org, "10.00", vendor=vendor)
    submitted(org, "5.00")
    client = bearer_client(org.finance)
    vendors = {row["name"]: row["total"] for row in client.get(URL, {"group_by": "vendor"}).json()["results"]}
    assert vendors == {"Globex": "10.00", "(no vendor)": "5.00"}
    months = client.get(URL, {"group_by": "month"}).json()["results"]
    assert [(row["key"], row["total"]) for row in months] == [(timezone.localdate().strftime("%Y-%m"), "15.00")]
    response = client.get(URL, {"group_by": "vendor", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0].keys() == {
        "group_by",
        "key",
        "name",
        "currency",
        "request_count",
        "approved_total",
        "pending_total",
        "total",
        "base_currency",
        "total_base",
    }
    assert {row["name"]: row["pending_total"] for row in rows} == {"Globex": "10.00", "(no vendor)": "5.00"}


def test_date_range_is_inclusive_and_filters_by_submission_date():
    org = make_org()
    old = submitted(org, "70.00")
    PurchaseRequest.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=40))
    submitted(org, "30.00")
    client = bearer_client(org.finance)
    today = timezone.localdate()
    recent = client.get(URL, {"from": (today - timedelta(days=7)).isoformat(), "to": today.isoformat()}).json()
    assert [row["total"] for row in recent["results"]] == ["30.00"]
    wide = client.get(URL, {"from": (today - timedelta(days=60)).isoformat(), "to": today.isoformat()}).json()
    assert [row["total"] for row in wide["results"]] == ["100.00"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"from": "2026-05-01", "to": "2026-04-01"}, "from"),
        ({"group_by": "colour"}, "group_by"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2026-13-45"}, "to"),
        ({"format": "xlsx"}, "format"),
        ({"department": "abc"}, "department"),
    ],
)
def test_bad_report_parameters_are_400(params, field):
    response = bearer_client(UserFactory(role="finance")).get(URL, params)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error" and field in response.json()["fields"]


def test_a_requester_asking_for_another_department_gets_an_empty_scoped_result():
    org = make_org()
    other_department = DepartmentFactory()
    outsider = UserFactory(department=other_department, spending_limit=Decimal("1000"))
    submitted(org, "100.00")
    response = bearer_client(outsider).get(URL, {"department": org.department.pk})
    assert response.status_code == 200 and response.json()["results"] == []
    own = bearer_client(org.requester).get(URL).json()["results"]
    assert [row["total"] for row in own] == ["100.00"]


def test_daily_report_list_is_for_finance_procurement_and_admin():
    assert bearer_client(UserFactory(role="requester")).get("/api/reports/").status_code == 403
    assert bearer_client(UserFactory(role="finance")).get("/api/reports/").json()["count"] == 0


def test_a_vendor_name_that_is_a_formula_is_text_in_the_spending_csv():
    org = make_org()
    name = '=HYPERLINK("http://evil")'
    submitted(org, "10.00", vendor=VendorFactory(name=name))
    response = bearer_client(org.finance).get(URL, {"group_by": "vendor", "format": "csv"})
    [row] = csv.DictReader(io.StringIO(response.content.decode()))
    assert (row["key"], row["name"], row["total"]) == (f"'{name}", f"'{name}", "10.00")
