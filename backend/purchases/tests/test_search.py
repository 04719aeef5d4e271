"""`?search=` ignores accents and case on SQLite as on PostgreSQL (core/search.py), and a
request's search reads its line items too, listing the request once however many match."""

import pytest

from conftest import bearer_client
from purchases.models import PurchaseRequest
from purchases.tests.factories import VendorFactory, make_org, make_request

pytestmark = pytest.mark.django_db

URL = "/api/purchase-requests/"


def _titled(requester, title, **kwargs):
    request = make_request(requester, **kwargs)
    PurchaseRequest.objects.filter(pk=request.pk).update(title=title)
    return request


def _found(client, text, url=URL):
    body = client.get(url, {"search": text}).json()
    assert body["count"] == len(body["results"])
    return sorted(row["id"] for row in body["results"])


def test_request_search_ignores_accents_and_case():
    org = make_org()
    accented = _titled(org.requester, "Café machine")
    plain = _titled(org.requester, "CAFE corner")
    _titled(org.requester, "Tea kettle")
    client = bearer_client(org.procurement)

    assert _found(client, "cafe") == sorted([accented.pk, plain.pk])
    assert _found(client, "CAFÉ") == sorted([accented.pk, plain.pk])
    assert _found(client, "é machine") == [accented.pk]
    assert _found(client, "%") == [] and _found(client, "_") == []  # LIKE wildcards are text


def test_request_search_matches_item_descriptions_once_per_request():
    org = make_org()
    torches = make_request(
        org.requester, total_items=(("Crème brûlée torch", "1", "30.00"), ("Spare crème brûlée torch", "2", "30.00"))
    )
    make_request(org.requester, total_items=(("Stapler", "1", "9.00"),))
    client = bearer_client(org.procurement)

    assert _found(client, "creme brulee") == [torches.pk]
    assert _found(client, "TORCH") == [torches.pk]


def test_request_search_still_reads_the_other_fields():
    org = make_org()
    vendor = VendorFactory(name="Société Générale")
    with_vendor = make_request(org.requester, vendor=vendor)
    make_request(org.requester)
    client = bearer_client(org.procurement)

    assert _found(client, "societe generale") == [with_vendor.pk]
    assert _found(client, with_vendor.number.lower()) == [with_vendor.pk]
    assert len(_found(client, org.requester.email.upper())) == 2


def test_vendor_search_ignores_accents():
    org = make_org()
    vendor = VendorFactory(name="Brasserie Müller")
    VendorFactory(name="Other")
    assert _found(bearer_client(org.requester), "muller", url="/api/vendors/") == [vendor.pk]
