"""List exports: ?format=csv and ?format=xlsx on the lists' own URLs (issue 16)."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from conftest import bearer_client
from purchases.tests.factories import VendorFactory, make_org, make_request
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_filtered_request_list_exports_every_selected_row_as_csv_and_xlsx():
    org = make_org()
    for title in ("Chairs X1", "Desks X1", "Lamps X1"):
        request = make_request(org.requester, total_items=((title, "2", "10.50"),))
        request.title = title
        request.save()
    make_request(org.requester)  # "Team equipment": the search leaves it out
    client = bearer_client(org.requester)
    response = client.get("/api/purchase-requests/", {"format": "csv", "search": "x1", "page_size": 1})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="purchase-requests-')
    rows = csv_rows(response)
    assert rows[0][:3] == ["Number", "Title", "Status"]
    assert sorted(row[1] for row in rows[1:]) == ["Chairs X1", "Desks X1", "Lamps X1"]  # every row, not a page
    assert {row[7] for row in rows[1:]} == {"21.00"}
    response = client.get("/api/purchase-requests/", {"format": "xlsx", "search": "desk"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = xlsx_rows(response)
    assert rows[0][1] == "Title" and [row[1] for row in rows[1:]] == ["Desks X1"]
    assert rows[1][7] == 21  # a number in the sheet, not text


def test_an_export_follows_visibility_and_is_formula_safe():
    org = make_org()
    mine = make_request(org.requester)
    mine.title = '=HYPERLINK("http://evil.example","x")'
    mine.save()
    other = UserFactory(role=Role.REQUESTER, department=org.department)
    make_request(other)
    rows = csv_rows(bearer_client(org.requester).get("/api/purchase-requests/", {"format": "csv"}))
    assert len(rows) == 2 and rows[1][1].startswith("'=HYPERLINK")
    xrows = xlsx_rows(bearer_client(org.requester).get("/api/purchase-requests/", {"format": "xlsx"}))
    assert xrows[1][1].startswith("'=")


def test_an_unknown_format_is_400_and_json_stays_the_default():
    org = make_org()
    client = bearer_client(org.requester)
    response = client.get("/api/purchase-requests/", {"format": "pdf"})
    assert response.status_code == 400 and response.json()["fields"]["format"]
    assert client.get("/api/purchase-requests/", {"format": "json"}).json()["count"] == 0


def test_the_query_count_does_not_grow_with_the_rows():
    org = make_org()
    client = bearer_client(org.procurement)

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            body(client.get(path, {"format": "csv"}))
        return len(captured)

    make_request(org.requester)
    queries("/api/purchase-requests/")  # the caller's user is cached from here on
    few = queries("/api/purchase-requests/")
    for _ in range(15):
        make_request(org.requester, vendor=VendorFactory())
    assert queries("/api/purchase-requests/") == few


@pytest.mark.parametrize(
    ("path", "who", "header"),
    [
        ("/api/vendors/", "requester", "Name"),
        ("/api/purchase-orders/", "procurement", "Number"),
        ("/api/invoices/", "finance", "Number"),
        ("/api/documents/", "requester", "File"),
        ("/api/audit-events/", "finance", "When"),
    ],
)
def test_every_list_exports(path, who, header):
    org = make_org()
    VendorFactory(name="Acme")
    make_request(org.requester)
    client = bearer_client(getattr(org, who))
    for fmt, reader in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        response = client.get(path, {"format": fmt})
        assert response.status_code == 200, (path, fmt, body(response)[:200])
        assert reader(response)[0][0] == header


def test_the_audit_export_stays_with_finance_and_admin():
    org = make_org()
    assert bearer_client(org.requester).get("/api/audit-events/", {"format": "csv"}).status_code == 403
    events = csv_rows(bearer_client(org.finance).get("/api/audit-events/", {"format": "csv", "action": "user.create"}))
    assert events[0][:3] == ["When", "Who", "Action"]


def test_amounts_keep_their_decimals():
    org = make_org()
    make_request(org.requester, total_items=(("Pens", "3", "0.10"),))
    rows = xlsx_rows(bearer_client(org.requester).get("/api/purchase-requests/", {"format": "xlsx"}))
    assert Decimal(str(rows[1][7])) == Decimal("0.30")
