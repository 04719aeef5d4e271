import re
from decimal import Decimal

import pytest

from conftest import bearer_client
from core.models import AuditEvent
from purchases.models import PurchaseRequest
from purchases.tests.factories import make_org, make_request
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/purchase-requests/"


def payload(**overrides):
    body = {
        "title": "New laptops",
        "justification": "Two new hires",
        "currency": "usd",
        "items": [
            {"description": "Laptop", "quantity": "2", "unit_price": "1199.99"},
            {"description": "Dock", "quantity": "2.5", "unit_price": "0.33"},
        ],
    }
    body.update(overrides)
    return body


def test_create_computes_line_totals_and_total_on_the_server():
    org = make_org()
    response = bearer_client(org.requester).post(URL, payload(total="1.00"))
    assert response.status_code == 400 and response.json()["fields"] == {"total": ["Unknown field."]}

    response = bearer_client(org.requester).post(URL, payload())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert re.fullmatch(r"PR-\d{4}-\d{6}", body["number"])
    assert body["status"] == "DRAFT" and body["currency"] == "USD"
    assert [item["line_total"] for item in body["items"]] == ["2399.98", "0.83"]  # 2.5 x 0.33 = 0.825 -> 0.83
    assert body["total"] == "2400.81"
    assert body["department"]["id"] == org.department.pk
    assert AuditEvent.objects.filter(action="purchase_request.create", object_id=str(body["id"])).count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"items": []}, "items"),
        ({"items": [{"description": "x", "quantity": "0", "unit_price": "1.00"}]}, "items"),
        ({"items": [{"description": "x", "quantity": "-1", "unit_price": "1.00"}]}, "items"),
        ({"items": [{"description": "x", "quantity": "1", "unit_price": "1.001"}]}, "items"),
        ({"items": [{"description": "x", "quantity": "1", "unit_price": "-5"}]}, "items"),
        ({"items": [{"description": "x", "quantity": "1", "unit_price": "NaN"}]}, "items"),
        ({"items": [{"description": "x", "quantity": "1", "unit_pirce": "5"}]}, "items"),
        ({"items": "not a list"}, "items"),
        ({"items": [{"description": "x", "quantity": "999999999", "unit_price": "999999999999.99"}]}, "items"),
        ({"currency": "XXY"}, "currency"),
        ({"currency": "dollars"}, "currency"),
        ({"title": ""}, "title"),
        ({"needed_by": "31/12/2026"}, "needed_by"),
        ({"vendor": 999999}, "vendor"),
    ],
)
def test_bad_input_is_400_on_the_right_field_and_nothing_is_created(overrides, field):
    org = make_org()
    response = bearer_client(org.requester).post(URL, payload(**overrides))
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "validation_error" and field in body["fields"]
    assert PurchaseRequest.objects.count() == 0


def test_a_json_list_instead_of_an_object_is_400():
    org = make_org()
    response = bearer_client(org.requester).post(URL, [1, 2], format="json")
    assert response.status_code == 400


def test_draft_is_editable_and_deletable_by_its_requester_only():
    org = make_org()
    request = make_request(org.requester)
    url = f"{URL}{request.pk}/"
    other_requester = UserFactory(department=org.department)
    assert bearer_client(other_requester).patch(url, {"title": "Mine now"}).status_code == 404
    response = bearer_client(org.procurement).patch(url, {"title": "Procurement edit"})
    assert response.status_code == 403
    response = bearer_client(org.requester).patch(
        url, {"items": [{"description": "Monitor", "quantity": "3", "unit_price": "100.10"}]}
    )
    assert response.status_code == 200
    assert response.json()["total"] == "300.30" and len(response.json()["items"]) == 1
    assert bearer_client(org.procurement).delete(url).status_code == 403
    assert bearer_client(org.requester).delete(url).status_code == 204
    assert not PurchaseRequest.objects.filter(pk=request.pk).exists()


def test_editing_or_deleting_a_submitted_request_is_409_and_changes_nothing():
    org = make_org()
    request = make_request(org.requester)
    client = bearer_client(org.requester)
    assert client.post(f"{URL}{request.pk}/submit/").status_code == 200
    response = client.patch(f"{URL}{request.pk}/", {"title": "Changed"})
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert client.delete(f"{URL}{request.pk}/").status_code == 409
    request.refresh_from_db()
    assert request.title == "Team equipment" and request.status == "PENDING_APPROVAL"


def test_visibility_requesters_approvers_and_purchasing_roles():
    org = make_org()
    mine = make_request(org.requester)
    bearer_client(org.requester).post(f"{URL}{mine.pk}/submit/")
    stranger = UserFactory(department=org.department)
    unrelated_approver = UserFactory(role="approver", approval_limit=Decimal("9999"))

    def ids(user):
        return [row["id"] for row in bearer_client(user).get(URL).json()["results"]]

    assert ids(org.requester) == [mine.pk]
    assert ids(org.approver) == [mine.pk]  # an approver on it
    assert ids(stranger) == [] and ids(unrelated_approver) == []
    assert ids(org.procurement) == [mine.pk] and ids(org.finance) == [mine.pk]
    assert bearer_client(stranger).get(f"{URL}{mine.pk}/").status_code == 404
    assert bearer_client(unrelated_approver).post(f"{URL}{mine.pk}/approve/").status_code == 404


def test_list_filters_search_ordering_and_bad_filter_values():
    org = make_org()
    first = make_request(org.requester, total_items=(("Chairs", "4", "100.00"),))
    second = make_request(org.requester, total_items=(("Desk", "1", "900.00"),))
    bearer_client(org.requester).post(f"{URL}{second.pk}/submit/")
    client = bearer_client(org.procurement)
    assert [r["id"] for r in client.get(URL, {"status": "DRAFT"}).json()["results"]] == [first.pk]
    assert [r["id"] for r in client.get(URL, {"ordering": "total"}).json()["results"]] == [first.pk, second.pk]
    assert [r["id"] for r in client.get(URL, {"ordering": "-total"}).json()["results"]] == [second.pk, first.pk]
    assert client.get(URL, {"search": second.number}).json()["count"] == 1
    row = client.get(URL, {"status": "PENDING_APPROVAL"}).json()["results"][0]
    assert row["current_approver"] == org.approver.email
    for bad in ({"status": "NOPE"}, {"created_after": "yesterday"}, {"department": "abc"}, {"ordering": "password"}):
        response = client.get(URL, bad)
        assert response.status_code == 400, bad
        assert response.json()["code"] == "validation_error"
