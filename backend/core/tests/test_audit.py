import pytest
from django.db import DatabaseError, connection, transaction

from conftest import bearer_client
from core.context import client_ip_var
from core.models import AuditEvent
from core.services import audit_record
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _event():
    actor = UserFactory()
    token = client_ip_var.set("203.0.113.9")
    try:
        return audit_record(actor=actor, action="test.touch", instance=actor, before={"a": 1}, after={"a": 2})
    finally:
        client_ip_var.reset(token)


def test_audit_record_stores_actor_object_change_and_ip():
    event = _event()
    event.refresh_from_db()
    assert event.object_type == "users.user" and event.object_id == str(event.actor_id)
    assert (event.before, event.after, event.ip_address) == ({"a": 1}, {"a": 2}, "203.0.113.9")


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm():
    event = _event()
    event.action = "forged"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_an_update_behind_the_orms_back():
    event = _event()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET action = 'forged' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.action == "test.touch"


@pytest.mark.postgres
def test_postgres_refuses_a_delete_behind_the_orms_back():
    event = _event()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "role, status", [("requester", 403), ("approver", 403), ("procurement", 403), ("finance", 200), ("admin", 200)]
)
def test_audit_trail_is_for_finance_and_admin(role, status):
    event = _event()
    response = bearer_client(UserFactory(role=role)).get(f"/api/audit-events/?object_type=users.user&object_id={event.object_id}")
    assert response.status_code == status
    if status == 200:
        assert [row["id"] for row in response.json()["results"]] == [event.pk]


def test_the_audit_trail_filters_by_object_name_actor_action_prefix_and_days():
    from datetime import timedelta

    from django.utils import timezone

    from users.models import Role

    finance = UserFactory(role=Role.FINANCE, email="fiona@example.com")
    other = UserFactory(role=Role.PROCUREMENT, email="paul@example.com")
    subject = UserFactory()
    audit_record(actor=finance, action="purchase_order.cancel", instance=subject)
    audit_record(actor=other, action="purchase_order.revise", instance=subject)
    audit_record(actor=other, action="invoice.approve", instance=subject)
    audit_record(actor=other, action="purchase_order.issue", instance=subject)
    client = bearer_client(finance)

    def actions(**params):
        response = client.get("/api/audit-events/", params)
        assert response.status_code == 200, response.json()
        return sorted(event["action"] for event in response.json()["results"] if event["object_id"] == str(subject.pk))

    assert actions(action="purchase_order") == ["purchase_order.cancel", "purchase_order.issue", "purchase_order.revise"]
    assert actions(action="purchase_order", actor_email="paul") == ["purchase_order.issue", "purchase_order.revise"]
    today = timezone.localdate()
    assert actions(action="purchase_order.cancel", since=today, until=today) == ["purchase_order.cancel"]
    assert actions(since=today + timedelta(days=1)) == [] and actions(until=today - timedelta(days=1)) == []
    assert actions(search=str(subject)[:6], action="invoice") == ["invoice.approve"]
    bad = client.get("/api/audit-events/", {"since": today.isoformat(), "until": "2000-01-01"})
    assert bad.status_code == 400 and "until" in bad.json()["fields"]
