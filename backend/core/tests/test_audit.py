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
