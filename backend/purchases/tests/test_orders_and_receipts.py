import base64
import re
import zlib
from decimal import Decimal

import pytest

from conftest import bearer_client
from core.models import AuditEvent
from purchases.models import PurchaseOrder
from purchases.tests.factories import VendorFactory, make_org, make_request
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PR_URL, PO_URL = "/api/purchase-requests/", "/api/purchase-orders/"


def approved_request(org, items=(("Laptop", "2", "1200.00"), ("Mouse", "10", "15.50")), vendor=None):
    request = make_request(org.requester, total_items=items, vendor=vendor)
    bearer_client(org.requester).post(f"{PR_URL}{request.pk}/submit/")
    bearer_client(org.approver).post(f"{PR_URL}{request.pk}/approve/")
    request.refresh_from_db()
    assert request.status == "APPROVED"
    return request


def pdf_text(content: bytes) -> str:
    """The text drawn on the pages of a reportlab PDF: its content streams are ASCII85 + Flate."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        chunks.append(zlib.decompress(base64.a85decode(stream.strip(), adobe=True)).decode("latin-1"))
    return " ".join(re.findall(r"\((.*?)\) Tj", " ".join(chunks)))


def test_procurement_creates_the_po_once_for_an_approved_request_without_vendor():
    org = make_org()
    vendor = VendorFactory()
    request = approved_request(org)
    body = {"purchase_request": request.pk, "vendor": vendor.pk}
    assert bearer_client(org.requester).post(PO_URL, body).status_code == 403
    response = bearer_client(org.procurement).post(PO_URL, body)
    assert response.status_code == 201, response.json()
    order = response.json()
    assert re.fullmatch(r"PO-\d{4}-\d{6}", order["number"])
    assert order["total"] == "2555.00" and order["status"] == "ISSUED"
    assert [(line["description"], line["quantity"], line["received_quantity"]) for line in order["lines"]] == [
        ("Laptop", "2.000", "0.000"),
        ("Mouse", "10.000", "0.000"),
    ]
    again = bearer_client(org.procurement).post(PO_URL, body)
    assert again.status_code == 409 and again.json()["code"] == "purchase_order_exists"
    assert PurchaseOrder.objects.count() == 1


def test_po_for_a_request_that_is_not_approved_is_409():
    org = make_org()
    request = make_request(org.requester)
    response = bearer_client(org.procurement).post(PO_URL, {"purchase_request": request.pk, "vendor": VendorFactory().pk})
    assert response.status_code == 409 and not PurchaseOrder.objects.exists()


def test_requester_sees_the_po_of_their_request_others_do_not():
    org = make_org()
    request = approved_request(org, vendor=VendorFactory())
    order = request.purchase_order
    assert bearer_client(org.requester).get(f"{PO_URL}{order.pk}/").status_code == 200
    assert bearer_client(org.requester).get(PO_URL).json()["count"] == 1
    stranger = UserFactory(department=org.department)
    assert bearer_client(stranger).get(f"{PO_URL}{order.pk}/").status_code == 404
    assert bearer_client(stranger).get(f"{PO_URL}{order.pk}/pdf/").status_code == 404
    assert bearer_client(stranger).get(PO_URL).json()["count"] == 0


def test_po_pdf_is_a_real_pdf_with_number_vendor_lines_and_total():
    org = make_org()
    vendor = VendorFactory(name="Globex Hardware")
    order = approved_request(org, vendor=vendor).purchase_order
    response = bearer_client(org.requester).get(f"{PO_URL}{order.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{order.number}.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    for expected in (order.number, "Globex Hardware", "Laptop", "Mouse", "2,555.00 USD", "Example Corp"):
        assert expected in text, expected


def test_partial_receipts_then_full_receipt_move_the_status():
    org = make_org()
    order = approved_request(org, vendor=VendorFactory()).purchase_order
    laptop, mouse = order.lines.order_by("position")
    client = bearer_client(org.requester)
    response = client.post(f"{PO_URL}{order.pk}/receipts/", {"lines": [{"po_line": laptop.pk, "quantity": "1"}]})
    assert response.status_code == 201, response.json()
    assert response.json()["purchase_order"]["status"] == "PARTIALLY_RECEIVED"
    response = bearer_client(org.procurement).post(
        f"{PO_URL}{order.pk}/receipts/",
        {"lines": [{"po_line": laptop.pk, "quantity": "1"}, {"po_line": mouse.pk, "quantity": "10"}], "note": "All in"},
    )
    assert response.status_code == 201
    body = response.json()["purchase_order"]
    assert body["status"] == "RECEIVED"
    assert [line["received_quantity"] for line in body["lines"]] == ["2.000", "10.000"]
    assert AuditEvent.objects.filter(action="goods_receipt.create", object_id=str(order.pk)).count() == 2
    more = client.post(f"{PO_URL}{order.pk}/receipts/", {"lines": [{"po_line": laptop.pk, "quantity": "1"}]})
    assert more.status_code == 409


def test_over_receipt_lines_of_another_po_and_bad_quantities_are_refused():
    org = make_org()
    order = approved_request(org, vendor=VendorFactory()).purchase_order
    other = approved_request(org, items=(("Chair", "1", "10.00"),), vendor=VendorFactory()).purchase_order
    laptop = order.lines.get(position=1)
    url = f"{PO_URL}{order.pk}/receipts/"
    client = bearer_client(org.procurement)
    over = client.post(url, {"lines": [{"po_line": laptop.pk, "quantity": "1.5"}, {"po_line": laptop.pk, "quantity": "1"}]})
    assert over.status_code == 400 and over.json()["code"] == "over_receipt"
    foreign = client.post(url, {"lines": [{"po_line": other.lines.get().pk, "quantity": "1"}]})
    assert foreign.status_code == 400 and "lines" in foreign.json()["fields"]
    for bad in (
        [],
        [{"po_line": laptop.pk, "quantity": "0"}],
        [{"po_line": laptop.pk, "quantity": "-1"}],
        [{"po_line": laptop.pk}],
        [{"po_line": laptop.pk, "quantity": "1", "extra": 1}],
        "x",
    ):
        response = client.post(url, {"lines": bad})
        assert response.status_code == 400, bad
    assert (
        bearer_client(UserFactory(role="approver")).post(url, {"lines": [{"po_line": laptop.pk, "quantity": "1"}]}).status_code
        == 404
    )
    laptop.refresh_from_db()
    assert laptop.received_quantity == Decimal("0") and not order.goods_receipts.exists()


def test_cancel_by_procurement_until_everything_was_received():
    org = make_org()
    order = approved_request(org, vendor=VendorFactory()).purchase_order
    assert bearer_client(org.requester).post(f"{PO_URL}{order.pk}/cancel/").status_code == 403
    assert bearer_client(org.procurement).post(f"{PO_URL}{order.pk}/cancel/").json()["status"] == "CANCELLED"
    assert bearer_client(org.procurement).post(f"{PO_URL}{order.pk}/cancel/").status_code == 409
    line = order.lines.first()
    receipt = bearer_client(org.procurement).post(
        f"{PO_URL}{order.pk}/receipts/", {"lines": [{"po_line": line.pk, "quantity": "1"}]}
    )
    assert receipt.status_code == 409

    # Partly received it is short-closed (test_po_drafts_revisions_cancellation); fully, refused.
    received = approved_request(org, vendor=VendorFactory()).purchase_order
    everything = [{"po_line": line.pk, "quantity": str(line.quantity)} for line in received.lines.all()]
    bearer_client(org.procurement).post(f"{PO_URL}{received.pk}/receipts/", {"lines": everything}, format="json")
    response = bearer_client(org.procurement).post(f"{PO_URL}{received.pk}/cancel/")
    assert response.status_code == 409
    assert PurchaseOrder.objects.get(pk=received.pk).status == "RECEIVED"


def test_archived_orders_leave_the_default_list():
    org = make_org()
    order = approved_request(org, vendor=VendorFactory()).purchase_order
    PurchaseOrder.objects.filter(pk=order.pk).update(archived=True)
    client = bearer_client(org.procurement)
    assert client.get(PO_URL).json()["count"] == 0
    assert client.get(PO_URL, {"archived": "true"}).json()["count"] == 1
    assert client.get(f"{PO_URL}{order.pk}/").status_code == 200


def test_idempotency_key_replays_the_first_create():
    org = make_org()
    client = bearer_client(org.requester)
    body = {"title": "Paper", "currency": "USD", "items": [{"description": "A4", "quantity": "5", "unit_price": "4.00"}]}
    first = client.post(PR_URL, body, HTTP_IDEMPOTENCY_KEY="abc-1")
    second = client.post(PR_URL, body, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() and second["Idempotent-Replayed"] == "true"
    different = client.post(PR_URL, {**body, "title": "Other"}, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert different.status_code == 422 and different.json()["code"] == "idempotency_key_reused"
    # The key is per user: another user's identical key creates their own request.
    other = bearer_client(org.approver).post(PR_URL, body, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert client.get(PR_URL).json()["count"] == 1


def test_vendor_master_read_by_all_written_by_procurement():
    org = make_org()
    body = {"name": "Umbrella Corp", "email": "buy@umbrella.example.com", "currency": "eur"}
    assert bearer_client(org.requester).post("/api/vendors/", body).status_code == 403
    created = bearer_client(org.procurement).post("/api/vendors/", body)
    assert created.status_code == 201 and created.json()["currency"] == "EUR"
    duplicate = bearer_client(org.procurement).post("/api/vendors/", {**body, "name": "UMBRELLA corp"})
    assert duplicate.status_code == 400
    assert bearer_client(org.requester).get("/api/vendors/", {"search": "umbrella"}).json()["count"] == 1
    vendor_id = created.json()["id"]
    patched = bearer_client(org.procurement).patch(f"/api/vendors/{vendor_id}/", {"is_active": False})
    assert patched.json()["is_active"] is False
    assert bearer_client(org.procurement).patch(f"/api/vendors/{vendor_id}/", {"currency": "ABC"}).status_code == 400


def test_departments_listed_for_all_created_by_admins():
    org = make_org()
    assert bearer_client(org.requester).get("/api/departments/").status_code == 200
    body = {"name": "Legal", "code": "LEG", "annual_budget": "50000.00"}
    assert bearer_client(org.finance).post("/api/departments/", body).status_code == 403
    admin = UserFactory(role="admin")
    response = bearer_client(admin).post("/api/departments/", body)
    assert response.status_code == 201 and response.json()["annual_budget"] == "50000.00"
    assert bearer_client(admin).post("/api/departments/", {**body, "annual_budget": "-1"}).status_code == 400
    assert bearer_client(admin).post("/api/departments/", body).status_code == 400  # duplicate code


def test_a_po_issued_to_a_vendor_gives_its_request_that_vendor_everywhere():
    from conftest import bearer_client as client_for
    from purchases.tests.factories import VendorFactory as Vendors
    from purchases.tests.factories import make_org as org_of
    from purchases.tests.factories import make_request as request_of

    org = org_of()
    request = request_of(org.requester)  # no vendor named
    client_for(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
    client_for(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
    vendor = Vendors(name="Café Müller Supplies")
    response = client_for(org.procurement).post(
        "/api/purchase-orders/", {"purchase_request": request.pk, "vendor": vendor.pk}, format="json"
    )
    assert response.status_code == 201
    detail = client_for(org.requester).get(f"/api/purchase-requests/{request.pk}/").json()
    assert detail["vendor"] == {"id": vendor.pk, "name": "Café Müller Supplies"}
    found = client_for(org.requester).get("/api/purchase-requests/", {"search": "cafe muller"}).json()
    assert [row["id"] for row in found["results"]] == [request.pk]
    spend = client_for(org.finance).get("/api/reports/spending/", {"group_by": "vendor"}).json()
    assert [row["name"] for row in spend["results"]] == ["Café Müller Supplies"]


def test_an_old_cancelled_order_is_found_under_archived_before_the_monthly_job_has_run():
    from datetime import timedelta

    from django.utils import timezone

    from conftest import bearer_client as client_for
    from purchases.models import PurchaseOrder
    from purchases.tests.factories import VendorFactory as Vendors
    from purchases.tests.factories import make_org as org_of
    from purchases.tests.factories import make_request as request_of

    org = org_of()
    orders = []
    for _ in range(2):
        request = request_of(org.requester, vendor=Vendors())
        client_for(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
        client_for(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
        orders.append(PurchaseOrder.objects.get(purchase_request=request))
    old, recent = orders
    client_for(org.procurement).post(f"/api/purchase-orders/{old.pk}/cancel/")
    client_for(org.procurement).post(f"/api/purchase-orders/{recent.pk}/cancel/")
    PurchaseOrder.objects.filter(pk=old.pk).update(issued_at=timezone.now() - timedelta(days=400))
    assert not PurchaseOrder.objects.get(pk=old.pk).archived  # the job has not flagged it
    client = client_for(org.procurement)
    archived = client.get("/api/purchase-orders/", {"archived": "true"}).json()["results"]
    assert [(row["id"], row["archived"]) for row in archived] == [(old.pk, True)]
    default = client.get("/api/purchase-orders/").json()["results"]
    assert [row["id"] for row in default] == [recent.pk]
    assert [row["id"] for row in client.get("/api/purchase-orders/", {"archived": "false"}).json()["results"]] == [recent.pk]
