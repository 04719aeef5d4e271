"""Exchange rates: entered by finance or imported, and used wherever amounts are compared or
added (limits, budgets, approval chains, reports, the dashboard)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from conftest import bearer_client
from core.models import AuditEvent
from currencies.models import ExchangeRate
from currencies.selectors import rate_on
from purchases.models import PurchaseRequest
from purchases.tests.factories import make_org, make_request
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/exchange-rates/"
TODAY = timezone.localdate


def set_rate(currency: str, rate: str, day: date | None = None) -> ExchangeRate:
    return ExchangeRate.objects.create(currency=currency, date=day or TODAY(), rate=Decimal(rate))


def submit(user, request):
    return bearer_client(user).post(f"/api/purchase-requests/{request.pk}/submit/")


# --- Entering and importing rates ----------------------------------------------------------------


def test_finance_enters_a_rate_and_a_second_entry_the_same_day_replaces_it():
    finance = UserFactory(role=Role.FINANCE)
    client = bearer_client(finance)
    first = client.post(URL, {"currency": "eur", "date": "2026-11-30", "rate": "1.0512"}, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["currency"] == "EUR" and first.json()["rate"] == "1.0512000000"
    again = client.post(URL, {"currency": "EUR", "date": "2026-11-30", "rate": "1.06"}, format="json")
    assert again.status_code == 201
    assert ExchangeRate.objects.get(currency="EUR").rate == Decimal("1.06")
    actions = list(
        AuditEvent.objects.filter(object_type="currencies.exchangerate").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["exchange_rate.create", "exchange_rate.update"]
    listed = client.get(URL, {"currency": "EUR"}).json()
    assert listed["count"] == 1 and listed["results"][0]["created_by"]["id"] == finance.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"currency": "XYZ", "date": "2026-11-30", "rate": "1"}, "currency"),
        ({"currency": "USD", "date": "2026-11-30", "rate": "1"}, "currency"),  # the base currency
        ({"currency": "EUR", "date": "2026-11-30", "rate": "0"}, "rate"),
        ({"currency": "EUR", "date": "2026-11-30", "rate": "-1"}, "rate"),
        ({"currency": "EUR", "date": "2026-11-30", "rate": "NaN"}, "rate"),
        ({"currency": "EUR", "date": "30.11.2026", "rate": "1"}, "date"),
        ({"currency": "EUR", "date": "2026-11-30", "rate": "1", "source": "ecb"}, "source"),
    ],
)
def test_a_bad_rate_is_a_400_naming_the_field_and_nothing_is_written(body, field):
    response = bearer_client(UserFactory(role=Role.FINANCE)).post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.APPROVER, Role.PROCUREMENT])
def test_only_finance_and_admins_manage_rates(role):
    client = bearer_client(UserFactory(role=role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"currency": "EUR", "date": "2026-11-30", "rate": "1"}, format="json").status_code == 403
    assert bearer_client(UserFactory(role=Role.ADMIN)).get(URL).status_code == 200


def upload(content: bytes, name: str = "rates.csv", user=None):
    client = bearer_client(user or UserFactory(role=Role.FINANCE))
    return client.post(f"{URL}import/", {"file": SimpleUploadedFile(name, content)}, format="multipart")


def test_csv_import_creates_and_replaces_all_or_nothing():
    set_rate("EUR", "1.00", date(2026, 11, 2))
    response = upload(b"currency,date,rate\nEUR,2026-11-02,1.05\ngbp,2026-11-02,1.27\nKWD,2026-11-03,3.25\nUSD,2026-11-03,1\n")
    assert response.status_code == 200, response.json()
    assert response.json() == {"base_currency": "USD", "created": 2, "replaced": 1, "unchanged": 0}
    assert rate_on(currency="EUR", day=date(2026, 11, 2)) == Decimal("1.05")
    assert rate_on(currency="GBP", day=date(2026, 11, 4)) == Decimal("1.27")  # the latest on or before the day

    bad = upload(b"currency,date,rate\nCHF,2026-11-04,1.1\nCHF,2026-11-05,abc\nXX,2026-11-05,1\n")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_rate_file"
    assert bad.json()["fields"]["file"] == [
        "Line 3: 'abc' is not a number.",
        "Line 4: 'XX' is not a 3-letter currency code.",
    ]
    assert not ExchangeRate.objects.filter(currency="CHF").exists()  # nothing of the bad file


ECB_DAILY = b"""<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
  <Cube>
    <Cube time="2026-11-27">
      <Cube currency="USD" rate="1.0500"/>
      <Cube currency="JPY" rate="157.50"/>
      <Cube currency="GBP" rate="0.8400"/>
    </Cube>
  </Cube>
</gesmes:Envelope>"""


def test_ecb_file_is_converted_to_the_base_currency():
    response = upload(ECB_DAILY, "eurofxref-daily.xml")
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 3  # EUR, JPY, GBP (USD is the base)
    day = date(2026, 11, 27)
    assert rate_on(currency="EUR", day=day) == Decimal("1.0500000000")  # 1.05 USD per EUR
    assert rate_on(currency="GBP", day=day) == Decimal("1.2500000000")  # 1.05 / 0.84
    assert rate_on(currency="JPY", day=day) == Decimal("0.0066666667")  # 1.05 / 157.5
    assert ExchangeRate.objects.filter(source="ecb").count() == 3


@override_settings(BASE_CURRENCY="EUR")
def test_ecb_file_with_base_eur_inverts_the_rates():
    assert upload(ECB_DAILY, "eurofxref-daily.xml").status_code == 200
    assert rate_on(currency="USD", day=date(2026, 11, 27)) == Decimal("0.9523809524")  # 1 / 1.05


@override_settings(BASE_CURRENCY="CHF")
def test_ecb_file_without_the_base_currency_is_refused():
    response = upload(ECB_DAILY, "eurofxref-daily.xml")
    assert response.status_code == 400 and "no rate for the base currency CHF" in response.json()["detail"]
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><x>&b;</x>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        b"<not-closed>",
        b"<x>no cubes</x>",
        b"\xff\xfe not utf-8 \x00",
        b"just,some,words\n1,2,3\n",
    ],
    ids=["entity-expansion", "external-entity", "broken-xml", "no-rates", "not-utf8", "wrong-columns"],
)
def test_hostile_or_wrong_files_are_a_400(content):
    response = upload(content)
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid_rate_file"
    assert not ExchangeRate.objects.exists()


def test_an_oversized_file_is_a_413():
    response = upload(b"currency,date,rate\n" + b"EUR,2026-11-02,1.05\n" * 120_000)
    assert response.status_code == 413 and response.json()["code"] == "file_too_large"


# --- Limits, budgets and chains compare base-currency amounts -------------------------------------


def test_a_request_in_a_currency_without_a_rate_is_refused_at_submit_and_stays_a_draft():
    org = make_org()
    request = make_request(org.requester, currency="KWD", total_items=(("Tent", "1", "100.00"),))
    set_rate("KWD", "3.25", TODAY() - timedelta(days=30))  # too old to be used
    response = submit(org.requester, request)
    assert response.status_code == 400
    assert response.json()["code"] == "no_exchange_rate"
    assert "KWD" in response.json()["detail"] and "currency" in response.json()["fields"]
    request.refresh_from_db()
    assert request.status == "DRAFT" and request.total_base is None and not request.approval_steps.exists()


def test_the_spending_limit_compares_the_converted_total():
    """24,999 KWD is about 81,000 USD: it must not pass a 25,000 USD limit."""
    org = make_org()
    org.requester.spending_limit = Decimal("25000.00")
    org.requester.save()
    set_rate("KWD", "3.25")
    request = make_request(org.requester, currency="KWD", total_items=(("Generator", "1", "24999.00"),))
    response = submit(org.requester, request)
    assert response.status_code == 400 and response.json()["code"] == "spending_limit_exceeded"
    assert response.json()["fields"] == {"limit": "25000.00", "total": "81246.75"}
    assert "24,999.00 KWD (81,246.75 USD)" in response.json()["detail"]


def test_the_approval_chain_and_the_request_keep_the_rate_of_the_submission_day():
    """4,999 KWD is above the approver's 5,000 USD limit: finance must close the chain."""
    org = make_org()
    set_rate("KWD", "3.25")
    request = make_request(org.requester, currency="KWD", total_items=(("Generator", "1", "4999.00"),))
    assert submit(org.requester, request).status_code == 200
    request.refresh_from_db()
    assert (request.total, request.currency) == (Decimal("4999.00"), "KWD")  # as entered
    assert (request.exchange_rate, request.total_base) == (Decimal("3.25"), Decimal("16246.75"))
    assert [step.approver_id for step in request.approval_steps.order_by("sequence")] == [org.approver.pk, org.finance.pk]
    # A later rate changes nothing already submitted.
    ExchangeRate.objects.filter(currency="KWD").update(rate=Decimal("1"))
    request.refresh_from_db()
    assert request.total_base == Decimal("16246.75")


def test_the_budget_adds_base_currency_amounts():
    org = make_org(budget=Decimal("20000.00"))
    set_rate("EUR", "1.10")
    first = make_request(org.requester, currency="EUR", total_items=(("Desk", "1", "10000.00"),))
    assert submit(org.requester, first).status_code == 200  # 11,000 USD
    second = make_request(org.requester, total_items=(("Chair", "1", "9000.01"),))
    response = submit(org.requester, second)
    assert response.status_code == 400 and response.json()["code"] == "budget_exceeded"
    assert response.json()["fields"]["committed"] == "11000.00"
    assert response.json()["fields"]["remaining"] == "9000.00"


def test_dashboard_and_report_add_up_in_the_base_currency_with_the_breakdown_beside():
    org = make_org()
    set_rate("EUR", "1.10")
    set_rate("JPY", "0.0066")
    for currency, amount in (("USD", "100.00"), ("EUR", "100.00"), ("JPY", "10000.00")):
        request = make_request(org.requester, currency=currency, total_items=(("Item", "1", amount),))
        assert submit(org.requester, request).status_code == 200
    finance = bearer_client(org.finance)
    report = finance.get("/api/reports/spending/", {"group_by": "department"}).json()
    assert report["base_currency"] == "USD"
    assert report["total_base"] == "276.00"  # 100 + 110 + 66
    assert sorted((row["currency"], row["total"], row["total_base"]) for row in report["results"]) == [
        ("EUR", "100.00", "110.00"),
        ("JPY", "10000.00", "66.00"),
        ("USD", "100.00", "100.00"),
    ]
    stats = finance.get("/api/dashboard/stats/").json()
    assert stats["base_currency"] == "USD"
    budget = next(row for row in stats["budgets"] if row["id"] == org.department.pk)
    assert budget["committed"] == "276.00"


# --- Approval limits are read at decision time (finding 8) -----------------------------------------


def test_an_approver_whose_limit_was_lowered_passes_the_request_up_instead_of_closing_it():
    org = make_org()
    request = make_request(org.requester, total_items=(("Laptop", "1", "4000.00"),))
    assert submit(org.requester, request).status_code == 200
    assert [step.approver_id for step in request.approval_steps.all()] == [org.approver.pk]  # 5,000 covers it
    org.approver.approval_limit = Decimal("1.00")
    org.approver.save()

    response = bearer_client(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/", {"comment": "ok"})
    assert response.status_code == 200, response.json()
    request.refresh_from_db()
    assert request.status == PurchaseRequest.Status.PENDING_APPROVAL
    steps = list(request.approval_steps.order_by("sequence").values_list("approver_id", "status"))
    assert steps == [(org.approver.pk, "APPROVED"), (org.finance.pk, "PENDING")]
    reroute = AuditEvent.objects.get(action="purchase_request.reroute")
    assert "1.00 USD" in reroute.after["reason"] and reroute.after["added_approvers"] == [org.finance.email]

    assert bearer_client(org.finance).post(f"/api/purchase-requests/{request.pk}/approve/").status_code == 200
    request.refresh_from_db()
    assert request.status == PurchaseRequest.Status.APPROVED
