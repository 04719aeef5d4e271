"""With DATABASE_REPLICA_URL set, the read-heavy selectors read from the replica alias and
everything else from the primary."""

import pytest
from django.db import DEFAULT_DB_ALIAS
from django.http import QueryDict

from core.db import PrimaryReplicaRouter, read_replica
from purchases.models import PurchaseRequest
from purchases.selectors import approval_inbox, purchase_order_list, purchase_request_list, vendor_list
from users.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")]


@pytest.fixture
def with_replica(settings):
    # Only the alias's presence matters here: nothing is queried through it.
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}


def test_without_a_replica_everything_reads_the_primary():
    user = UserFactory(role="procurement")
    assert read_replica() == DEFAULT_DB_ALIAS
    assert purchase_request_list(user=user, filters=QueryDict()).db == DEFAULT_DB_ALIAS


def test_with_a_replica_lists_go_to_it_and_the_rest_to_the_primary(with_replica):
    user = UserFactory(role="procurement")
    assert read_replica() == "replica"
    for queryset in (
        purchase_request_list(user=user, filters=QueryDict()),
        purchase_order_list(user=user, filters=QueryDict()),
        vendor_list(filters=QueryDict()),
    ):
        assert queryset.db == "replica"
    assert approval_inbox(user=user).db == DEFAULT_DB_ALIAS  # must see one's own approvals at once
    router = PrimaryReplicaRouter()
    assert router.db_for_write(PurchaseRequest) == DEFAULT_DB_ALIAS
    assert router.db_for_read(PurchaseRequest) == DEFAULT_DB_ALIAS
    assert router.allow_migrate("replica", "purchases") is False
