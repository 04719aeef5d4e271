"""The invoice lists and the invoice itself cost a constant number of queries, however many
rows, lines or holds there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import bearer_client

from .helpers import INVOICES, by_hand, ordered

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoiced():
    setup = ordered(items=(("Laptop", "40", "1200.00"),))
    finance = bearer_client(setup.org.finance)
    for index in range(12):  # nothing received: each one on hold
        finance.post(INVOICES, by_hand(setup, number=f"INV-{index}", invoice_date=f"2026-{1 + index % 12:02d}-01"), format="json")
    return setup


def queries(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("path", "role"), [(INVOICES, "finance"), (INVOICES, "requester"), ("/api/match-exceptions/", "procurement")]
)
def test_lists_cost_the_same_for_2_rows_and_for_12(invoiced, path, role):
    client = bearer_client(getattr(invoiced.org, role))
    queries(client, path)  # the first request also reads the user, then cached
    assert queries(client, path, {"page_size": 2}) == queries(client, path, {"page_size": 12})


def test_the_invoice_costs_the_same_with_1_line_and_with_10():
    setup = ordered(items=tuple((f"Item {n}", "1", "10.00") for n in range(10)))
    finance = bearer_client(setup.org.finance)
    one = finance.post(INVOICES, by_hand(setup, number="A-1", unit_price="10.00"), format="json").json()
    body = by_hand(setup, number="A-2", unit_price="10.00", subtotal="100.00", total="100.00")
    body["lines"] = [
        {"po_line": line.pk, "description": line.description, "quantity": "1", "unit_price": "10.00"}
        for line in setup.order.lines.order_by("position")
    ]
    ten = finance.post(INVOICES, body, format="json").json()
    assert len(ten["lines"]) == 10 and len(ten["holds"]) >= 2
    queries(finance, f"{INVOICES}{one['id']}/")  # the first request also reads the user, then cached
    assert queries(finance, f"{INVOICES}{one['id']}/") == queries(finance, f"{INVOICES}{ten['id']}/")
