"""List endpoints cost a constant number of queries whatever the page size."""

import pytest

from conftest import bearer_client
from purchases.tests.factories import VendorFactory, make_org, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_org():
    org = make_org()
    vendor = VendorFactory()
    for index in range(30):
        request = make_request(org.requester, total_items=(("Item", "1", "10.00"), ("Other", "2", "5.00")), vendor=vendor)
        bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
        if index % 2:
            bearer_client(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
    return org


@pytest.mark.parametrize(
    "path, role",
    [
        ("/api/purchase-requests/", "requester"),
        ("/api/purchase-requests/", "procurement"),
        ("/api/approvals/", "approver"),
        ("/api/purchase-orders/", "requester"),
        ("/api/purchase-orders/", "procurement"),
        ("/api/vendors/", "requester"),
    ],
)
def test_list_query_count_does_not_grow_with_page_size(busy_org, django_assert_max_num_queries, path, role):
    client = bearer_client(getattr(busy_org, role))
    # user + count + page + at most two prefetches for the page (requests: the pending steps and
    # the open orders with their progress); the same for 2 rows and for 30
    with django_assert_max_num_queries(5):
        small = client.get(path, {"page_size": 2})
    with django_assert_max_num_queries(5):
        large = client.get(path, {"page_size": 30})
    assert small.status_code == large.status_code == 200
    assert len(large.json()["results"]) > len(small.json()["results"]) or large.json()["count"] <= 2


def test_detail_query_count_is_constant(busy_org, django_assert_max_num_queries):
    client = bearer_client(busy_org.procurement)
    request_id = client.get("/api/purchase-requests/", {"status": "APPROVED"}).json()["results"][0]["id"]
    # user, request, items, steps, orders, receipts, receipt lines
    with django_assert_max_num_queries(7):
        assert client.get(f"/api/purchase-requests/{request_id}/").status_code == 200
    order_id = client.get("/api/purchase-orders/").json()["results"][0]["id"]
    # user, order, lines, revisions, receipts, receipt lines
    with django_assert_max_num_queries(6):
        assert client.get(f"/api/purchase-orders/{order_id}/").status_code == 200
