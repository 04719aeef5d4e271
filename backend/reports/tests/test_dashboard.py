from decimal import Decimal

import pytest

from conftest import bearer_client
from purchases.tests.factories import VendorFactory, make_org, make_request

pytestmark = pytest.mark.django_db

URL = "/api/dashboard/stats/"


def test_dashboard_per_role_counts_spend_budgets_and_activity():
    org = make_org(budget=Decimal("10000.00"))
    first = make_request(org.requester, total_items=(("A", "1", "1000.00"),), vendor=VendorFactory())
    second = make_request(org.requester, total_items=(("B", "1", "250.00"),))
    for request in (first, second):
        bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
    bearer_client(org.approver).post(f"/api/purchase-requests/{first.pk}/approve/")

    requester = bearer_client(org.requester).get(URL).json()
    assert requester["requests_by_status"]["APPROVED"] == 1 and requester["requests_by_status"]["PENDING_APPROVAL"] == 1
    assert requester["spend_this_month"] == [{"currency": "USD", "amount": "1000.00"}]
    assert requester["budgets"] == [
        {
            "id": org.department.pk,
            "code": org.department.code,
            "name": org.department.name,
            "annual_budget": "10000.00",
            "committed": "1250.00",
            "remaining": "8750.00",
            "used_percent": 12.5,
        }
    ]
    assert requester["recent_activity"][0]["action"] in {"purchase_request.approve", "purchase_order.create"}

    approver = bearer_client(org.approver).get(URL).json()
    assert approver["pending_approvals"] == 1 and approver["approved_today"] == 1

    make_org()  # another department: procurement sees it, the requester does not
    assert len(bearer_client(org.procurement).get(URL).json()["budgets"]) == 2
    assert len(bearer_client(org.requester).get(URL).json()["budgets"]) == 1


def test_warm_dashboard_answers_without_touching_the_database(django_assert_num_queries):
    org = make_org()
    client = bearer_client(org.finance)
    cold = client.get(URL)
    assert cold.status_code == 200
    with django_assert_num_queries(0):
        warm = client.get(URL)
    assert warm.json() == cold.json()


def test_a_change_invalidates_the_cached_dashboard(django_capture_on_commit_callbacks):
    org = make_org()
    client = bearer_client(org.requester)
    assert client.get(URL).json()["requests_by_status"]["DRAFT"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        make_request(org.requester)
    assert client.get(URL).json()["requests_by_status"]["DRAFT"] == 1
