"""Payment runs changed at the same moment, against PostgreSQL with real threads, each on its own
connection, released together: the row locks on the run, its payments and its invoices make the
second request wait and then see what the first committed, so no invoice lands in two runs, no
run is approved twice and nothing is paid twice; the loser gets a clean 4xx, never a 500."""

import pytest
from django.utils import timezone

from conftest import bearer_client, race
from core.models import AuditEvent
from invoices.models import Invoice
from payments.models import PaymentItem, PaymentRun

from .helpers import RUNS, approved, company_account, confirmed_account, eur_order, second_finance

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DUE_BY = "2027-12-31"
ROUNDS = 3


def _client(user):
    """A client that answers a server error as a 500 response instead of raising it in its thread."""
    client = bearer_client(user)
    client.raise_request_exception = False
    return client


def _body(response) -> object:
    try:
        return response.json()
    except ValueError:
        return response.content[:300]


def _seen(responses) -> list:
    return [(response.status_code, _body(response)) for response in responses]


def _run_body() -> dict:
    return {"pay_date": timezone.localdate().isoformat(), "due_by": DUE_BY}


def _one_vendor(prices: list[str]):
    """Received orders of one vendor (with one confirmed account), one per price: each is
    invoiced once, each invoice with its own total (no two look like duplicates)."""
    first = eur_order(items=(("Drill", "1", prices[0]),))
    setups = [first] + [
        eur_order(items=((f"Part {index}", "1", price),), org=first.org, vendor=first.order.vendor)
        for index, price in enumerate(prices[1:], start=1)
    ]
    confirmed_account(first)
    return setups


def _approve(setup, number: str, price: str) -> Invoice:
    return approved(setup, number=number, quantity="1", unit_price=price)


def _exported_run(setup, creator) -> dict:
    """A run created by `creator`, approved by another finance user and exported (first SEPA download)."""
    response = bearer_client(creator).post(RUNS, _run_body(), format="json")
    assert response.status_code == 201, response.json()
    run = response.json()
    controller = bearer_client(second_finance(setup))
    assert controller.post(f"{RUNS}{run['id']}/approve/").status_code == 200
    assert controller.get(f"{RUNS}{run['id']}/sepa/").status_code == 200
    assert PaymentRun.objects.get(pk=run["id"]).status == "EXPORTED"
    return run


def test_the_same_invoice_added_to_two_draft_runs_at_once_lands_in_one():
    company_account()
    prices = ["100.00", "200.00", "300.00"]
    setups = _one_vendor(prices)
    finance = setups[0].org.finance
    # Each run holds an invoice of its own: it proposes what is approved when it is created.
    _approve(setups[0], "R-A", prices[0])
    first = bearer_client(finance).post(RUNS, _run_body(), format="json")
    assert first.status_code == 201, first.json()
    _approve(setups[1], "R-B", prices[1])
    second = bearer_client(finance).post(RUNS, _run_body(), format="json")
    assert second.status_code == 201, second.json()
    runs = [first.json()["id"], second.json()["id"]]
    assert len(first.json()["payments"][0]["items"]) == len(second.json()["payments"][0]["items"]) == 1
    contested = _approve(setups[2], "R-X", prices[2])
    clients = [_client(finance), _client(second_finance(setups[0]))]

    responses = race(2, lambda i: clients[i].patch(f"{RUNS}{runs[i]}/", {"add": [contested.pk]}, format="json"))

    statuses = sorted(response.status_code for response in responses)
    assert statuses[0] == 200 and statuses[1] in (400, 409), _seen(responses)
    refused = next(response.json() for response in responses if response.status_code != 200)
    assert {"code", "detail"} <= set(refused), refused
    if statuses[1] == 400:
        assert "add" in refused["fields"], refused
    contested.refresh_from_db()
    assert contested.status == Invoice.Status.SCHEDULED
    items = PaymentItem.objects.filter(invoice=contested, live=True)
    assert items.count() == 1
    winner = next(runs[i] for i, response in enumerate(responses) if response.status_code == 200)
    assert items.get().payment.run_id == winner
    loser = next(run for run in runs if run != winner)
    assert PaymentItem.objects.filter(payment__run_id=loser).count() == 1  # its own invoice, unchanged


def test_two_runs_created_at_once_never_propose_an_invoice_twice():
    company_account()
    prices = ["110.00", "220.00", "330.00"]
    setups = _one_vendor(prices)
    invoices = [_approve(setup, f"C-{index}", price) for index, (setup, price) in enumerate(zip(setups, prices, strict=True))]
    clients = [_client(setups[0].org.finance), _client(second_finance(setups[0]))]

    responses = race(2, lambda i: clients[i].post(RUNS, _run_body(), format="json"))

    statuses = sorted(response.status_code for response in responses)
    assert statuses in ([201, 201], [201, 400]), _seen(responses)
    for response in responses:
        if response.status_code == 400:
            assert response.json()["code"] == "nothing_due", response.json()
            assert {"code", "detail", "fields"} <= set(response.json())
    for invoice in invoices:
        invoice.refresh_from_db()
        assert invoice.status == Invoice.Status.SCHEDULED
        assert PaymentItem.objects.filter(invoice=invoice, live=True).count() == 1
    proposed = [
        {item["invoice"]["id"] for payment in response.json()["payments"] for item in payment["items"]}
        for response in responses
        if response.status_code == 201
    ]
    assert sum(len(ids) for ids in proposed) == len(invoices)
    assert set().union(*proposed) == {invoice.pk for invoice in invoices}


def test_two_approvals_of_one_run_at_once_approve_it_once():
    """A few rounds, each on a run of its own: a lost race shows in nearly every round, so one
    round that happens not to overlap cannot hide it."""
    company_account()
    prices = [f"{500 + round_}.00" for round_ in range(ROUNDS)]
    setups = _one_vendor(prices)
    creator = bearer_client(setups[0].org.finance)
    approvers = [second_finance(setups[0]), second_finance(setups[0])]
    clients = [_client(user) for user in approvers]
    for round_, (setup, price) in enumerate(zip(setups, prices, strict=True)):
        _approve(setup, f"AP-{round_}", price)
        response = creator.post(RUNS, _run_body(), format="json")
        assert response.status_code == 201, response.json()
        run = response.json()["id"]

        responses = race(2, lambda i, run=run: clients[i].post(f"{RUNS}{run}/approve/"))

        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200, 409], (round_, _seen(responses))
        assert AuditEvent.objects.filter(action="payment_run.approve", object_id=str(run)).count() == 1
        winner = next(approvers[i] for i, response in enumerate(responses) if response.status_code == 200)
        saved = PaymentRun.objects.get(pk=run)
        assert saved.status == "APPROVED" and saved.approved_by_id == winner.pk


def test_two_mark_paid_calls_on_one_exported_run_pay_it_once():
    """A few rounds, each on an exported run of its own paying two invoices."""
    company_account()
    prices = [f"{120 + index}.00" for index in range(2 * ROUNDS)]
    setups = _one_vendor(prices)
    clients = [_client(setups[0].org.finance), _client(second_finance(setups[0]))]
    for round_ in range(ROUNDS):
        pair = range(2 * round_, 2 * round_ + 2)
        invoices = [_approve(setups[index], f"MP-{index}", prices[index]) for index in pair]
        run = _exported_run(setups[0], setups[0].org.finance)["id"]

        responses = race(
            2, lambda i, run=run: clients[i].post(f"{RUNS}{run}/mark-paid/", {"reference": f"BANK-{i}"}, format="json")
        )

        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200, 409], (round_, _seen(responses))
        for invoice in invoices:
            invoice.refresh_from_db()
            assert invoice.status == Invoice.Status.PAID
            assert AuditEvent.objects.filter(action="invoice.pay", object_id=str(invoice.pk)).count() == 1
        assert AuditEvent.objects.filter(action="payment_run.paid", object_id=str(run)).count() == 1
        assert AuditEvent.objects.filter(action="payment_run.mark_paid", object_id=str(run)).count() == 1
        assert PaymentRun.objects.get(pk=run).status == "PAID"
